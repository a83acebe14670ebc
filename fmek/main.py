"""The application factory: routers, error handlers, logging, engine lifecycle."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from fmek import jobs
from fmek.api.errors import install_error_handlers
from fmek.audit.refusals import install_refusal_audit
from fmek.db import make_engine
from fmek.logging_setup import configure_logging, install_access_log
from fmek.rosters import jobs as roster_jobs
from fmek.security.bodies import BodyLimitMiddleware
from fmek.security.docs import install_docs
from fmek.security.headers import SecurityHeadersMiddleware
from fmek.security.proxy import ProxyHeadersMiddleware, parse_networks
from fmek.settings import Settings, get_settings
from fmek.web.errors import install as install_page_errors
from fmek.web.session import install_web_sessions

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app; the engine is made here (or passed in by tests), never at import."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    owned_engine = engine is None
    the_engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)

    runner = jobs.install(the_engine, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if runner is not None and not runner.inline:  # SQLite: jobs run in this process
            runner.start()
            roster_jobs.resume_queued(the_engine)
        yield
        if runner is not None:
            runner.stop(settings.worker_graceful_timeout_s)
        if owned_engine:
            the_engine.dispose()

    app = FastAPI(
        title="FMEK",
        description="Forensisch-Medische Expertise voor Kinderen: referral, routing and scheduling.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_on else None,
    )
    app.state.engine = the_engine
    app.state.settings = settings
    install_error_handlers(app)
    install_refusal_audit(app)
    install_access_log(app)
    install_web_sessions(app, settings)
    install_page_errors(app)
    _include_routers(app)
    if settings.docs_on:
        install_docs(app)
    _install_guards(app, settings)
    return app


def _install_guards(app: FastAPI, settings: Settings) -> None:
    """Added last, so they run first (outermost): headers on every answer, the trusted client
    address before anything logs it, and the body limit before any parsing or authentication.
    Middleware added after this call would run before the body limit: add it before."""
    app.add_middleware(
        BodyLimitMiddleware,
        max_body=settings.max_body_bytes,
        max_upload=settings.max_upload_bytes,
    )
    app.add_middleware(ProxyHeadersMiddleware, trusted=parse_networks(settings.trusted_proxies))
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.cookie_secure)


def _include_routers(app: FastAPI) -> None:
    from fmek import health
    from fmek.advice.router import consultants_router
    from fmek.advice.router import router as advice_router
    from fmek.allocation.hooks import install as install_allocation
    from fmek.allocation.router import router as allocation_router
    from fmek.audit.router import router as audit_router
    from fmek.doctors.router import router as doctors_router
    from fmek.figures.router import router as figures_router
    from fmek.forensic_reports.router import router as forensic_reports_router
    from fmek.reference.router import router as reference_router
    from fmek.referrals.router import router as referrals_router
    from fmek.rosters.router import router as rosters_router
    from fmek.web.access_pages import router as access_pages_router
    from fmek.web.advice_pages import router as advice_pages_router
    from fmek.web.advice_web import install as install_advice_pages
    from fmek.web.consult_pages import router as consult_pages_router
    from fmek.web.exam_pages import router as exam_pages_router
    from fmek.web.figures_pages import router as figures_pages_router
    from fmek.web.leck_pages import router as leck_pages_router
    from fmek.web.referral_pages import router as referral_pages_router
    from fmek.web.render import STATIC_DIR
    from fmek.web.report_pages import router as report_pages_router
    from fmek.web.review_pages import router as review_pages_router
    from fmek.web.router import router as web_router

    app.include_router(health.router, prefix=API_PREFIX)
    app.include_router(reference_router, prefix=API_PREFIX)
    app.include_router(referrals_router, prefix=API_PREFIX)
    app.include_router(advice_router, prefix=API_PREFIX)
    app.include_router(consultants_router, prefix=API_PREFIX)
    app.include_router(doctors_router, prefix=API_PREFIX)
    app.include_router(forensic_reports_router, prefix=API_PREFIX)
    app.include_router(rosters_router, prefix=API_PREFIX)
    app.include_router(allocation_router, prefix=API_PREFIX)
    app.include_router(audit_router, prefix=API_PREFIX)
    app.include_router(figures_router, prefix=API_PREFIX)
    install_allocation(app.state.settings)
    app.include_router(web_router)
    app.include_router(referral_pages_router)
    app.include_router(exam_pages_router)
    app.include_router(figures_pages_router)
    app.include_router(report_pages_router)
    app.include_router(review_pages_router)
    app.include_router(advice_pages_router)
    app.include_router(consult_pages_router)
    app.include_router(leck_pages_router)
    install_advice_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(access_pages_router)
