"""The candidate index: recall on every name of a real list, saved-file round trip, bad files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from proscribe.index.arrays import IndexFileError, StringColumn, open_arrays, save_arrays
from proscribe.index.candidates import CandidateIndex
from proscribe.index.keys import hash_keys
from proscribe.index.prepare import prepare_name
from proscribe.model import Entity, Name
from proscribe.sources.registry import open_list


@pytest.fixture(scope="module")
def un_entities(lists_dir: Path) -> list[Entity]:
    return list(open_list(lists_dir / "un" / "consolidated_2026-02-27.xml").entities())


@pytest.fixture(scope="module")
def un_index(un_entities: list[Entity]) -> CandidateIndex:
    return CandidateIndex.build(un_entities)


def _typo(text: str) -> str:
    """Swap two letters in the middle of the longest word: a typo the index must survive."""
    words = text.split()
    k = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[k]
    if len(w) >= 5:
        m = len(w) // 2
        words[k] = w[: m - 1] + w[m] + w[m - 1] + w[m + 1 :]
    return " ".join(words)


def test_every_name_of_the_un_list_finds_its_party(
    un_entities: list[Entity], un_index: CandidateIndex
) -> None:
    total = found = found_typo = 0
    for e in un_entities:
        target = un_index.entity_id
        for name in e.names:
            forms = prepare_name(name.full, e.schema).forms
            if not forms:
                continue
            total += 1
            hits = {target(c.entity) for c in un_index.search([*forms], limit=50)}
            found += e.id in hits
            typo_forms = prepare_name(_typo(name.full), e.schema).forms
            hits = {target(c.entity) for c in un_index.search([*typo_forms], limit=50)}
            found_typo += e.id in hits
    assert total > 3000  # 1003 parties, their aliases and original-script names
    assert found == total
    assert found_typo / total >= 0.99, f"{found_typo}/{total}"


def test_counts_and_records(un_entities: list[Entity], un_index: CandidateIndex) -> None:
    assert un_index.n_entities == len(un_entities) == 1003
    assert un_index.n_names >= 3400
    rec = un_index.record(0)
    assert rec.id == un_entities[0].id
    assert rec.source == "un"
    assert rec.source_id == un_entities[0].source_id


def test_saved_index_round_trip(tmp_path: Path, un_index: CandidateIndex) -> None:
    path = tmp_path / "un.idx"
    un_index.save(path)
    start = time.perf_counter()
    opened = CandidateIndex.open(path)
    assert time.perf_counter() - start < 2.0
    assert opened.meta == un_index.meta
    query = prepare_name("Mokhtar Belmokhtar", "Person").forms
    assert [(c.entity, c.names) for c in opened.search(query)] == [
        (c.entity, c.names) for c in un_index.search(query)
    ]
    assert opened.record(5) == un_index.record(5)


def test_bad_index_files(tmp_path: Path, un_index: CandidateIndex) -> None:
    not_index = tmp_path / "x.idx"
    not_index.write_bytes(b"hello world, not an index at all")
    with pytest.raises(IndexFileError, match="not a proscribe index"):
        CandidateIndex.open(not_index)
    with pytest.raises(IndexFileError, match="cannot open"):
        CandidateIndex.open(tmp_path / "missing.idx")
    whole = tmp_path / "whole.idx"
    un_index.save(whole)
    truncated = tmp_path / "truncated.idx"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(IndexFileError, match="truncated"):
        CandidateIndex.open(truncated)


def test_arrays_and_strings(tmp_path: Path) -> None:
    import numpy as np

    data, offsets = StringColumn.encode(["", "abc", "محمد", "\ud800x"])
    col = StringColumn(data, offsets)
    assert [col[i] for i in range(len(col))] == ["", "abc", "محمد", "\ud800x"]
    save_arrays(tmp_path / "a.bin", {"x": np.arange(5, dtype=np.int32), "s": data}, {"k": 1})
    arrays, meta = open_arrays(tmp_path / "a.bin")
    assert meta == {"k": 1}
    assert arrays["x"].tolist() == [0, 1, 2, 3, 4]


def test_key_hashes_are_stable() -> None:
    # The saved index relies on hashes being the same in every process.
    assert hash_keys(["t:khan", "t:khan", "s:hn"]).tolist()[0] == hash_keys(["t:khan"]).tolist()[0]
    assert int(hash_keys(["t:khan"])[0]) == 9891088183718438839


def test_empty_index_and_names_without_letters() -> None:
    empty = CandidateIndex.build([])
    assert empty.search(prepare_name("Karim Khan").forms) == []
    index = CandidateIndex.build(
        [Entity("t", "1", "Person", names=[Name("---"), Name("Karim Khan")])]
    )
    assert index.n_names == 1


def test_candidates_do_not_depend_on_load_order(
    un_entities: list[Entity], un_index: CandidateIndex
) -> None:
    import random

    shuffled = list(un_entities)
    random.Random(7).shuffle(shuffled)
    other = CandidateIndex.build(shuffled)
    for name in [
        "Mohammad",
        "Abdul Rahman",
        "Kim Chol",
        "Al-Qaida",
        "Mohammed Ali Hassan",
        "Ivanov",
    ]:
        forms = prepare_name(name).forms
        a = [
            (un_index.entity_id(c.entity), round(c.score, 4))
            for c in un_index.search(forms, limit=20)
        ]
        b = [(other.entity_id(c.entity), round(c.score, 4)) for c in other.search(forms, limit=20)]
        assert a == b, name
