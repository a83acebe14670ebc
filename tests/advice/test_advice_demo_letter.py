"""The demo advice (idempotent) and the data for its LECK advice letter."""

from pathlib import Path

from sqlmodel import Session, col, select

from fmek.advice.adapters import advice_letter_data
from fmek.advice.demo import demo_advice
from fmek.advice.models import AdviceRequest, AdviceReview
from fmek.auth.demo import demo_users
from reports.render import render_advice_letter


def test_demo_advice_is_released_once_and_renders_as_a_letter(engine, tmp_path: Path) -> None:
    with Session(engine, expire_on_commit=False) as session:
        list(demo_users(session, tmp_path / "tokens.txt"))
        first = list(demo_advice(session))
        again = list(demo_advice(session))
        assert first == again
        advice, waiting = session.exec(
            select(AdviceRequest).order_by(col(AdviceRequest.submitted_at))
        ).all()
        assert advice.status == "released"
        assert waiting.status == "submitted"  # the LECK queue pages have something to show
        assert len(session.exec(select(AdviceReview)).all()) == 1
        letter = advice_letter_data(session, advice.case_number.lower())
    assert letter.consultant_name == "Dr. L. Smit (demo)"
    assert letter.reviewer_name == "Dr. K. Mulder (demo)"
    assert letter.requester_name == "Dr. A. de Vries (demo)"
    assert letter.injuries_summary[0] == "Fractuur, been (rechts)"
    html = render_advice_letter(letter)
    assert advice.case_number in html
