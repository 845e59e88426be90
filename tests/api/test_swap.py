"""A list update swaps the index in place: no request fails, none is dropped, each sees one index."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from proscribe.api import create_app
from proscribe.api.engine import ScreeningEngine, build_engine
from proscribe.api.holder import EngineHolder
from proscribe.screen.engine import Screener
from proscribe.sources.registry import open_list
from proscribe.store import Store
from proscribe.store.keys import create_key
from tests.api.conftest import ICC_EXTRACT, TEST_SETTINGS, UN_LIST, LiveServer

pytestmark = pytest.mark.xdist_group("api")

KHAN = {
    "queries": {
        "q": {"schema": "Person", "properties": {"name": ["Karim Khan"], "nationality": ["gb"]}}
    }
}
BIN_LADEN = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Hamza bin Laden"]}}}}


@pytest.fixture(scope="module")
def swap_store(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('swap') / 'store.sqlite'}")
    store.import_list(open_list(lists_dir / ICC_EXTRACT))
    yield store
    store.close()


def test_swap_under_concurrent_requests(swap_store: Store, lists_dir: Path) -> None:
    """Clients hammer /match and /search while a list is imported, the index rebuilt and swapped
    (through POST /lists/reload), then swapped back and forth 40 times: zero failures."""
    holder = EngineHolder(swap_store, use_cache=False)
    assert holder.reload(force=True).error is None
    small = holder.require()
    app = create_app(TEST_SETTINGS, store=swap_store, holder=holder)
    screener = {"X-API-Key": create_key(swap_store.engine, "swap screener", "screener").token}
    admin = {"X-API-Key": create_key(swap_store.engine, "swap admin", "admin").token}
    stop = threading.Event()
    outcomes: list[tuple[int, str, Any]] = []
    lock = threading.Lock()

    def client_loop(n: int) -> int:
        sent = 0
        with httpx.Client(base_url=server.url, headers=screener, timeout=60) as http:
            while not stop.is_set() and sent < 2000:
                body = BIN_LADEN if n % 2 else KHAN
                if n % 3 == 2:
                    r = http.get("/search/default", params={"q": "bin laden"})
                    payload: Any = (
                        [e["datasets"][0] for e in r.json()["results"]]
                        if r.status_code == 200
                        else r.text
                    )
                else:
                    r = http.post("/match/default", json=body)
                    payload = (
                        [x["datasets"][0] for x in r.json()["responses"]["q"]["results"]]
                        if r.status_code == 200
                        else r.text
                    )
                with lock:
                    outcomes.append((r.status_code, r.headers.get("x-index-version", ""), payload))
                sent += 1
        return sent

    with LiveServer(app) as server, ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(client_loop, n) for n in range(6)]
        time.sleep(0.5)
        swap_store.import_list(open_list(lists_dir / UN_LIST))
        with httpx.Client(base_url=server.url, headers=admin, timeout=120) as http:
            reloaded = http.post("/lists/reload").json()
        assert reloaded["changed"] is True and reloaded["error"] is None
        big = holder.require()
        assert big.version != small.version and set(big.sources) == {"ofac", "un"}
        for i in range(40):
            holder.install(small if i % 2 == 0 else big)
            time.sleep(0.05)
        holder.install(big)
        time.sleep(0.3)
        stop.set()
        sent = sum(f.result() for f in futures)

    assert sent >= 200, f"only {sent} requests were made: the test did not load the server"
    statuses = Counter(status for status, _, _ in outcomes)
    assert statuses == {200: sent}, statuses
    versions = Counter(version for _, version, _ in outcomes)
    assert set(versions) == {small.version, big.version}, versions
    # Each request answered from one index: the small one knows no UN entries.
    for _, version, datasets in outcomes:
        if version == small.version:
            assert "un" not in datasets
    assert any("un" in datasets for _, version, datasets in outcomes if version == big.version)


class _GatedScreener(Screener):
    """A screener that holds each request until the test lets it go: a request 'in flight'."""

    entered: threading.Event
    release: threading.Event

    def screen(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.release.wait(30)
        return super().screen(*args, **kwargs)


def test_request_in_flight_finishes_on_the_index_it_started_with(swap_store: Store) -> None:
    holder = EngineHolder(swap_store, use_cache=False)
    base = build_engine(swap_store, use_cache=False)
    gated = _GatedScreener(base.index)
    gated.entered, gated.release = threading.Event(), threading.Event()
    old = replace(base, version="old-index", screener=gated)
    new = replace(base, version="new-index")
    holder.install(old)
    app = create_app(TEST_SETTINGS, store=swap_store, holder=holder)
    headers = {"X-API-Key": create_key(swap_store.engine, "gate", "screener").token}
    with TestClient(app) as client, ThreadPoolExecutor(max_workers=1) as pool:
        in_flight = pool.submit(client.post, "/match/default", json=KHAN, headers=headers)
        assert gated.entered.wait(30)
        holder.install(new)
        fresh = client.post("/match/default", json=KHAN, headers=headers)
        assert fresh.status_code == 200 and fresh.headers["x-index-version"] == "new-index"
        gated.release.set()
        finished = in_flight.result(timeout=30)
    assert finished.status_code == 200
    assert finished.headers["x-index-version"] == "old-index"
    assert finished.json()["responses"]["q"]["results"][0]["id"] == "ofac:52965"


def test_failed_build_keeps_serving_the_previous_index(swap_store: Store) -> None:
    engine = build_engine(swap_store, use_cache=False)
    calls = {"n": 0}

    def flaky(store: Store) -> ScreeningEngine:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError("disk full")
        return engine

    holder = EngineHolder(swap_store, builder=flaky)
    assert holder.reload(force=True).error is None
    outcome = holder.reload(force=True)
    assert outcome.error == "OSError: disk full" and outcome.changed is False
    assert holder.require() is engine
    app = create_app(TEST_SETTINGS, store=swap_store, holder=holder)
    headers = {"X-API-Key": create_key(swap_store.engine, "flaky", "admin").token}
    with TestClient(app) as client:
        assert client.post("/match/default", json=KHAN, headers=headers).status_code == 200
        assert (
            client.get("/lists", headers=headers).json()["index"]["last_error"]
            == "OSError: disk full"
        )


def test_not_ready_until_the_first_index_is_built(swap_store: Store) -> None:
    gate = threading.Event()

    def slow(store: Store) -> ScreeningEngine:
        assert gate.wait(30)
        return build_engine(store, use_cache=False)

    holder = EngineHolder(swap_store, builder=slow)
    app = create_app(TEST_SETTINGS, store=swap_store, holder=holder)
    headers = {"X-API-Key": create_key(swap_store.engine, "early", "screener").token}
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert (
            ready.status_code == 503
            and ready.json()["detail"] == "the screening index is still loading"
        )
        r = client.post("/match/default", json=KHAN, headers=headers)
        assert r.status_code == 503 and r.headers["retry-after"] == "5"
        gate.set()
        assert holder.wait_ready(60)
        assert client.get("/readyz").status_code == 200
        assert client.post("/match/default", json=KHAN, headers=headers).status_code == 200


def test_empty_store_is_not_ready(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'empty.sqlite'}") as store:
        holder = EngineHolder(store, use_cache=False)
        app = create_app(TEST_SETTINGS, store=store, holder=holder)
        with TestClient(app) as client:
            assert holder.wait_ready(30)
            ready = client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["detail"] == "the store holds no lists"
