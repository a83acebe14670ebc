"""One headless Debian chromium for all browser tests (2 shared cores: start it once), a real
uvicorn per test on 127.0.0.1, and axe-core checks of the page in view."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from fmek.main import create_app
from fmek.settings import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(engine) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A real uvicorn on 127.0.0.1 with the default (secure) session cookie."""
    settings = Settings(
        database_url=str(engine.url), secret_key="browser-test-secret", allocation_time_limit_s=0.2
    )
    app = create_app(settings, engine=engine)
    app.state.settings.roster_solver_workers = 1
    app.state.roster_time_limit_s = 2.0
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing; run scripts/install.sh --dev")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A fresh context (own cookies) per test in the shared browser; downloads allowed."""
    context = chromium.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


SERIOUS = frozenset({"serious", "critical"})


def assert_accessible(page: Any) -> None:
    """axe-core on the page in view: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    summary = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad]
    assert not bad, f"{page.url}: {summary}"
