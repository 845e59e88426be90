"""The candidate index over the store's current lists, as screening builds it.

Monitoring scores its candidate pairs against the same index a full
screening uses, so that the token weights (rarity among all listed parties)
and therefore the scores are the same. The index is saved under
`$PROSCRIBE_HOME/index/` with the name `proscribe.screen.lists.load_store`
gives it, so `proscribe check` and monitoring share one file per set of
snapshots.
"""

from __future__ import annotations

import hashlib

from proscribe.index.arrays import IndexFileError
from proscribe.index.candidates import CandidateIndex
from proscribe.screen.lists import code_fingerprint, index_dir
from proscribe.store import Store


def current_index(store: Store, use_cache: bool = True) -> CandidateIndex:
    """The index over the latest snapshot of every source (opened from disk when saved before)."""
    sources = store.sources()
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(store.url.encode())
    for source in sources:
        snap = store.latest(source)
        if snap is None:
            continue
        digest.update(f"{source}:{snap.id}:{snap.file_hash}".encode())
    path = index_dir() / f"store-{digest.hexdigest()[:24]}.idx"
    if use_cache and path.exists():
        try:
            return CandidateIndex.open(path)
        except IndexFileError:
            pass
    index = CandidateIndex.build(store.current_entities(sources), meta={"sources": list(sources)})
    if use_cache:
        index.save(path)
    return index


def positions(index: CandidateIndex) -> dict[str, int]:
    """Entity id -> position in the index."""
    return {index.entity_id(i): i for i in range(index.n_entities)}
