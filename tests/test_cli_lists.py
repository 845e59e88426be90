"""`proscribe lists ...` end to end through the CLI, on the real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proscribe.cli.main import app
from proscribe.sources import fetch
from proscribe.sources.fetch import FetchError, OfficialSource
from proscribe.store import Store
from proscribe.store import refresh as refresh_module

runner = CliRunner()


def run(url: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture()
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_import_ls_show_diff_export(url: str, lists_dir: Path, tmp_path: Path) -> None:
    sdn = lists_dir / "ofac"
    first = run(url, "lists", "import", str(sdn / "sdn_2024-05-02/sdn.csv"))
    assert "imported snapshot 1" in first and "14973 entities" in first
    again = run(url, "lists", "import", str(sdn / "sdn_2024-05-02/sdn.csv"))
    assert "unchanged" in again and "snapshot 1" in again
    run(url, "lists", "import", str(sdn / "sdn_2024-05-03/sdn.csv"))

    listing = run(url, "lists", "ls")
    assert "ofac" in listing and "14965" in listing

    diff = json.loads(run(url, "lists", "diff", "ofac", "--json"))
    assert len(diff["added"]) == 0 and len(diff["removed"]) == 8
    text = run(url, "lists", "diff", "ofac")
    assert "8 removed" in text

    entity = json.loads(run(url, "lists", "show", "ofac:36"))
    assert entity["source_id"] == "36"

    out = tmp_path / "export.ftm.json"
    run(url, "lists", "export", "--format", "ftm", "--output", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    things = [
        r
        for r in records
        if r["schema"] in ("Person", "Organization", "Vessel", "Airplane", "LegalEntity")
    ]
    assert len(things) == 14965
    assert any(r["schema"] == "Sanction" for r in records)


def test_update_reads_proscribe_data(
    url: str, lists_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    (data / "un").mkdir(parents=True)
    shutil.copy(lists_dir / "un/consolidated_2026-02-27.xml", data / "un")
    shutil.copytree(
        lists_dir / "ofac/icc_eo14203_extract_2026-04",
        data / "icc_extract",
        ignore=shutil.ignore_patterns("context_rows.csv"),
    )
    monkeypatch.setenv("PROSCRIBE_DATA", str(data))
    out = run(url, "lists", "update", "--offline-fallback")
    assert "imported" in out
    with Store.open(url) as store:
        assert set(store.sources()) == {"un", "ofac", "icc"}
        assert store.latest("un").entity_count == 1003  # type: ignore[union-attr]
        assert store.latest("ofac").entity_count == 15  # type: ignore[union-attr]


def test_offline_update_keeps_snapshots_and_falls_back_to_demo(
    url: str, lists_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROSCRIBE_DATA", raising=False)

    def offline(src: OfficialSource, *args: object, **kwargs: object) -> Path:
        raise FetchError(
            f"{next(iter(src.files.values()))}: download failed (ConnectError: no network)"
        )

    monkeypatch.setattr(refresh_module, "download_source", offline)
    # First run on an empty store: every download fails, the demo dataset is loaded.
    out = run(url, "lists", "update", "--offline-fallback")
    assert "failed" in out
    with Store.open(url) as store:
        assert "demo" in store.sources() and "icc" in store.sources()

    # A store that has a real list keeps it when the next download fails, and gets no demo.
    other = url.replace("cli.sqlite", "cli2.sqlite")
    run(other, "lists", "import", str(lists_dir / "ofac/icc_eo14203_extract_2026-04/sdn.csv"))
    run(other, "lists", "update", "--offline-fallback")
    with Store.open(other) as store:
        outcomes = refresh_module.refresh(store, offline_fallback=True)
        ofac = next(o for o in outcomes if o.source == "ofac")
        assert ofac.status == "failed" and "kept snapshot 1" in ofac.message
        assert "demo" not in store.sources()
        assert store.latest("ofac").id == 1  # type: ignore[union-attr]


def test_download_failure_is_fast_and_clear(tmp_path: Path) -> None:
    """A refused connection fails at once (no retries against a machine that is offline)."""
    src = OfficialSource("x", "test", {"x.csv": "http://127.0.0.1:9/x.csv"})
    with pytest.raises(FetchError) as info:
        fetch.download_source(src, tmp_path, connect_timeout=2.0, retries=2)
    assert "127.0.0.1:9/x.csv" in str(info.value)
