"""Pure decision and solver library: where a case goes (triage), who goes when (allocation, rosters).

Imports only the standard library and OR-Tools; never `fmek`, FastAPI, SQLModel or SQLAlchemy.
"""
