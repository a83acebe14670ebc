"""Shift templates of a region: list and replace (existing roster entries stay as they are)."""

from datetime import date

from sqlmodel import Session

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.errors import ValidationFailed
from fmek.reference.service import get_region
from fmek.rosters.adapters import (
    template_public,
    template_row,
)
from fmek.rosters.data import (
    stored_templates,
    templates_for,
)
from fmek.rosters.models import (
    TemplateIn,
    TemplatePublic,
)
from routing.roster import (
    ShiftTemplate,
    build_positions,
)


def list_templates(session: Session, region: str) -> list[TemplatePublic]:
    get_region(session, region)
    return [template_public(t) for t in templates_for(session, region)]


def replace_templates(
    session: Session, region: str, templates: list[TemplateIn], actor: Actor
) -> list[TemplatePublic]:
    """Replace the region's shift templates; existing roster entries stay as they are."""
    get_region(session, region)
    if not templates:
        raise ValidationFailed("a region needs at least one shift template", type="too_short")
    names = [t.name for t in templates]
    if len(set(names)) != len(names):
        raise ValidationFailed("template names must be unique", type="duplicate_template")
    shaped = [
        ShiftTemplate(
            name=t.name,
            kind=t.kind,
            start=t.start,
            end=t.end,
            applies_on=t.applies_on,
            primary_qualifications=frozenset(q.value for q in t.primary_qualifications),
            backup_qualifications=frozenset(q.value for q in t.backup_qualifications),
        )
        for t in templates
    ]
    try:
        probe = build_positions(region, shaped, date(2025, 1, 1), date(2025, 1, 14))
    except ValueError:
        raise ValidationFailed(
            "two templates of the same kind start at the same time",
            type="template_clash",
        ) from None
    if any(p.hours > 24 for p in probe):
        raise ValidationFailed("a shift lasts at most 24 hours", type="shift_too_long")
    for row in stored_templates(session, region):
        session.delete(row)
    session.flush()
    for template in shaped:
        session.add(template_row(region, template))
    record(session, actor, AuditAction.UPDATE, "shift_template", region)
    session.commit()
    return [template_public(t) for t in shaped]
