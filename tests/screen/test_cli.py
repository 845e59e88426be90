"""The ICC checks and the batch contract through the real `proscribe` command."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proscribe.cli.main import app

runner = CliRunner()


@pytest.fixture()
def icc(lists_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PROSCRIBE_DB_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    return lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv"


def _check(icc: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(
        app, ["check", *args, "--lists", str(icc), "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _khan(output: dict) -> dict:  # type: ignore[type-arg]
    found = [m for m in output["matches"] if m["source_id"] == "52965"]
    assert found, output
    return found[0]


def test_check_karim_khan_finds_him_with_an_explanation(icc: Path) -> None:
    result = runner.invoke(
        app,
        ["check", "Karim Khan", "--lists", str(icc)],
        catch_exceptions=False,
        terminal_width=220,
    )
    assert result.exit_code == 0, result.output
    assert (
        "52965" in result.output and "KHAN, Karim" in result.output
    )  # the table (folded at 80 columns)
    output = _check(icc, "Karim Khan")
    top = output["matches"][0]
    assert top["source_id"] == "52965"
    assert top["name"] == "KHAN, Karim Asad Ahmad"
    name = top["explanation"]["name"]
    assert name["candidate"] == "KHAN, Karim Asad Ahmad"
    assert {(p["query"], p["candidate"]) for p in name["pairs"]} == {
        ("karim", "karim"),
        ("khan", "khan"),
    }
    assert sorted(name["candidate_unmatched"]) == ["ahmad", "asad"]
    assert "karim=karim, khan=khan" in top["explanation"]["summary"]  # the readable line


def test_check_in_arabic_script_finds_him(icc: Path) -> None:
    output = _check(icc, "كريم خان")
    top = output["matches"][0]
    assert top["source_id"] == "52965"
    assert top["explanation"]["name"]["query"] == "كريم خان"


def test_birth_date_moves_the_score(icc: Path) -> None:
    plain = _khan(_check(icc, "Karim Khan"))["score"]
    same = _khan(_check(icc, "Karim Khan", "--dob", "1970-03-30"))
    other = _khan(_check(icc, "Karim Khan", "--dob", "1990-01-01"))
    assert same["score"] > plain > other["score"]
    assert same["explanation"]["birth_date"]["verdict"] == "same_day"
    assert other["explanation"]["birth_date"]["verdict"] == "conflict"
    assert same["match"] is True


def test_passport_and_country(icc: Path) -> None:
    plain = _khan(_check(icc, "Karim Khan"))["score"]
    assert _khan(_check(icc, "Karim Khan", "--id", "518353876"))["score"] > plain
    assert _khan(_check(icc, "Karim Khan", "--country", "United Kingdom"))["score"] > plain
    assert _khan(_check(icc, "Karim Khan", "--country", "FR"))["score"] < plain


def test_bad_inputs_give_clear_errors(icc: Path, tmp_path: Path) -> None:
    bad_dob = runner.invoke(app, ["check", "Karim Khan", "--dob", "yesterday", "--lists", str(icc)])
    assert bad_dob.exit_code == 2 and "birth_date 'yesterday'" in bad_dob.output
    bad_country = runner.invoke(
        app, ["check", "Karim Khan", "--country", "Atlantis", "--lists", str(icc)]
    )
    assert bad_country.exit_code == 2 and "Atlantis" in bad_country.output
    missing = runner.invoke(app, ["check", "Karim Khan", "--lists", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    empty_store = runner.invoke(app, ["check", "Karim Khan"])
    assert empty_store.exit_code == 2 and "no lists" in empty_store.output


def test_batch_contract_round_trip(icc: Path, tmp_path: Path, lists_dir: Path) -> None:
    queries = tmp_path / "queries.csv"
    with open(queries, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "schema", "birth_date", "country", "id_number", "ticket"])
        w.writerow(["q1", "Karim Khan", "Person", "1970-03-30", "gb", "", "T-1"])
        w.writerow(["q2", "كريم خان", "", "", "", "", "T-2"])
        w.writerow(["q3", "Al Haq", "Organization", "", "", "", "T-3"])
        w.writerow(["q4", "Nobody Atall", "Person", "", "", "", "T-4"])
        w.writerow(["q5", "", "", "", "", "", "T-5"])
        w.writerow(["q6", "Karim Khan", "", "not a date", "", "", "T-6"])
        w.writerow(["q7", "KHAN Karim", "Person", "", "", "518353876", "T-7"])
    out = tmp_path / "out.jsonl"
    un = lists_dir / "un" / "consolidated_2026-02-27.xml"
    result = runner.invoke(
        app,
        [
            "screen",
            str(queries),
            "--lists",
            str(icc),
            str(un),
            "--output",
            str(out),
            "--format",
            "jsonl",
            "--limit",
            "3",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
    assert all(line["ticket"] == f"T-{i}" for i, line in enumerate(lines, start=1))  # pass-through
    q1 = lines[0]["matches"][0]
    assert (q1["source"], q1["source_id"], q1["match"]) == ("ofac", "52965", True)
    assert set(q1) >= {"entity_id", "source", "source_id", "name", "score", "match", "explanation"}
    assert lines[1]["matches"][0]["source_id"] == "52965"
    assert lines[2]["matches"][0]["source_id"] == "55413"  # AL HAQ - LAW IN THE SERVICE OF MANKIND
    assert not any(m["match"] for m in lines[3]["matches"])
    assert "error" in lines[4] and "name is empty" in lines[4]["error"]
    assert "error" in lines[5] and "line 7" in lines[5]["error"]
    assert lines[6]["matches"][0]["explanation"]["identifier"]["verdict"] == "same_passport"
    for line in lines:
        scores = [m["score"] for m in line["matches"]]
        assert scores == sorted(scores, reverse=True)
        assert len(scores) <= 3
    assert "7 queries" in result.output and "2 errors" in result.output


def test_batch_threshold_and_missing_columns(icc: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text("id,name\nq1,Karim Khan\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    args = ["screen", str(queries), "--lists", str(icc), "--output", str(out), "--format", "jsonl"]
    assert runner.invoke(app, [*args, "--threshold", "0.01"]).exit_code == 0
    assert json.loads(out.read_text())["matches"][0]["match"] is True
    assert runner.invoke(app, [*args, "--threshold", "0.999"]).exit_code == 0
    assert json.loads(out.read_text())["matches"][0]["match"] is False
    bad = tmp_path / "bad.csv"
    bad.write_text("identifier,fullname\n1,x\n", encoding="utf-8")
    result = runner.invoke(
        app, ["screen", str(bad), "--lists", str(icc), "--output", str(out), "--format", "jsonl"]
    )
    assert result.exit_code == 2 and "missing column(s) id, name" in result.output
    assert runner.invoke(app, [*args, "--format", "xml"]).exit_code == 2


def test_compare_pairs_contract(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "pair_id,schema,name1,name2\n"
        'p1,Person,Mohammed Ali Hassan,"HASSAN, Muhammad Ali"\n'
        "p2,Person,John Smith,Maria Garcia\n"
        "p3,Organization,Rosneft Oil Company,ROSNEFT OIL CO\n"
        "p4,Spaceship,a,b\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.jsonl"
    result = runner.invoke(
        app, ["compare", "--pairs", str(pairs), "--output", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    lines = {r["pair_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert lines["p1"]["match"] is True and lines["p3"]["match"] is True
    assert lines["p2"]["match"] is False
    assert lines["p1"]["score"] > lines["p2"]["score"]
    assert "error" in lines["p4"]
    inline = runner.invoke(app, ["compare", "Karim Khan", "KHAN, Karim"], catch_exceptions=False)
    assert json.loads(inline.output)["match"] is True


def test_check_without_lists_screens_the_store(
    icc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proscribe.sources.registry import open_list
    from proscribe.store import Store

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("PROSCRIBE_DB_URL", url)
    with Store.open(url) as store:
        store.import_list(open_list(icc))
    result = runner.invoke(app, ["check", "Karim Khan", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matches"][0]["source_id"] == "52965"
