"""The rule set in force: the newest shipped handelingskader, loaded once per process."""

from functools import lru_cache

from routing.triage import RuleSet, load_ruleset


@lru_cache(maxsize=4)
def handelingskader(version: str | None = None) -> RuleSet:
    return load_ruleset(version)
