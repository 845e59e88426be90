"""The CLI: customers import|ls, monitor run, alerts ls|show|assign|decide|comment, audit verify|export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from proscribe.cli import cases_cli
from proscribe.store import Store
from tests.cases.conftest import base_entities


def cli_app() -> typer.Typer:
    """The case commands as `proscribe` registers them (the store comes from $PROSCRIBE_DB_URL)."""
    app = typer.Typer()
    cases_cli.register(app)
    return app


@pytest.fixture
def run(store_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROSCRIBE_DB_URL", store_url)
    runner = CliRunner()

    def invoke(*args: str, user: str | None = None) -> tuple[int, str]:
        if user is not None:
            monkeypatch.setenv("PROSCRIBE_USER", user)
        result = runner.invoke(cli_app(), list(args))
        return result.exit_code, result.output

    return invoke


def test_review_workflow_from_the_command_line(
    run, store: Store, customers_file: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    code, out = run("customers", "import", str(customers_file), "--as-user", "ops")
    assert code == 0, out
    assert "6 added" in out
    code, out = run("customers", "ls", "--json")
    assert [c["id"] for c in json.loads(out)] == ["C1", "C2", "C3", "C4", "C5", "C6"]

    store.import_entities("testlist", "test", [], base_entities())
    code, out = run("monitor", "run", "--json", "--as-user", "scheduler")
    assert code == 0, out
    report = json.loads(out)
    assert report["full_screened"] == 6
    assert report["alerts"] == 4

    code, out = run("alerts", "ls", "--json")
    listed = json.loads(out)
    by_customer = {a["subject_id"]: a for a in listed}
    assert set(by_customer) == {"C2", "C3", "C4", "C5"}
    petrov = by_customer["C2"]

    code, out = run("alerts", "show", str(petrov["id"]))
    assert code == 0 and "PETROV" in out and "obligations" in out

    code, out = run("alerts", "assign", str(petrov["id"]), "bob", "--as-user", "alice")
    assert code == 0 and "in_review" in out
    code, out = run(
        "alerts", "comment", str(petrov["id"]), "same DOB; checking the passport", user="bob"
    )
    assert code == 0
    code, out = run(
        "alerts",
        "decide",
        str(petrov["id"]),
        "true_match",
        "--reason",
        "DOB and nationality agree",
        user="bob",
    )
    assert code == 0 and "second reviewer" in out
    code, out = run(
        "alerts", "decide", str(petrov["id"]), "true_match", "--reason", "me again", user="bob"
    )
    assert code == 2 and "second reviewer" in out
    code, out = run(
        "alerts",
        "decide",
        str(petrov["id"]),
        "true_match",
        "--reason",
        "confirmed",
        "--version",
        "1",
        user="carol",
    )
    assert code == 3 and "changed since you read it" in out
    code, out = run(
        "alerts", "decide", str(petrov["id"]), "true_match", "--reason", "confirmed", user="carol"
    )
    assert code == 0 and "confirmed by carol" in out

    code, out = run("alerts", "show", str(petrov["id"]), "--json")
    detail = json.loads(out)
    assert detail["alert"]["decision"] == "true_match"
    assert (detail["alert"]["decided_by"], detail["alert"]["approved_by"]) == ("bob", "carol")
    assert [e["kind"] for e in detail["events"]] == [
        "created",
        "assigned",
        "comment",
        "proposed",
        "decided",
    ]
    assert [e["actor"] for e in detail["events"]][1:] == ["alice", "bob", "bob", "carol"]

    code, out = run("alerts", "ls", "--state", "nonsense")
    assert code == 2 and "not one of" in out
    code, out = run("alerts", "show", "9999")
    assert code == 2 and "no alert 9999" in out

    code, out = run("audit", "verify")
    assert code == 0, out
    export = tmp_path / "audit.csv"
    code, out = run("audit", "export", "--format", "csv", "--output", str(export))
    assert code == 0
    assert "alert.decided" in export.read_text(encoding="utf-8")


def test_bad_customer_file_names_the_lines(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,birth_date\nA,Ann Lee,1970-13-45\n,No Id,\nB,,1970\n", encoding="utf-8")
    code, out = run("customers", "import", str(bad))
    assert code == 2
    assert (
        "line 2: birth_date" in out
        and "line 3: id is empty" in out
        and "line 4: name is empty" in out
    )
    assert "nothing was imported" in out
