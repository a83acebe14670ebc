"""The rule set in force: a shipped handelingskader version, chosen by a setting.

``FMEK_HANDELINGSKADER_VERSION`` picks the version new decisions are made under (so one
deployment can pilot a version); stored decisions keep the version they were made under, which
every decision shows as ``ruleset_version``.
"""

from fmek.settings import get_settings
from routing.triage import RuleSet, load_ruleset


def handelingskader(version: str | None = None) -> RuleSet:
    """A shipped version (``load_ruleset`` caches it); None gives the version in force."""
    return load_ruleset(version or get_settings().handelingskader_version)
