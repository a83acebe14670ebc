"""In-process hooks run after a referral was stored and routed (e.g. planning the examination).

The referral's own transaction has committed before any hook runs, so a failing hook can never
undo or block an intake; each hook commits its own work. Hooks are registered by name (so that
re-registering, as every new app does, replaces instead of duplicating).
"""

import logging
from collections.abc import Callable

from sqlmodel import Session

from fmek.audit.service import Actor

log = logging.getLogger("fmek.referrals")

RoutedHook = Callable[[Session, str, Actor], bool]
"""Returns True when it changed the referral (e.g. a new routing decision), so callers re-read."""

_routed: dict[str, RoutedHook] = {}


def on_routed(name: str, hook: RoutedHook | None) -> None:
    """Register (or with None remove) a hook called as ``hook(session, referral_id, actor)``."""
    if hook is None:
        _routed.pop(name, None)
    else:
        _routed[name] = hook


def referral_routed(session: Session, referral_id: str, actor: Actor) -> bool:
    """Run every hook; one that fails is logged and the others still run. True if any changed it."""
    changed = False
    for name, hook in list(_routed.items()):
        try:
            changed = hook(session, referral_id, actor) or changed
        except Exception as exc:
            log.error("hook %s after referral routing failed: %s", name, type(exc).__name__)
            session.rollback()
            changed = True  # it may have committed part of its work: re-read to be safe
    return changed
