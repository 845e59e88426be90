"""`proscribe keys create|list|revoke` and `proscribe serve` (uvicorn, two workers, on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from proscribe.cli import api_cli
from proscribe.sources.registry import open_list
from proscribe.store import Store
from tests.api.conftest import ICC_EXTRACT

pytestmark = pytest.mark.xdist_group("api")

SERVE = "from proscribe.cli.main import app; from proscribe.cli.api_cli import register; register(app); app()"


def _cli() -> typer.Typer:
    app = typer.Typer()
    api_cli.register(app)
    return app


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("PROSCRIBE_DB_URL", url)
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    return url


def test_keys_create_list_revoke(db_url: str) -> None:
    runner = CliRunner()
    app = _cli()
    created = runner.invoke(
        app, ["keys", "create", "--name", "core banking", "--role", "screener", "--json"]
    )
    assert created.exit_code == 0, created.output
    data = json.loads(created.stdout)
    key_id, token = data["key"]["key_id"], data["token"]
    assert token.startswith(f"psk_{key_id}_")
    human = runner.invoke(
        app, ["keys", "create", "--name", "ops", "--role", "admin", "--rate-limit", "20"]
    )
    assert human.exit_code == 0 and "not shown again" in human.stdout
    listed = runner.invoke(app, ["keys", "list", "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["name"], r["role"], r["active"]) for r in rows] == [
        ("core banking", "screener", True),
        ("ops", "admin", True),
    ]
    assert token not in listed.stdout
    revoked = runner.invoke(app, ["keys", "revoke", token])
    assert revoked.exit_code == 0 and f"revoked key {key_id}" in revoked.stdout
    active = runner.invoke(app, ["keys", "list", "--active", "--json"])
    assert [json.loads(line)["name"] for line in active.stdout.splitlines()] == ["ops"]
    assert runner.invoke(app, ["keys", "revoke", "000000000000"]).exit_code == 1
    bad = runner.invoke(app, ["keys", "create", "--name", "x", "--role", "root"])
    assert bad.exit_code == 2 and "not one of screener, reviewer, admin" in bad.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers(db_url: str, lists_dir: Path, tmp_path: Path) -> None:
    with Store.open(db_url) as store:
        store.import_list(open_list(lists_dir / ICC_EXTRACT))
    runner = CliRunner()
    token = json.loads(
        runner.invoke(
            _cli(), ["keys", "create", "-n", "serve test", "-r", "admin", "--json"]
        ).stdout
    )["token"]
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVE,
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--reload-interval",
            "0",
            "--audit-log",
            str(tmp_path / "audit.jsonl"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ),
        cwd=Path(__file__).resolve().parents[2],
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        ready = None
        while time.monotonic() < deadline:
            try:
                ready = httpx.get(f"{url}/readyz", timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        assert ready is not None and ready.status_code == 200, (tmp_path / "serve.log").read_text()
        headers = {"Authorization": f"ApiKey {token}"}
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Karim Khan"]}}}}
        with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
            for _ in range(20):
                r = http.post("/match/default", json=body)
                assert (
                    r.status_code == 200
                    and r.json()["responses"]["q"]["results"][0]["id"] == "ofac:52965"
                )
            metrics = http.get("/metrics").text
        # Both workers' counts, added up (prometheus multiprocess mode).
        line = next(
            m
            for m in metrics.splitlines()
            if m.startswith('proscribe_api_queries_total{endpoint="match"}')
        )
        assert float(line.split()[-1]) == 20.0
        assert len((tmp_path / "audit.jsonl").read_text().splitlines()) == 20
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    assert "proscribe API on http://127.0.0.1" in (tmp_path / "serve.log").read_text()
