"""Errors of the triage library."""


class RuleSetError(ValueError):
    """A handelingskader file is invalid or a requested version does not exist.

    Raised on load, so that a clinician's typo fails loudly instead of silently never matching.
    """
