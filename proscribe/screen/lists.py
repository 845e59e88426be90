"""Getting a candidate index for what is to be screened: list files, or the store's current lists.

Building an index parses every list and analyses every name, which takes
seconds to minutes; opening a saved one is a memory map. So each index is
saved under `$PROSCRIBE_HOME/index/`, named by a fingerprint of exactly what
went into it: the list files' content (or the store snapshots) and the code
that turns names into tokens. A restart, or a second process, opens the saved
file; a changed list or a changed tokeniser gets a fresh index.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from proscribe.config import home_dir
from proscribe.index.arrays import IndexFileError
from proscribe.index.build import FORMAT_VERSION
from proscribe.index.candidates import CandidateIndex
from proscribe.sources.base import ParseReport
from proscribe.sources.registry import expand_paths, open_list
from proscribe.store.hashing import files_hash

_CODE_PACKAGES = ("index", "text")


@dataclass(slots=True)
class LoadedLists:
    """An index and where it came from."""

    index: CandidateIndex
    path: Path | None
    reports: list[ParseReport] = field(default_factory=list)
    cached: bool = False


@cache
def code_fingerprint() -> str:
    """Hash of the code and data tables that decide how names become tokens and keys."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    for package in _CODE_PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json"):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def index_dir() -> Path:
    path = home_dir() / "index"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _open_cached(path: Path) -> CandidateIndex | None:
    if not path.exists():
        return None
    try:
        return CandidateIndex.open(path)
    except IndexFileError as exc:
        print(f"warning: rebuilding the index: {exc}", file=sys.stderr)
        return None


def load_list_files(
    paths: Sequence[Path | str],
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> LoadedLists:
    """An index over the given list files (folders expand to the list files in them).

    Formats are detected from content; companions (OFAC add/alt files) are
    found beside their main file, as `open_list` does.
    """
    files = expand_paths([Path(p) for p in paths])
    if not files:
        raise ValueError("no list files given")
    parsed = [open_list(f) for f in files]
    digest = hashlib.sha256(code_fingerprint().encode())
    for p in parsed:
        digest.update(p.report.source.encode())
        digest.update(files_hash(p.files).encode())
    target = (cache_dir or index_dir()) / f"lists-{digest.hexdigest()[:24]}.idx"
    if use_cache:
        found = _open_cached(target)
        if found is not None:
            return LoadedLists(found, target, [], cached=True)

    def entities():  # type: ignore[no-untyped-def]
        for p in parsed:
            yield from p.entities()

    index = CandidateIndex.build(
        entities(),
        meta={
            "sources": [p.report.source for p in parsed],
            "files": [str(f) for p in parsed for f in p.files],
        },
    )
    reports = [p.report for p in parsed]
    for r in reports:
        index.meta.setdefault("published", {})[r.source] = r.published
    if use_cache:
        index.save(target)
    return LoadedLists(index, target if use_cache else None, reports, cached=False)


def load_store(
    url: str | None = None, sources: list[str] | None = None, use_cache: bool = True
) -> LoadedLists:
    """An index over the latest snapshot of every source in the store (or of the named ones)."""
    from proscribe.store import Store

    store = Store.open(url)
    try:
        wanted = sources if sources is not None else store.sources()
        if not wanted:
            raise ValueError(
                "the store holds no lists: import some with `proscribe lists import`, or pass --lists"
            )
        digest = hashlib.sha256(code_fingerprint().encode())
        digest.update(store.url.encode())
        for source in wanted:
            snap = store.latest(source)
            if snap is None:
                raise ValueError(f"no snapshot of source {source!r} in the store")
            digest.update(f"{source}:{snap.id}:{snap.file_hash}".encode())
        target = index_dir() / f"store-{digest.hexdigest()[:24]}.idx"
        if use_cache:
            found = _open_cached(target)
            if found is not None:
                return LoadedLists(found, target, [], cached=True)
        index = CandidateIndex.build(store.current_entities(wanted), meta={"sources": list(wanted)})
        if use_cache:
            index.save(target)
        return LoadedLists(index, target if use_cache else None, [], cached=False)
    finally:
        store.close()
