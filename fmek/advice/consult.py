"""From anonymous advice to an identified LECK consult, only with recorded consent.

The requester supplies the child's identity and who consented, when and for what. In one
transaction a referral is made (destination LECK), the advice becomes ``converted``, and the link
between the anonymous case and the referral is stored together with the consent in
``AdviceConsult`` — the only place that link exists. Invalid consent or identity: 422, nothing
stored.

Routing: the referral carries triage's own decision (every matching rule, urgency, deadline),
plus the rule ``LECK-CONSULT``; the destination is LECK whatever triage says, because the
requester asks LECK to examine a child LECK has already advised on. Urgency and deadline stay
triage's, so an acute case keeps its six hours.

Who may convert: the vertrouwensarts (a referral from Veilig Thuis), or the child's treating
doctor — a kinderarts, huisarts or jeugdarts of a care provider — who asked the advice; the
referral then belongs to that care provider and its requester is that doctor. A GGD forensisch
arts asks the vertrouwensarts to refer.
"""

from dataclasses import replace
from datetime import date, datetime

from sqlmodel import Session

from fmek.advice.access import require_owner
from fmek.advice.lifecycle import AdviceStatus
from fmek.advice.models import (
    AdviceConsult,
    AdviceRequest,
    ConsentIn,
    ConsultCreate,
    ConsultCreated,
)
from fmek.advice.service import (
    lock_advice,
    move_status,
    require_move,
)
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import TREATING_ROLES, Role
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.errors import PermissionDenied, Problem, ValidationFailed
from fmek.idempotency import request_hash
from fmek.referrals.adapters import decision_row, new_referral, routing_public, to_case
from fmek.referrals.handelingskader import handelingskader
from fmek.referrals.models import InjuryIn, Referral, ReferralCreate
from fmek.referrals.service import RECORD as REFERRAL_RECORD
from fmek.referrals.validation import CLOCK_SKEW, check_referral
from reports.consent import age_band, authority_problem
from routing.triage import Decision, RuleHit, Task, triage
from routing.vocabulary import Destination, TaskKind, Urgency

CONSULT_ROLES = frozenset({Role.VERTROUWENSARTS, *TREATING_ROLES})

CONSULT_RULE = RuleHit(
    id="LECK-CONSULT",
    description="identified LECK consult after an anonymous LECK advice, with recorded consent",
    destination=Destination.LECK,
    urgency=Urgency.PLANNED,
)


def convert_to_consult(
    session: Session, advice: AdviceRequest, data: ConsultCreate, *, actor: Actor
) -> ConsultCreated:
    user = actor.require_user()
    require_owner(user, advice, "turn it into a consult")
    if user.role_enum not in CONSULT_ROLES:
        raise PermissionDenied(
            "an identified consult is asked by the vertrouwensarts or by the child's treating "
            "doctor (kinderarts, huisarts, jeugdarts): ask the vertrouwensarts",
            type="referral_needs_vertrouwensarts",
        )
    advice = lock_advice(session, advice)
    require_move(advice, AdviceStatus.CONVERTED)
    now = utcnow()
    referral_in = ReferralCreate(
        child=data.child,
        ggd_region=advice.ggd_region,
        location=data.location,
        concerns=advice.concerns,  # type: ignore[arg-type]  # the column holds an enum value
        injuries=[InjuryIn.model_validate(i) for i in advice.injuries],
        last_incident_at=data.last_incident_at,
        questions=data.questions,
        vraagstelling=data.vraagstelling,
    )
    problems = _consent_problems(data.consent, now, data.child.birth_date)
    ruleset = handelingskader()
    try:
        age_months = check_referral(session, referral_in, now, ruleset)
    except ValidationFailed as invalid:
        problems += invalid.problems
        age_months = 0
    if problems:
        raise ValidationFailed(problems=problems)
    decision = _leck_consult(
        triage(
            to_case(referral_in, age_months=age_months, mobility=data.child.mobility),
            ruleset,
            now=now,
        )
    )
    referral = _referral(referral_in, decision, age_months=age_months, now=now, actor=actor)
    routing = decision_row(referral.id, 1, decision, decided_at=now, reason="advice → consult")
    session.add(referral)
    session.add(routing)
    session.flush()
    session.add(_consent_link(advice, referral, data.consent, recorded_by=user.id or 0, now=now))
    advice.converted_at = now
    move_status(
        session, advice, AdviceStatus.CONVERTED, actor=actor, note="consult requested", now=now
    )
    record(
        session,
        actor,
        AuditAction.CREATE,
        REFERRAL_RECORD,
        referral.id,
        detail="identified LECK consult after anonymous advice, with consent",
    )
    session.commit()
    return ConsultCreated(
        case_number=advice.case_number,
        status=AdviceStatus.CONVERTED,
        referral_id=referral.id,
        routing=routing_public(routing),
    )


def _consent_problems(consent: ConsentIn, now: datetime, birth_date: date) -> list[Problem]:
    """Consent not in the future, and given by whom the WGBO asks at the child's age then."""
    given_at = as_utc(consent.given_at)
    if given_at > now + CLOCK_SKEW:
        return [
            Problem(
                "consent cannot be given in the future",
                "future_timestamp",
                ("body", "consent", "given_at"),
            )
        ]
    band = age_band(birth_date, given_at.astimezone(AMSTERDAM).date())
    if (message := authority_problem(consent.given_by.authority, band)) is not None:
        return [Problem(message, "consent_age_band", ("body", "consent", "given_by"))]
    return []


def _leck_consult(decision: Decision) -> Decision:
    """Triage's tasks plus a `leck_consult` at the decision's urgency and deadline (a GGD
    examination of visible injuries stays: LECK does not document them)."""
    consult = Task(TaskKind.LECK_CONSULT, decision.urgency, decision.deadline, (CONSULT_RULE.id,))
    earlier = [t for t in decision.tasks if t.kind is TaskKind.LECK_CONSULT]
    if earlier:
        consult = replace(consult, rules=(*earlier[0].rules, CONSULT_RULE.id))
    tasks = sorted(
        [*(t for t in decision.tasks if t.kind is not TaskKind.LECK_CONSULT), consult],
        key=lambda t: t.deadline,
    )
    return replace(
        decision,
        destination=Destination.LECK,
        rules=(*decision.rules, CONSULT_RULE),
        tasks=tuple(tasks),
    )


def _referral(
    data: ReferralCreate, decision: Decision, *, age_months: int, now: datetime, actor: Actor
) -> Referral:
    return new_referral(
        data,
        decision,
        user=actor.require_user(),
        age_months=age_months,
        now=now,
        body_hash=request_hash(data),
    )


def _consent_link(
    advice: AdviceRequest,
    referral: Referral,
    consent: ConsentIn,
    *,
    recorded_by: int,
    now: datetime,
) -> AdviceConsult:
    return AdviceConsult(
        advice_id=advice.id,
        referral_id=referral.id,
        consent_given_by=consent.given_by.value,
        consent_given_by_name=consent.given_by_name,
        consent_given_at=consent.given_at,
        consent_scope=consent.scope,
        recorded_by=recorded_by,
        recorded_at=now,
    )
