"""`proscribe check NAME --as ...`: the obligations of an alert, through the CLI, on the real ICC extract."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from proscribe.cli.main import app

runner = CliRunner()


def check(lists_dir: Path, tmp_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    extract = lists_dir / "ofac/icc_eo14203_extract_2026-04/sdn.csv"
    result = runner.invoke(
        app,
        [
            "--db",
            f"sqlite:///{tmp_path / 's.sqlite'}",
            "check",
            "Karim Khan",
            "--lists",
            str(extract),
            "--json",
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.output)  # type: ignore[type-arg]
    return data


def test_us_bank_must_block_and_report(lists_dir: Path, tmp_path: Path) -> None:
    data = check(lists_dir, tmp_path, "--as", "US", "--activity", "payment", "--on", "2026-11-28")
    top = data["matches"][0]
    assert top["source_id"] == "52965" and top["match"]
    obligations = top["obligations"]
    assert obligations["binding"] is True
    freeze = next(m for m in obligations["measures"] if m["type"] == "asset_freeze")
    assert freeze["programme"] == "ICC-EO14203" and "EO 14203" in freeze["legal_basis"]
    actions = {a["kind"]: a for a in freeze["actions"]}
    assert "block" in actions
    assert actions["report"]["notify"] == "OFAC" and actions["report"]["within_business_days"] == 10
    assert actions["report"]["due"] == "2026-12-11"


def test_french_bank_has_only_us_exposure(lists_dir: Path, tmp_path: Path) -> None:
    data = check(lists_dir, tmp_path, "--as", "FR", "--activity", "payment", "--on", "2026-11-28")
    obligations = data["matches"][0]["obligations"]
    assert obligations["binding"] is False
    assert not obligations["measures"]
    assert "exposure" in json.dumps(obligations).lower()


def test_unknown_jurisdiction_is_a_clear_error(lists_dir: Path, tmp_path: Path) -> None:
    extract = lists_dir / "ofac/icc_eo14203_extract_2026-04/sdn.csv"
    result = runner.invoke(
        app, ["check", "Karim Khan", "--lists", str(extract), "--as", "Atlantis"]
    )
    assert result.exit_code != 0
    assert "Atlantis" in result.output


def test_batch_output_carries_obligations(lists_dir: Path, tmp_path: Path) -> None:
    extract = lists_dir / "ofac/icc_eo14203_extract_2026-04/sdn.csv"
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,birth_date\nq1,Karim Khan,1970-03-30\nq2,Jane Marie Doe,\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        [
            "screen",
            str(queries),
            "--lists",
            str(extract),
            "--output",
            str(out),
            "--as",
            "US",
            "--activity",
            "entry",
            "--on",
            "2026-11-28",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = lines[0]["matches"][0]
    assert first["source_id"] == "52965" and first["match"]
    entry = [m for m in first["obligations"]["measures"] if m["type"] == "entry_ban"]
    assert entry and first["obligations"]["binding"] is True
    assert all("obligations" not in m for line in lines for m in line["matches"] if not m["match"])
