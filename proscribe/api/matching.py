"""Screening queries against an engine, with the dataset and topic filters of a yente request.

This is the one place the API calls the matcher. A query may carry several
names (an example's name and aliases): each is screened and the best score
per listed party is kept. Filters apply to the scored candidates, so a
request restricted to one list gets that list's best parties among the
candidates the index retrieved (`Screener.candidates` per name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from proscribe.api.engine import ScreeningEngine
from proscribe.match.query import Query
from proscribe.model import Entity
from proscribe.screen.engine import ScreenResult

# Datasets that mean "every list this server holds", as yente clients name them.
ALL_DATASETS = frozenset({"default", "sanctions", "all"})


class DatasetError(LookupError):
    """A dataset name this server does not hold."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Which listed parties a request may return."""

    sources: frozenset[str] | None = None
    exclude_sources: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    schemata: frozenset[str] | None = None
    exclude_schemata: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()

    def allows(self, entity: Entity) -> bool:
        if self.sources is not None and entity.source not in self.sources:
            return False
        if entity.source in self.exclude_sources:
            return False
        if self.topics and not (self.topics & topics_of(entity)):
            return False
        if self.schemata is not None and entity.schema not in self.schemata:
            return False
        if entity.schema in self.exclude_schemata:
            return False
        return not (self.countries and not (self.countries & countries_of(entity)))


@dataclass(frozen=True, slots=True)
class Hit:
    entity: Entity
    result: ScreenResult

    @property
    def score(self) -> float:
        return self.result.score


def topics_of(entity: Entity) -> set[str]:
    """FtM topics an entity carries: every designated party is `sanction`."""
    return {"sanction"} if entity.designations else set()


def countries_of(entity: Entity) -> set[str]:
    found = {
        c.lower() for c in (*entity.nationalities, *entity.citizenships, *entity.countries) if c
    }
    found.update(a.country.lower() for a in entity.addresses if a.country)
    return found


def resolve_sources(
    engine: ScreeningEngine, dataset: str, include: Iterable[str] = ()
) -> frozenset[str] | None:
    """The sources a dataset path (and include_dataset) names; None means all of them."""
    known = set(engine.sources)
    chosen: set[str] | None
    if dataset in ALL_DATASETS:
        chosen = None
    elif dataset in known:
        chosen = {dataset}
    else:
        raise DatasetError(
            f"no dataset {dataset!r}; this server holds: {', '.join(sorted(known | ALL_DATASETS))}"
        )
    extra = [d for d in include if d]
    for name in extra:
        if name not in known and name not in ALL_DATASETS:
            raise DatasetError(f"no dataset {name!r} to include; known: {', '.join(sorted(known))}")
    if extra:
        wanted = {d for d in extra if d in known}
        if any(d in ALL_DATASETS for d in extra):
            return frozenset(chosen) if chosen is not None else None
        chosen = wanted if chosen is None else chosen & wanted
    return frozenset(chosen) if chosen is not None else None


def screen(
    engine: ScreeningEngine,
    queries: Sequence[Query],
    *,
    threshold: float | None,
    filters: Filters,
    cutoff: float = 0.0,
) -> list[Hit]:
    """Every allowed party scored for any of the queries (best name wins), best first."""
    best: dict[str, ScreenResult] = {}
    screener = engine.screener
    for query in queries:
        found = screener.screen(
            query, limit=screener.candidates, threshold=threshold, min_score=cutoff
        )
        for result in found:
            kept = best.get(result.entity_id)
            if kept is None or result.score > kept.score:
                best[result.entity_id] = result
    hits = []
    for entity_id, result in best.items():
        if result.score < cutoff:
            continue
        entity = engine.entities.get(entity_id)
        if entity is None or not filters.allows(entity):
            continue
        hits.append(Hit(entity, result))
    hits.sort(key=lambda h: (-h.score, h.entity.id))
    return hits
