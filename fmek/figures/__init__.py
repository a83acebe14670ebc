"""The half-yearly figures for policy officers and planners (arithmetic in ``reports.figures``)."""
