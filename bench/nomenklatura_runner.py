"""The reference: OpenSanctions' nomenklatura matchers (logic-v2, logic-v1) on the same lists and queries.

This reproduces how yente screens: the lists as FollowTheMoney entities
(converted by `proscribe.sources.ftm_export.entity_to_ftm`, the same parsed
entities proscribe screens), a candidate search that returns at least
`CANDIDATES` entities per query, each candidate scored by the algorithm,
and an alert at yente's default threshold 0.7. yente's candidate search is
Elasticsearch over name tokens, phonetic keys and n-grams; here a small
in-memory equivalent (ASCII-folded tokens and character trigrams, weighted
by rarity) plays that part, identical for v1 and v2 and independent of
proscribe's own index, so the comparison measures the scorers.

Run from bench/accuracy.py, which caches the results under bench/.cache/.
"""

from __future__ import annotations

import math
import multiprocessing
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from nomenklatura.matching import LogicV1, LogicV2
from rigour.text.translit import ascii_text

from proscribe.model import Entity
from proscribe.sources.ftm_export import entity_to_ftm

CANDIDATES = 50
THRESHOLD = 0.7
ALGORITHMS = {"logic-v2": LogicV2, "logic-v1": LogicV1}
_SPLIT = re.compile(r"[^a-z0-9]+")
_SCHEMAS = {
    "Person": "Person",
    "Organization": "Organization",
    "Vessel": "Vessel",
    "Airplane": "Airplane",
    "Aircraft": "Airplane",
}


def _tokens(name: str) -> list[str]:
    return [t for t in _SPLIT.split(ascii_text(name).lower()) if t]


def _grams(tokens: list[str]) -> set[str]:
    text = " " + " ".join(tokens) + " "
    return {text[i : i + 3] for i in range(len(text) - 2)}


@dataclass(slots=True)
class Blocker:
    """Token and trigram blocking over every name (names, aliases, weak aliases) of every entity."""

    token_postings: dict[str, set[int]]
    gram_postings: dict[str, set[int]]
    n: int

    @classmethod
    def build(cls, names_per_entity: Sequence[Sequence[str]]) -> Blocker:
        tokens: dict[str, set[int]] = defaultdict(set)
        grams: dict[str, set[int]] = defaultdict(set)
        for i, names in enumerate(names_per_entity):
            for name in names:
                toks = _tokens(name)
                for t in toks:
                    tokens[t].add(i)
                for g in _grams(toks):
                    grams[g].add(i)
        return cls(dict(tokens), dict(grams), len(names_per_entity))

    def _idf(self, df: int) -> float:
        return math.log(1 + self.n / (1 + df))

    def candidates(self, name: str, limit: int = CANDIDATES) -> list[int]:
        toks = _tokens(name)
        scores: dict[int, float] = defaultdict(float)
        for t in set(toks):
            post = self.token_postings.get(t)
            if post:
                w = 2.0 * self._idf(len(post))
                for e in post:
                    scores[e] += w
        for g in _grams(toks):
            post = self.gram_postings.get(g)
            if post:
                w = self._idf(len(post))
                for e in post:
                    scores[e] += w
        return sorted(scores, key=lambda e: -scores[e])[:limit]


def entity_proxies(entities: Sequence[Entity]) -> tuple[list[EntityProxy], list[tuple[str, str]]]:
    """The FtM thing of each entity (its names, dates, countries, ...) and its (source, source_id)."""
    proxies = []
    keys = []
    for e in entities:
        data = entity_to_ftm(e)[0]
        proxies.append(model.get_proxy(data))
        keys.append((e.source, e.source_id))
    return proxies, keys


def query_proxy(row: dict[str, str]) -> EntityProxy:
    """The query as yente's /match API receives it: schema, name, birthDate, country."""
    schema = _SCHEMAS.get(row.get("schema") or "Person", "Person")
    props: dict[str, list[str]] = {"name": [row["name"]]}
    if row.get("birth_date") and schema == "Person":
        props["birthDate"] = [row["birth_date"]]
    if row.get("country"):
        props["country"] = [row["country"].lower()]
    return model.get_proxy({"id": f"query-{row['id']}", "schema": schema, "properties": props})


_STATE: dict[str, Any] = {}


def _init(proxies: list[EntityProxy], keys: list[tuple[str, str]], blocker: Blocker) -> None:
    _STATE.update(proxies=proxies, keys=keys, blocker=blocker)


def _run_one(row: dict[str, str]) -> tuple[str, dict[str, Any]]:
    proxies: list[EntityProxy] = _STATE["proxies"]
    keys: list[tuple[str, str]] = _STATE["keys"]
    blocker: Blocker = _STATE["blocker"]
    out: dict[str, Any] = {}
    start = time.perf_counter()
    cands = blocker.candidates(row["name"])
    block_ms = (time.perf_counter() - start) * 1000
    query = query_proxy(row)
    for label, algo in ALGORITHMS.items():
        config = algo.default_config()
        start = time.perf_counter()
        results: list[tuple[str, str, float]] = []
        for c in cands:
            res = algo.compare(query, proxies[c], config)
            results.append((keys[c][0], keys[c][1], round(float(res.score), 4)))
        results.sort(key=lambda r: -r[2])
        out[label] = {
            "results": results[:10],
            "ms": block_ms + (time.perf_counter() - start) * 1000,
        }
    return row["id"], out


def run(
    entities: Sequence[Entity], queries: Sequence[dict[str, str]], workers: int = 2
) -> dict[str, Any]:
    """Results of every algorithm for every query: {algorithm: {query id: [[source, source_id, score], ...]}}."""
    proxies, keys = entity_proxies(entities)
    names = [p.get_type_values(registry.name) for p in proxies]
    blocker = Blocker.build(names)
    # Only the matcher's inputs reach the workers: no category, no truth.
    rows = [
        {k: q.get(k, "") for k in ("id", "name", "schema", "birth_date", "country")}
        for q in queries
    ]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_init, initargs=(proxies, keys, blocker)) as pool:
        done = pool.map(_run_one, rows, chunksize=16)
    out: dict[str, Any] = {label: {} for label in ALGORITHMS}
    latency: dict[str, list[float]] = {label: [] for label in ALGORITHMS}
    for qid, per_algo in done:
        for label, data in per_algo.items():
            out[label][qid] = data["results"]
            latency[label].append(data["ms"])
    out["latency_ms"] = {
        label: {"mean": statistics.fmean(v), "median": statistics.median(v)}
        for label, v in latency.items()
        if v
    }
    out["candidates"] = CANDIDATES
    out["threshold"] = THRESHOLD
    return out
