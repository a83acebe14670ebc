"""Imports every table model so that metadata (Alembic, create_all) sees the whole schema.

Each domain with tables adds one import line here. The database module (`fmek.db`) knows no
tables; whoever needs the whole schema asks this module.
"""

from sqlalchemy import MetaData
from sqlmodel import SQLModel

import fmek.db  # noqa: F401 - the naming convention is set before any table is defined
from fmek.advice import models as advice_models  # noqa: F401 - registers its tables
from fmek.allocation import models as allocation_models  # noqa: F401 - registers its tables
from fmek.audit import models as audit_models  # noqa: F401 - registers its tables
from fmek.auth import models as auth_models  # noqa: F401 - registers its tables
from fmek.doctors import models as doctor_models  # noqa: F401 - registers its tables
from fmek.forensic_reports import models as forensic_report_models  # noqa: F401 - registers its tables
from fmek.reference import models as reference_models  # noqa: F401 - registers its tables
from fmek.referrals import models as referral_models  # noqa: F401 - registers its tables
from fmek.retention import models as retention_models  # noqa: F401 - registers its tables
from fmek.rosters import models as roster_models  # noqa: F401 - registers its tables


def metadata() -> MetaData:
    """The complete metadata: every domain's tables."""
    return SQLModel.metadata
