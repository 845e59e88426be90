"""What the alerts of a screening oblige the screening party to do (`check --as`).

The matcher returns index records; the measures engine needs the full
entities and their neighbourhood (relatives, owners), so this module fetches
them from where the screening looked: the list files given on the command
line, or the store's current lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from proscribe.measures import (
    RelationContext,
    assess,
    assessment_to_dict,
    format_assessment,
    perspective,
)
from proscribe.model import Entity
from proscribe.screen.engine import ScreenResult
from proscribe.sources.registry import expand_paths, open_list


def _entities(lists: Sequence[Path], sources: set[str]) -> Iterable[Entity]:
    if lists:
        for path in expand_paths(list(lists)):
            yield from open_list(path).entities()
        return
    from proscribe.cli.state import open_store

    with open_store() as store:
        yield from store.current_entities(sorted(sources) or None)


def assess_alerts(
    results: Sequence[ScreenResult],
    lists: Sequence[Path],
    jurisdiction: str,
    activity: str = "general",
    on: str | None = None,
) -> dict[str, tuple[str, dict[str, Any]]]:
    """For each alerting result: (readable text, JSON) of what applies from that perspective.

    Raises ValueError, worded for the user, for an unknown jurisdiction,
    activity or date.
    """
    view = perspective(jurisdiction, activity, on)
    wanted = {r.entity_id for r in results if r.match}
    if not wanted:
        return {}
    context_entities = list(_entities(lists, {r.source for r in results if r.match}))
    context = RelationContext(context_entities)
    by_id = {e.id: e for e in context_entities if e.id in wanted}
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for entity_id in sorted(wanted):
        entity = by_id.get(entity_id)
        if entity is None:
            continue
        assessment = assess(entity, view, related=context)
        out[entity_id] = (format_assessment(assessment), assessment_to_dict(assessment))
    return out


class ObligationAnnotator:
    """Adds `obligations` to every alerting match of batch records, from one perspective.

    The neighbourhood (all entities of the lists screened) is loaded once, on
    the first chunk that has an alert.
    """

    def __init__(
        self,
        lists: Sequence[Path],
        jurisdiction: str,
        activity: str = "general",
        on: str | None = None,
    ) -> None:
        self._view = perspective(jurisdiction, activity, on)
        self._lists = list(lists)
        self._context: RelationContext | None = None
        self._by_id: dict[str, Entity] = {}

    def _load(self) -> RelationContext:
        if self._context is None:
            entities = list(_entities(self._lists, set()))
            self._by_id = {e.id: e for e in entities}
            self._context = RelationContext(entities)
        return self._context

    def __call__(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            for match in record.get("matches", []):
                if not match.get("match"):
                    continue
                context = self._load()
                entity = self._by_id.get(match["entity_id"])
                if entity is not None:
                    match["obligations"] = assessment_to_dict(
                        assess(entity, self._view, related=context)
                    )
