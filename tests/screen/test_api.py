"""The Python API: load_lists, screen, compare; and the saved index a restart reopens."""

from __future__ import annotations

from pathlib import Path

import pytest

import proscribe
from proscribe.match.query import QueryError
from proscribe.screen.lists import load_list_files


@pytest.fixture()
def icc(lists_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    return lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv"


def test_screen_and_compare(icc: Path) -> None:
    lists = proscribe.load_lists(icc)
    hits = proscribe.screen("Karim Khan", lists=lists, birth_date="1970-03-30", schema="Person")
    top = hits[0]
    assert (top.source, top.source_id, top.name, top.match) == (
        "ofac",
        "52965",
        "KHAN, Karim Asad Ahmad",
        True,
    )
    assert top.explanation["birth_date"]["verdict"] == "same_day"
    assert "KHAN, Karim Asad Ahmad" in top.summary
    # Lists given as paths work too, and the threshold is per call.
    strict = proscribe.screen("Karim Khan", lists=[icc], threshold=0.99)
    assert strict and not any(h.match for h in strict)
    with pytest.raises(QueryError, match="country"):
        proscribe.screen("Karim Khan", lists=lists, country="Narnia")
    pair = proscribe.compare("Karim Khan", "KHAN, Karim", schema="Person")
    assert pair.score > 0.9
    assert proscribe.compare("Karim Khan", "Maria Garcia").score < 0.1


def test_saved_index_is_reused(icc: Path) -> None:
    first = load_list_files([icc])
    assert not first.cached and first.path is not None and first.path.exists()
    second = load_list_files([icc])
    assert second.cached and second.path == first.path
    assert second.index.n_entities == first.index.n_entities == 15
    fresh = load_list_files([icc], use_cache=False)
    assert not fresh.cached


def test_every_icc_person_is_found_by_name_and_by_reordered_name(icc: Path) -> None:
    from proscribe.sources.registry import open_list

    lists = proscribe.load_lists(icc)
    for entity in open_list(icc).entities():
        name = entity.caption
        hits = proscribe.screen(name, lists=lists, schema=entity.schema)
        assert hits[0].source_id == entity.source_id and hits[0].match, name
        if "," in name:
            family, given = name.split(",", 1)
            hits = proscribe.screen(
                f"{given.strip()} {family.strip()}", lists=lists, schema=entity.schema
            )
            assert hits[0].source_id == entity.source_id and hits[0].match, name
