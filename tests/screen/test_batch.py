"""Batch screening: input order kept, bad rows reported, parallel workers give the same lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proscribe.screen.batch import (
    BatchError,
    compare_pairs,
    read_queries,
    screen_file,
)
from proscribe.screen.engine import Screener
from proscribe.screen.lists import load_list_files
from proscribe.screen.rows import query_from_row


@pytest.fixture(scope="module")
def loaded(lists_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    cache = tmp_path_factory.mktemp("idx")
    return load_list_files([lists_dir / "un" / "consolidated_2026-02-27.xml"], cache_dir=cache)


def test_workers_write_the_same_lines_in_the_same_order(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queries = tmp_path / "q.csv"
    names = [
        "Mokhtar Belmokhtar",
        "مختار بلمختار",
        "Kim Jong Un",
        "Nobody Special",
        "ERIC BADEGE",
        "AL-QAIDA",
    ]
    queries.write_text(
        "id,name\n" + "".join(f"q{i},{n}\n" for i in range(80) for n in names[i % 6 : i % 6 + 1]),
        encoding="utf-8",
    )
    screener = Screener(loaded.index)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    s1 = screen_file(queries, screener, one)
    s2 = screen_file(queries, screener, two, workers=2, index_path=loaded.path)
    assert s1.rows == s2.rows == 80 and s1.errors == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    first = json.loads(one.read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == "q0" and first["matches"][0]["source_id"] == "QDi.136"


def test_query_rows(tmp_path: Path) -> None:
    q = query_from_row(
        {
            "id": "1",
            "name": "X Y",
            "country": "Russia",
            "birth_date": "1961",
            "id_number": "A1; B2",
            "extra": "z",
        }
    )
    assert q.country == "RU" and q.birth_date is not None and q.birth_date.value == "1961"
    assert q.identifiers == ("A1", "B2") and q.extra == {"extra": "z"}
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(BatchError, match="empty file"):
        list(read_queries(empty))
    with pytest.raises(BatchError, match="cannot open"):
        list(read_queries(tmp_path / "missing.csv"))


def test_pairs_are_symmetric(tmp_path: Path) -> None:
    pairs = tmp_path / "p.csv"
    pairs.write_text(
        "pair_id,schema,name1,name2\n"
        "a,Person,Aleksei Viktorovich PIMANOV,Alexey PIMANOV\n"
        "b,Person,Alexey PIMANOV,Aleksei Viktorovich PIMANOV\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.jsonl"
    compare_pairs(pairs, out)
    a, b = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert a["score"] == b["score"] and a["match"] is True
