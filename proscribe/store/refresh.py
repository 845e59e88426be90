"""Bringing the store up to date: official downloads, local files, or the demo dataset.

A source whose download or parse fails keeps its previous snapshot: an
update never leaves the store with less than it had.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from proscribe.sources.errors import ListError
from proscribe.sources.fetch import FetchError, download_source, official_sources
from proscribe.sources.registry import expand_paths, open_list
from proscribe.store import Store

DEMO_SOURCE = "demo"


@dataclass(slots=True)
class RefreshOutcome:
    """What happened to one source or file during an update."""

    source: str
    origin: str
    status: str  # "imported" | "unchanged" | "failed"
    snapshot_id: int | None = None
    entities: int | None = None
    message: str = ""


Progress = Callable[[str], None]


def import_path(store: Store, path: Path, source: str | None = None) -> RefreshOutcome:
    """Import one list file (its companions ride along); never raises for bad lists."""
    try:
        parsed = open_list(path, source=source)
        result = store.import_list(parsed)
    except ListError as exc:
        return RefreshOutcome(source or "?", str(path), "failed", message=str(exc))
    snap = result.snapshot
    return RefreshOutcome(
        snap.source,
        str(path),
        "imported" if result.created else "unchanged",
        snap.id,
        snap.entity_count,
        f"{len(parsed.report.issues)} issue(s) reported"
        if result.created and parsed.report.issues
        else "",
    )


def refresh_from_directory(store: Store, folder: Path) -> list[RefreshOutcome]:
    """Import every list file found under `folder` (recursively), as `PROSCRIBE_DATA` asks."""
    outcomes: list[RefreshOutcome] = []
    dirs = [folder, *sorted(p for p in folder.rglob("*") if p.is_dir())]
    for d in dirs:
        for path in expand_paths([d]):
            outcomes.append(import_path(store, path))
    return outcomes


def refresh_official(
    store: Store,
    sources: list[str] | None = None,
    progress: Progress | None = None,
    **fetch_options: float,
) -> list[RefreshOutcome]:
    """Download and import each official list; a failure keeps that source's previous snapshot."""
    outcomes: list[RefreshOutcome] = []
    for src in official_sources():
        if sources and src.source not in sources:
            continue
        if progress:
            progress(f"downloading {src.title}")
        try:
            folder = download_source(src, **fetch_options)  # type: ignore[arg-type]
        except FetchError as exc:
            previous = store.latest(src.source)
            keep = f"; kept snapshot {previous.id}" if previous else ""
            outcomes.append(
                RefreshOutcome(src.source, "download", "failed", message=f"{exc}{keep}")
            )
            continue
        try:
            main_file = folder / next(iter(src.files))
            outcomes.append(import_path(store, main_file, source=src.source))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return outcomes


def demo_dataset_path() -> Path:
    return Path(str(resources.files("proscribe.sources").joinpath("data/demo/demo.ftm.jsonl")))


def icc_warrants_path() -> Path:
    return Path(str(resources.files("proscribe.sources").joinpath("data/icc/warrants.yaml")))


def import_icc(store: Store) -> RefreshOutcome:
    """The team's ICC arrest-warrant data, shipped with proscribe and loaded like any list."""
    return import_path(store, icc_warrants_path(), source="icc")


def import_demo(store: Store) -> RefreshOutcome:
    """The bundled demo dataset (fictional parties plus public ICC-related designations)."""
    return import_path(store, demo_dataset_path(), source=DEMO_SOURCE)


def refresh(
    store: Store,
    *,
    offline_fallback: bool = False,
    sources: list[str] | None = None,
    progress: Progress | None = None,
    **fetch_options: float,
) -> list[RefreshOutcome]:
    """The update `make run` performs.

    `$PROSCRIBE_DATA` set: import the files under it instead of downloading.
    Otherwise download every official list. The ICC warrants shipped with
    proscribe are imported either way. With `offline_fallback`, a store left
    without any downloaded or local list (offline, first run) gets the demo
    dataset.
    """
    data_dir = os.environ.get("PROSCRIBE_DATA")
    if data_dir:
        outcomes = refresh_from_directory(store, Path(data_dir))
    else:
        outcomes = refresh_official(store, sources, progress, **fetch_options)
    if not sources or "icc" in sources:
        outcomes.append(import_icc(store))
    if offline_fallback and not set(store.sources()) - {"icc"}:
        outcomes.append(import_demo(store))
    return outcomes
