"""A roster job left running by a stopped server is marked failed before the next start."""

from datetime import date

from sqlmodel import Session, select

from fmek.rosters.jobs import fail_interrupted_jobs
from fmek.rosters.models import JobStatus, RosterJob


def test_running_and_queued_jobs_fail_on_restart_done_jobs_stay(engine) -> None:
    with Session(engine) as s:
        for status in (JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.DONE):
            s.add(
                RosterJob(
                    region="GG2514",
                    regions=["GG2514"],
                    from_date=date(2030, 3, 4),
                    to_date=date(2030, 3, 10),
                    time_limit_s=5,
                    status=status.value,
                )
            )
        s.commit()
    assert fail_interrupted_jobs(engine) == 2
    with Session(engine) as s:
        jobs = s.exec(select(RosterJob)).all()
    statuses = sorted(j.status for j in jobs)
    errors = [j.error for j in jobs if j.status == "failed"]
    assert statuses == ["done", "failed", "failed"]
    assert all(e and "restart" in e for e in errors)
