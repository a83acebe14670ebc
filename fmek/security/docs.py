"""``/docs`` from pinned local Swagger UI files (the ``swagger-ui-bundle`` package), no CDN.

FastAPI's own docs page loads scripts from a CDN and starts them with an inline script, which
our CSP forbids; this page loads the vendored bundle and a small start script, all from this server.
Off when ``docs_on`` is false (production mode's default): then ``/docs`` and ``/openapi.json``
are 404.
"""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

_DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>FMEK API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    """``/docs`` and its vendored assets (call only when docs are on)."""
    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def swagger_page() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)
