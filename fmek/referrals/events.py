"""Hooks run when a referral is stored and routed (e.g. asking for the examination's planning).

``on_stored`` hooks run *inside* the intake transaction and may only add to it (e.g. defer a
background job, which then exists if and only if the referral does); they return True when
they asked for work whose result comes later, so the answer can say "pending".

A hook has two parts. ``interested(session, referral)`` runs *inside* the intake transaction,
before it commits, and answers whether the hook has work for this referral (one cheap read, no
extra transaction on the hot path). ``hook(session, referral_id, actor)`` runs after the
referral's own transaction has committed, so a failing hook can never undo or block an intake;
it commits its own work. Hooks are registered by name (re-registering, as every new app does,
replaces instead of duplicating).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from fmek.audit.service import Actor
from fmek.referrals.models import Referral

log = logging.getLogger("fmek.referrals")

RoutedHook = Callable[[Session, str, Actor], bool]
"""Returns True when it changed the referral (e.g. a new routing decision), so callers re-read."""
Interest = Callable[[Session, Referral], bool]


@dataclass(frozen=True)
class _Registered:
    hook: RoutedHook
    interested: Interest


_routed: dict[str, _Registered] = {}
_stored: dict[str, Callable[[Session, Referral], bool]] = {}


def on_stored(name: str, hook: Callable[[Session, Referral], bool] | None) -> None:
    """Register (or with None remove) a hook run inside the intake transaction."""
    if hook is None:
        _stored.pop(name, None)
    else:
        _stored[name] = hook


PlanningReader = Callable[[Session, list[str]], dict[str, str]]
_planning_reader: list[PlanningReader] = []


def on_planning_state(reader: PlanningReader | None) -> None:
    """Register the reader of referrals' planning states ("pending", "planned", "escalated")."""
    _planning_reader[:] = [reader] if reader else []


def planning_states(session: Session, referral_ids: list[str]) -> dict[str, str]:
    """Planning state per referral id; referrals without planning are absent."""
    if not _planning_reader or not referral_ids:
        return {}
    return _planning_reader[0](session, referral_ids)


def referral_stored(session: Session, referral: Referral) -> list[str]:
    """Run the in-transaction hooks; names of those that asked for later work. A failing hook
    fails the intake (its work would otherwise be silently lost)."""
    return [name for name, hook in _stored.items() if hook(session, referral)]


def on_routed(name: str, hook: RoutedHook | None, interested: Interest | None = None) -> None:
    """Register (or with None remove) a hook called as ``hook(session, referral_id, actor)``
    for the referrals that ``interested`` accepts (default: all)."""
    if hook is None:
        _routed.pop(name, None)
    else:
        _routed[name] = _Registered(hook, interested or (lambda _session, _referral: True))


def interested_hooks(session: Session, referral: Referral) -> list[str]:
    """Names of the hooks with work for this referral; call before the intake commits."""
    return [name for name, reg in _routed.items() if reg.interested(session, referral)]


def referral_routed(session: Session, referral_id: str, actor: Actor, names: list[str]) -> bool:
    """Run the named hooks; one that fails is logged and the others still run.
    True if any changed the referral."""
    changed = False
    for name in names:
        registered = _routed.get(name)
        if registered is None:
            continue
        try:
            changed = registered.hook(session, referral_id, actor) or changed
        except Exception as exc:
            log.error("hook %s after referral routing failed: %s", name, type(exc).__name__)
            session.rollback()
            changed = True  # it may have committed part of its work: re-read to be safe
    return changed
