"""Screening one party: candidates from the index, scored, explained, decided.

`Screener` is the object every interface uses (Python API, CLI, batch,
Spark): it holds one `CandidateIndex`, retrieves up to `candidates` parties
per query, scores each and returns the best `limit`, each flagged `match`
when its score reaches the threshold (the default, or one set per call).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from proscribe.index.candidates import CandidateIndex
from proscribe.match.explain import explanation_json, explanation_text
from proscribe.match.query import Query
from proscribe.match.score import (
    DEFAULT_THRESHOLD,
    Scored,
    prepare_query,
    rank,
    score_candidate,
)

DEFAULT_CANDIDATES = 100
DEFAULT_LIMIT = 10


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """One listed party returned for a query."""

    entity_id: str
    source: str
    source_id: str
    schema: str
    name: str
    score: float
    match: bool
    scored: Scored

    @property
    def explanation(self) -> dict[str, Any]:
        return explanation_json(self.scored)

    @property
    def summary(self) -> str:
        return explanation_text(self.scored)

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_id": self.entity_id,
            "source": self.source,
            "source_id": self.source_id,
            "schema": self.schema,
            "name": self.name,
            "score": round(self.score, 4),
            "match": self.match,
        }
        if self.scored.record.programmes:
            out["programmes"] = list(self.scored.record.programmes)
        if explain:
            out["explanation"] = self.explanation
        return out


class Screener:
    """Screens queries against one candidate index."""

    def __init__(
        self,
        index: CandidateIndex,
        threshold: float = DEFAULT_THRESHOLD,
        candidates: int = DEFAULT_CANDIDATES,
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold {threshold} is not between 0 and 1")
        self.index = index
        self.threshold = threshold
        self.candidates = candidates

    def screen(
        self,
        query: Query,
        limit: int = DEFAULT_LIMIT,
        threshold: float | None = None,
        min_score: float = 0.0,
    ) -> list[ScreenResult]:
        """The `limit` best-scoring parties, best first; `match` marks those at or above the threshold.

        Parties scoring below `min_score` are left out (yente's `cutoff`).
        Knowing the bar lets the scorer skip, exactly, every candidate that
        cannot reach it or the `limit` best found so far: the results are
        the ones scoring every candidate would give.
        """
        cutoff = self.threshold if threshold is None else threshold
        if not 0.0 <= cutoff <= 1.0:
            raise ValueError(f"threshold {cutoff} is not between 0 and 1")
        floor = min_score
        prepared = prepare_query(query, self.index)
        if not prepared.forms or limit <= 0:
            return []
        found = self.index.search(
            [f.tokens for f in prepared.forms], limit=max(self.candidates, limit)
        )
        hit_names = [n for c in found for n in c.names]
        for form in prepared.forms:
            form.prefetch(self.index, hit_names)
        best: list[float] = []  # min-heap of the `limit` best scores so far
        kept: list[Scored] = []
        for c in found:
            bar = max(floor, best[0]) if len(best) >= limit else floor
            s = score_candidate(prepared, self.index, c.entity, c.names, bar)
            if s is None:
                continue
            kept.append(s)
            if len(best) < limit:
                heapq.heappush(best, s.score)
            else:
                heapq.heappushpop(best, s.score)
        out = []
        for s in rank(kept)[:limit]:
            rec = s.record
            out.append(
                ScreenResult(
                    entity_id=rec.id,
                    source=rec.source,
                    source_id=rec.source_id,
                    schema=rec.schema,
                    name=rec.caption,
                    score=s.score,
                    match=s.score >= cutoff,
                    scored=s,
                )
            )
        return out
