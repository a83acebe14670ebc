"""Typed settings from the environment (prefix ``FMEK_``); nothing is built at import time."""

from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from routing.triage import shipped_versions


class Settings(BaseSettings):
    """Everything an operator may set. Defaults give a working embedded SQLite service."""

    model_config = SettingsConfigDict(env_prefix="FMEK_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///fmek.db",
        description="SQLAlchemy URL; a relative SQLite path lives in the working directory.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs web-page session cookies; a random one per process when unset.",
    )
    data_keys: str | None = Field(
        default=None,
        description="Keys for identifying data at rest, 'id:base64key,...'; the first encrypts.",
    )
    data_key_file: str = Field(
        default="fmek-keys.txt",
        description="Key file used when data_keys is unset (relative: the working directory).",
    )
    audit_keys: str | None = Field(
        default=None,
        description="Keys that sign the audit chain's heads and purge checkpoints, "
        "'id:base64key,...' (not the data keys); the first signs, every key verifies.",
    )
    audit_key_file: str = Field(
        default="fmek-audit-keys.txt",
        description="Audit key file used when audit_keys is unset (relative: the working "
        "directory); needed where the sealer runs and by `fmek audit verify`.",
    )
    owner_database_url: str | None = Field(
        default=None,
        description="The schema owner's URL for `fmek audit purge` (the service's role may not "
        "delete audit rows); unset: database_url.",
    )
    cookie_secure: bool = Field(
        default=True, description="Cookies only over HTTPS; also turns on HSTS."
    )
    session_max_age_s: int = Field(
        default=8 * 3600, description="A web session ends this long after sign-in, however used."
    )
    session_idle_s: int = Field(
        default=15 * 60, description="A web session ends after this long without a request."
    )
    token_lifetime_days: int = Field(
        default=90, description="A bearer token expires this many days after it was issued."
    )
    production: bool = Field(
        default=False, description="Production mode: defaults that expose nothing extra."
    )
    docs_enabled: bool | None = Field(
        default=None,
        description="Serve /docs (local assets) and /openapi.json; default on, off in production.",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, description="Largest request body; larger answers 413 unread."
    )
    max_upload_bytes: int = Field(
        default=11 * 1024 * 1024, description="Largest body on a photo upload route."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses/networks whose X-Forwarded-For/-Proto are believed (JSON list).",
    )
    log_level: str = "INFO"
    sql_echo: bool = False
    handelingskader_version: str = Field(
        default="2",
        description="The handelingskader version new routing decisions are made under "
        "(a shipped version: 1 or 2); every decision shows the version it was made under.",
    )
    examination_duration_min: int = 90
    # Allocation of GGD examinations (clinical choices live here, never in code).
    examination_duration_by_rule: dict[str, int] = Field(
        default_factory=dict,
        description="Minutes per triage rule id; the longest matching rule wins over the default.",
    )
    examination_base_qualifications: list[str] = Field(default_factory=lambda: ["child_forensic"])
    examination_qualifications_by_rule: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "SA-ACUTE-TEEN": ["sexual_abuse"],
            "SA-UNKNOWN-TEEN": ["sexual_abuse"],  # handelingskader v2: unknown = acute
        }
    )
    priority_by_urgency: dict[str, int] = Field(
        default_factory=lambda: {"acute": 10, "urgent": 5, "planned": 1}
    )
    travel_speed_kmh: float = 50.0
    travel_road_factor: float = 1.35
    roster_weeks_ahead: int = Field(
        default=6,
        ge=1,
        le=26,
        description="The rolling roster keeps each region planned this many weeks ahead.",
    )
    allocation_time_limit_s: float = Field(
        default=2.0, description="Solver time per planning run in a request (greedy fallback)."
    )
    allocation_plan_on_submit: bool = True
    # Background jobs (fmek.jobs).
    jobs_runner: Literal["auto", "inline"] = Field(
        default="auto",
        description="auto: procrastinate queue on PostgreSQL (run `fmek worker`), a thread pool "
        "in the web process on SQLite; inline: run each job right after its transaction commits.",
    )
    jobs_local_concurrency: int = Field(default=2, ge=1, le=32)
    worker_graceful_timeout_s: float = Field(
        default=20.0,
        description="On SIGTERM a worker lets running jobs finish this long, then releases them.",
    )
    roster_solver_workers: int | None = Field(
        default=None, description="CP-SAT workers per roster job; unset lets the solver choose."
    )
    roster_extend_time_limit_s: float = Field(
        default=120.0, gt=0, description="Solver seconds for one nightly rolling extension."
    )
    roster_time_limit_max_s: float = Field(
        default=600.0, gt=0, description="Ceiling on a roster job's solver time limit."
    )
    verify_rate_limit: int = Field(
        default=30,
        ge=0,
        description="Requests per client address to the public GET /verify/{sha256} within "
        "verify_rate_window_s (per web process); 0 turns the limit off.",
    )
    verify_rate_window_s: float = Field(default=60.0, gt=0, le=86_400)
    # Signing of final reports (PAdES). Production: one UZI server certificate per issuing
    # organisation as <code>.key.pem / <code>.cert.pem in signing_dir, development off.
    signing_dir: str = Field(
        default="signing",
        description="Directory of <organisation code>.key.pem and .cert.pem signing identities.",
    )
    signing_development: bool | None = Field(
        default=None,
        description="Create a self-signed development certificate where none exists "
        "(fmek migrate / demo, or at first signing); unset means: not in production.",
    )

    @property
    def signing_development_on(self) -> bool:
        if self.signing_development is not None:
            return self.signing_development
        return not self.production

    @property
    def docs_on(self) -> bool:
        return self.docs_enabled if self.docs_enabled is not None else not self.production

    @field_validator("handelingskader_version")
    @classmethod
    def _shipped(cls, value: str) -> str:
        """Fail at start-up, not at the first referral, on a version that is not shipped."""
        version = value.removeprefix("v")
        if version not in shipped_versions():
            raise ValueError(
                f"unknown handelingskader version {value!r}; shipped: {', '.join(shipped_versions())}"
            )
        return version


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use (never at import)."""
    return Settings()
