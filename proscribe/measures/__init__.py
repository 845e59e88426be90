"""What a hit means and for whom: measures, obligations and exposures, with their legal basis.

The API the matcher, the CLI and the batch output call:

- `perspective(jurisdiction, activity="general", on=None)` builds a validated
  `Perspective` from what a user typed (`--as FR --activity payment --on 2025-06-01`);
- `assess(entity, perspective, related=None)` returns an `Assessment`;
  `format_assessment` prints it, `assessment_to_dict` serialises it;
- `RelationContext(entities)` gives `assess` the relatives and owners around a
  hit (family reach of entry bans, the OFAC 50 Percent Rule);
- `lookup(authority, programme, source=None)` finds a programme;
  `is_state_party(country, on)` answers Rome Statute membership;
  `blocked_by_ownership(graph, blocked_ids)` applies an ownership rule.

Decision support, not legal advice (see docs/measures.md).
"""

from __future__ import annotations

from datetime import date
from typing import cast

from proscribe.measures.icc import is_state_party, membership
from proscribe.measures.jurisdictions import normalise_jurisdiction
from proscribe.measures.model import (
    ACTIVITIES,
    Action,
    Activity,
    AppliedMeasure,
    Assessment,
    Exposure,
    OwnershipFinding,
    OwnershipPath,
    Perspective,
    Programme,
)
from proscribe.measures.obligations import DISCLAIMER, assess
from proscribe.measures.ownership import OwnershipGraph, blocked_by_ownership
from proscribe.measures.programmes import catalogue, lookup
from proscribe.measures.relations import RelationContext, related_ids
from proscribe.measures.render import assessment_to_dict, format_assessment


def perspective(
    jurisdiction: str, activity: str = "general", on: date | str | None = None
) -> Perspective:
    """A Perspective from user input; raises ValueError with a message fit for the CLI."""
    if activity not in ACTIVITIES:
        raise ValueError(f"unknown activity {activity!r}: use one of {', '.join(ACTIVITIES)}")
    if on is None:
        day = date.today()
    elif isinstance(on, date):
        day = on
    else:
        try:
            day = date.fromisoformat(on)
        except ValueError as exc:
            raise ValueError(f"--on {on!r} is not a date: write YYYY-MM-DD") from exc
    return Perspective(
        jurisdiction=normalise_jurisdiction(jurisdiction), activity=cast(Activity, activity), on=day
    )


__all__ = [
    "ACTIVITIES",
    "DISCLAIMER",
    "Action",
    "Activity",
    "AppliedMeasure",
    "Assessment",
    "Exposure",
    "OwnershipFinding",
    "OwnershipGraph",
    "OwnershipPath",
    "Perspective",
    "Programme",
    "RelationContext",
    "assess",
    "assessment_to_dict",
    "blocked_by_ownership",
    "catalogue",
    "format_assessment",
    "is_state_party",
    "lookup",
    "membership",
    "perspective",
    "related_ids",
]
