"""Swapping the screening engine while requests run.

Each request takes `holder.current` once, at its start, and uses that engine
to the end; a reload builds a complete new engine beside the old one and
then replaces the reference in one assignment. So a request in flight never
sees half an update, never fails because of one, and the old engine is freed
when the last request holding it finishes. Only one build runs at a time;
a failed build keeps serving the engine there was.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from proscribe.api.engine import ScreeningEngine, build_engine, store_state
from proscribe.store import Store

log = logging.getLogger("proscribe.api")

Builder = Callable[[Store], ScreeningEngine]


class EngineNotReady(Exception):
    """No engine has been built yet (startup), or the store holds no lists."""


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    changed: bool
    version: str | None
    seconds: float
    error: str | None = None


class EngineHolder:
    """The reference every request reads, and the one place that replaces it."""

    def __init__(
        self, store: Store, builder: Builder | None = None, use_cache: bool = True
    ) -> None:
        self.store = store
        self._builder: Builder = builder or (lambda s: build_engine(s, use_cache=use_cache))
        self._current: ScreeningEngine | None = None
        self._build_lock = threading.Lock()
        self._ready = threading.Event()
        self.last_error: str | None = None
        self.reloads = 0

    @property
    def current(self) -> ScreeningEngine | None:
        return self._current

    def require(self) -> ScreeningEngine:
        """The engine for one request; raises EngineNotReady before the first build or without lists."""
        engine = self._current
        if engine is None:
            detail = f": {self.last_error}" if self.last_error else ""
            raise EngineNotReady(f"the screening index is still loading{detail}")
        if not engine.entities:
            raise EngineNotReady(
                "the store holds no lists: import some with `proscribe lists update`"
            )
        return engine

    def install(self, engine: ScreeningEngine) -> None:
        """Make `engine` the one new requests use (requests in flight keep theirs)."""
        self._current = engine
        self.reloads += 1
        self._ready.set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def reload(self, force: bool = False) -> ReloadOutcome:
        """Build a new engine if the store's lists changed (or `force`), then swap it in."""
        started = time.perf_counter()
        with self._build_lock:
            current = self._current
            try:
                if not force and current is not None and store_state(self.store) == current.state:
                    return ReloadOutcome(False, current.version, time.perf_counter() - started)
                engine = self._builder(self.store)
            except Exception as exc:  # keep serving the previous engine, say why
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("building the screening index failed; still serving the previous one")
                return ReloadOutcome(
                    False,
                    current.version if current else None,
                    time.perf_counter() - started,
                    self.last_error,
                )
            self.last_error = None
            changed = current is None or engine.version != current.version
            self.install(engine)
            log.info(
                "screening index %s: %d entities from %s (%.1fs%s)",
                engine.version,
                len(engine),
                ", ".join(f"{s}#{snap.id}" for s, snap in engine.snapshots.items()) or "no lists",
                engine.build_seconds,
                ", reopened from cache" if engine.index_cached else "",
            )
            return ReloadOutcome(changed, engine.version, time.perf_counter() - started)
