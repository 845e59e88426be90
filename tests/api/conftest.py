"""API fixtures: one store and one screening engine per test session, built from real lists.

The engine covers two small real lists (the OFAC ICC-EO14203 extract and the
full UN Security Council list, 1,018 parties) so tests screen real names in
seconds. Every test gets a fresh app over that engine, with a key per role.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from proscribe.api import ApiSettings, create_app
from proscribe.api.engine import ScreeningEngine, build_engine
from proscribe.api.holder import EngineHolder
from proscribe.sources.registry import open_list
from proscribe.store import Store
from proscribe.store.keys import create_key

ICC_EXTRACT = Path("ofac/icc_eo14203_extract_2026-04/sdn.csv")
UN_LIST = Path("un/consolidated_2026-02-27.xml")

# Fast, deterministic defaults for tests: no background reloads, keys re-checked every request.
TEST_SETTINGS = ApiSettings(reload_interval=0, key_cache_seconds=0, rate_limit=0, index_cache=False)


@dataclass(frozen=True)
class Keys:
    screener: str
    reviewer: str
    admin: str

    def header(self, role: str = "screener") -> dict[str, str]:
        return {"Authorization": f"ApiKey {getattr(self, role)}"}


@pytest.fixture(scope="session")
def api_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api")


@pytest.fixture(scope="session")
def api_store(api_home: Path, lists_dir: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{api_home / 'store.sqlite'}")
    for path in (ICC_EXTRACT, UN_LIST):
        store.import_list(open_list(lists_dir / path))
    yield store
    store.close()


@pytest.fixture(scope="session")
def api_engine(api_store: Store) -> ScreeningEngine:
    return build_engine(api_store, use_cache=False)


@pytest.fixture(scope="session")
def keys(api_store: Store) -> Keys:
    return Keys(
        screener=create_key(api_store.engine, "tests screener", "screener").token,
        reviewer=create_key(api_store.engine, "tests reviewer", "reviewer").token,
        admin=create_key(api_store.engine, "tests admin", "admin").token,
    )


def make_app(
    store: Store, engine: ScreeningEngine, settings: ApiSettings = TEST_SETTINGS
) -> FastAPI:
    holder = EngineHolder(store, use_cache=False)
    holder.install(engine)
    return create_app(settings, store=store, holder=holder)


@pytest.fixture
def app(api_store: Store, api_engine: ScreeningEngine) -> FastAPI:
    return make_app(api_store, api_engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


class LiveServer:
    """The app under a real uvicorn on 127.0.0.1 (a free port), in a thread of the test process."""

    def __init__(self, app: FastAPI) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.sock.close()
