"""The in-memory screening engine one API process serves from: one set of list snapshots.

An engine is immutable once built: the candidate index and screener over
the latest snapshot of every source, the entities themselves (results carry
their FtM properties, /entities and measures need the full record), and the
FtM ids that clients of a yente-style API may use to refer to them. A list
update never changes an engine; it builds a new one (see `holder`), so a
request that started on the old one finishes on it.

Building parses nothing: entities come from the store, and the index is
reopened from `$PROSCRIBE_HOME/index/` when the same snapshots were indexed
before by the same code (a restart, or the second worker of a server).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from proscribe.index.arrays import IndexFileError
from proscribe.index.candidates import CandidateIndex
from proscribe.measures import RelationContext
from proscribe.measures.relations import target_id
from proscribe.model import Entity, Relation
from proscribe.screen.engine import Screener
from proscribe.screen.lists import code_fingerprint, index_dir
from proscribe.sources.ftm_export import entity_to_ftm, ftm_id
from proscribe.store import Snapshot, Store

# FtM results are built for the entities queries actually reach; a bounded cache keeps hot ones.
FTM_CACHE_SIZE = 50_000


def store_state(store: Store) -> tuple[tuple[str, int, str], ...]:
    """(source, latest snapshot id, content hash) of every source: what an engine is built from."""
    out = []
    for source in store.sources():
        snap = store.latest(source)
        if snap is not None:
            out.append((source, snap.id, snap.file_hash))
    return tuple(out)


def _fingerprint(store: Store, state: tuple[tuple[str, int, str], ...]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(store.url.encode())
    for source, snapshot_id, file_hash in state:
        digest.update(f"{source}:{snapshot_id}:{file_hash}\n".encode())
    return digest.hexdigest()[:24]


@dataclass(slots=True)
class ScreeningEngine:
    """Everything one request needs to screen and to describe what it found."""

    version: str
    state: tuple[tuple[str, int, str], ...]
    snapshots: dict[str, Snapshot]
    index: CandidateIndex
    screener: Screener
    entities: dict[str, Entity]
    # FtM id (what yente clients know) -> store id (`source:source_id`).
    aliases: dict[str, str]
    built_at: datetime
    build_seconds: float
    index_cached: bool
    _relations: RelationContext | None = field(default=None, repr=False)
    _incoming: dict[str, list[tuple[str, Relation]]] | None = field(default=None, repr=False)
    _relations_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _ftm: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._ftm = lru_cache(maxsize=FTM_CACHE_SIZE)(self._ftm_uncached)

    @property
    def sources(self) -> list[str]:
        return list(self.snapshots)

    def __len__(self) -> int:
        return len(self.entities)

    def resolve(self, entity_id: str) -> str | None:
        """The store id for a store id or an FtM id, when this engine holds the entity."""
        if entity_id in self.entities:
            return entity_id
        return self.aliases.get(entity_id)

    def entity(self, entity_id: str) -> Entity | None:
        found = self.resolve(entity_id)
        return self.entities[found] if found is not None else None

    def ftm(self, entity_id: str) -> list[dict[str, Any]]:
        """The entity as FtM dicts (thing first, then its sanctions, documents and links); cached."""
        result: list[dict[str, Any]] = self._ftm(entity_id)
        return result

    def _ftm_uncached(self, entity_id: str) -> list[dict[str, Any]]:
        return entity_to_ftm(self.entities[entity_id])

    def relations(self) -> RelationContext:
        """Relatives, associates and owners across every loaded list, built on first use."""
        if self._relations is None:
            with self._relations_lock:
                if self._relations is None:
                    self._relations = RelationContext(self.entities.values())
        return self._relations

    def incoming(self, entity_id: str) -> list[tuple[Entity, Relation]]:
        """Relations other entities state *towards* this one (lists state a link on one side only)."""
        if self._incoming is None:
            with self._relations_lock:
                if self._incoming is None:
                    found: dict[str, list[tuple[str, Relation]]] = {}
                    for entity in self.entities.values():
                        for relation in entity.relations:
                            tid = target_id(entity, relation)
                            if tid is not None and tid != entity.id:
                                found.setdefault(tid, []).append((entity.id, relation))
                    self._incoming = found
        return [
            (self.entities[s], r)
            for s, r in self._incoming.get(entity_id, [])
            if s in self.entities
        ]


def build_engine(
    store: Store, *, use_cache: bool = True, cache_dir: Path | None = None
) -> ScreeningEngine:
    """An engine over the latest snapshot of every source in the store, as it is now."""
    started = time.perf_counter()
    state = store_state(store)
    snapshots: dict[str, Snapshot] = {}
    for source, snapshot_id, _hash in state:
        snap = store.snapshot(snapshot_id)
        if snap is not None:
            snapshots[source] = snap
    version = _fingerprint(store, state)
    entities: dict[str, Entity] = {}

    def stream() -> Iterator[Entity]:
        for snap in snapshots.values():
            for entity in store.entities(snap.id):
                entities[entity.id] = entity
                yield entity

    path = (cache_dir or index_dir()) / f"api-{version}.idx" if use_cache else None
    index: CandidateIndex | None = None
    cached = False
    if path is not None and path.exists():
        try:
            index = CandidateIndex.open(path)
            cached = True
        except IndexFileError:
            index = None
    if index is None:
        index = CandidateIndex.build(
            stream(), meta={"sources": list(snapshots), "version": version}
        )
        if path is not None:
            index.save(path)
    else:
        for _entity in stream():
            pass
    aliases = {ftm_id(e.source, e.source_id): e.id for e in entities.values()}
    return ScreeningEngine(
        version=version,
        state=state,
        snapshots=snapshots,
        index=index,
        screener=Screener(index),
        entities=entities,
        aliases=aliases,
        built_at=datetime.now(UTC),
        build_seconds=time.perf_counter() - started,
        index_cached=cached,
    )
