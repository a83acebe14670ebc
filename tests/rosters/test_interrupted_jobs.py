"""A roster job cut off by a stop runs again: the job row is the durable queue on SQLite."""

from datetime import date

from sqlmodel import Session, select

from fmek.rosters.jobs import requeue_interrupted_jobs
from fmek.rosters.models import JobStatus, RosterJob


def test_running_jobs_are_queued_again_on_restart_done_jobs_stay(engine) -> None:
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
                    progress=0.5,
                )
            )
        s.commit()
    assert requeue_interrupted_jobs(engine) == 1
    with Session(engine) as s:
        jobs = s.exec(select(RosterJob)).all()
    assert sorted(j.status for j in jobs) == ["done", "queued", "queued"]
    assert sorted(j.progress for j in jobs if j.status == "queued") == [0.0, 0.5]
