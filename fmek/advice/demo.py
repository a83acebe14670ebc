"""Demo data: one released anonymous advice, asked by the demo vertrouwensarts, answered by
Dr. L. Smit and reviewed by Dr. K. Mulder (LECK), and one still waiting in LECK's queue.
Idempotent through Idempotency-Keys."""

from collections.abc import Iterator

from sqlmodel import Session

from fmek.advice import service
from fmek.advice.lifecycle import AdviceStatus, ReviewDecision
from fmek.advice.models import AdviceCreate, AnswerIn, LeckConsultant, ReviewIn
from fmek.audit.service import Actor
from fmek.auth.models import Role, User
from fmek.auth.service import find_user_by_name
from fmek.clock import utcnow
from reports.data import AlternativeExplanation, InflictedLikelihood

DEMO_KEY = "demo-advice-1"
QUEUED_KEY = "demo-advice-2"


def _actor(session: Session, name: str, role: Role) -> Actor:
    user: User | None = find_user_by_name(session, name, role)
    if user is None:
        raise LookupError(f"demo user {name} is missing")
    return Actor(user=user, client_address="demo")


def demo_advice(session: Session) -> Iterator[str]:
    requester = _actor(session, "Dr. A. de Vries (demo)", Role.VERTROUWENSARTS)
    author = _actor(session, "Dr. L. Smit (demo)", Role.LECK_CONSULTANT)
    reviewer = _actor(session, "Dr. K. Mulder (demo)", Role.LECK_CONSULTANT)
    submitted = service.submit_advice(
        session,
        AdviceCreate.model_validate(
            {
                "age_months": 7,
                "sex": "male",
                "ggd_region": "GG2514",
                "concerns": ["physical_abuse"],
                "injuries": [
                    {"kind": "fracture", "body_region": "leg", "side": "right"},
                    {"kind": "bruise", "body_region": "chest", "side": "left"},
                ],
                "question": "Past een femurfractuur bij een val van de commode, of is er een "
                "aanwijzing voor toegebracht letsel of een onderliggende ziekte?",
                "clinical_summary": "Zuigeling van 7 maanden, nog niet mobiel. Spiraalfractuur "
                "femurschacht rechts zonder callus; twee blauwe plekken van 10 mm op de linker "
                "thoraxwand. Stolling en calcium-fosfaathuishouding zonder afwijkingen.",
            }
        ),
        actor=requester,
        idempotency_key=DEMO_KEY,
    )
    number = submitted.advice.case_number
    advice = service.load_advice(session, number, author)
    if advice.status == AdviceStatus.SUBMITTED:
        service.claim_advice(session, advice, author)
    if advice.status == AdviceStatus.CLAIMED:
        answer = AnswerIn(
            advice="Verricht een volledige skeletstatus met herhaling na 11-14 dagen, "
            "fundoscopie en een CT-cerebrum; laat het letsel vastleggen door een forensisch arts.",
            assessment="Een spiraalfractuur van de femurschacht bij een zuigeling die nog niet "
            "mobiel is, ontstaat niet bij een rol van een commode van deze hoogte; de blauwe "
            "plekken op de borstwand passen daar evenmin bij. Stolling en botstofwisseling zijn "
            "normaal, zodat een ziekte de bevindingen niet verklaart.",
            differential_diagnosis="Osteogenesis imperfecta (geen blauwe sclerae, normale "
            "botdichtheid op de foto's); rachitis (normale calcium-fosfaathuishouding); "
            "stollingsstoornis (normaal stollingsonderzoek).",
            disciplines=["kindergeneeskunde", "kinderradiologie"],
            material_received=[
                "klinische samenvatting van de aanvrager",
                "röntgenfoto's femur rechts (2 opnamen)",
            ],
            inflicted=InflictedLikelihood.WAARSCHIJNLIJK,
            alternative=AlternativeExplanation.ONBEKEND,
        )
        service.answer_advice(session, advice, answer, author)
    if advice.status == AdviceStatus.ANSWERED:
        service.review_advice(session, advice, ReviewIn(decision=ReviewDecision.RELEASE), reviewer)
    _consultant_profile(session, author)
    yield f"demo advice {number}: {advice.status} (LECK, reviewed)"
    waiting = service.submit_advice(
        session,
        AdviceCreate.model_validate(
            {
                "age_months": 30,
                "sex": "female",
                "ggd_region": "GG3406",
                "concerns": ["physical_abuse", "neglect"],
                "injuries": [{"kind": "burn", "body_region": "hand", "side": "left"}],
                "question": "Past een scherp begrensde brandwond op de handrug bij contact met "
                "een kachel, zoals de ouders vertellen?",
                "clinical_summary": "Peuter, loopt goed. Ronde brandwond van 8 mm op de linker "
                "handrug, twee dagen oud; geen andere huidafwijkingen. Groei op P25.",
            }
        ),
        actor=requester,
        idempotency_key=QUEUED_KEY,
    )
    yield f"demo advice {waiting.advice.case_number}: waiting in LECK's queue"


def _consultant_profile(session: Session, author: Actor) -> None:
    """The demo consultant's function and BIG number, printed on the letter."""
    assert author.user is not None and author.user.id is not None
    if session.get(LeckConsultant, author.user.id) is None:
        session.add(
            LeckConsultant(
                user_id=author.user.id,
                function="LECK-kinderarts",
                big_number="79012345601",
                big_verified_at=utcnow(),
                member_hospital="UMC Utrecht (Wilhelmina Kinderziekenhuis)",
            )
        )
        session.commit()
