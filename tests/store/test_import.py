"""Imports: snapshots, content-addressed sharing, idempotence, atomicity, queries."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proscribe.model import Entity, Name, Provenance, entity_to_dict
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.store import NotFoundError, Store, StoreError
from proscribe.store.hashing import files_hash
from tests.store.conftest import table_counts
from tests.store.psv import base_rows, open_psv, row, write_list


def _parsed_entities(path: Path) -> list[Entity]:
    """What the parser yields for the file, to compare the store's round trip against."""
    return list(open_psv(path).entities())


def test_import_creates_a_snapshot_with_the_parse_facts(store: Store, tmp_path: Path) -> None:
    rows = [*base_rows(5), row("9", "ODD ONE", aliases="aka:ODDY;bogus:O.O.")]
    path = write_list(tmp_path / "list.psv", rows, published="2024-05-03")
    before = datetime.now(UTC) - timedelta(seconds=5)

    result = store.import_list(open_psv(path))

    snap = result.snapshot
    assert result.created
    assert result.new_versions == 6
    assert snap.source == "testlist"
    assert snap.format == "test_psv"
    assert snap.files == [str(path)]
    assert snap.file_hash == files_hash([path])
    assert snap.published == "2024-05-03"
    assert before <= snap.imported_at <= datetime.now(UTC) + timedelta(seconds=5)
    assert snap.imported_at.tzinfo is not None
    assert snap.entity_count == 6
    assert snap.counts == {"entities": 6, "names": 8}
    assert snap.issue_count == 1
    [issue] = store.issues(snap.id)
    assert (issue.file, issue.line, issue.record) == (str(path), 7, "9")
    assert "unknown alias kind 'bogus'" in issue.message
    assert store.snapshots() == [snap]
    assert store.snapshot(snap.id) == snap
    assert store.latest("testlist") == snap
    assert store.sources() == ["testlist"]


def test_entities_round_trip_with_provenance(store: Store, tmp_path: Path) -> None:
    path = write_list(
        tmp_path / "list.psv",
        [*base_rows(30), row("7", "ZED", aliases="weak:Z;fka:ZZ", nationality="RU")],
    )
    snap = store.import_list(open_psv(path)).snapshot

    stored = list(store.entities(snap.id))

    expected = _parsed_entities(path)
    assert [entity_to_dict(e) for e in stored] == [entity_to_dict(e) for e in expected]
    last = stored[-1]
    assert last.provenance == Provenance("testlist", str(path), "7", 31)
    assert [(n.kind, n.full) for n in last.names] == [
        ("primary", "ZED"),
        ("weak", "Z"),
        ("fka", "ZZ"),
    ]


def test_reimporting_identical_content_is_a_noop(store: Store, tmp_path: Path) -> None:
    path = write_list(tmp_path / "list.psv", base_rows(10))
    first = store.import_list(open_psv(path))
    counts = table_counts(store)

    # The same bytes in another file, and gzip-compressed: still the same list.
    copy = tmp_path / "copy.psv"
    copy.write_bytes(path.read_bytes())
    packed = tmp_path / "packed.psv.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    for again in (path, copy, packed):
        parsed = open_psv(again)
        result = store.import_list(parsed)
        assert not result.created
        assert result.snapshot == first.snapshot
        assert parsed.report.counts == {}, "a no-op import must not parse the file"
    assert table_counts(store) == counts


def test_unchanged_entities_share_stored_versions(store: Store, tmp_path: Path) -> None:
    rows = base_rows(50)
    one = write_list(tmp_path / "one.psv", rows, published="2024-05-02")
    rows2 = [*rows]
    rows2[3] = row("1003", "PERSON 3", aliases="aka:P3", dob="1953-01-04")
    del rows2[10]
    rows2.append(row("2000", "NEW PERSON"))
    two = write_list(tmp_path / "two.psv", rows2, published="2024-05-03")

    store.import_list(open_psv(one))
    before = table_counts(store)
    result = store.import_list(open_psv(two))
    after = table_counts(store)

    assert result.created and result.new_versions == 2
    assert after["entity_versions"] - before["entity_versions"] == 2
    assert after["snapshot_entities"] - before["snapshot_entities"] == 50
    assert after["snapshots"] - before["snapshots"] == 1


def test_duplicate_id_in_one_file_is_an_error_naming_the_second_line(
    store: Store, tmp_path: Path
) -> None:
    path = write_list(tmp_path / "dup.psv", [*base_rows(3), row("1001", "AGAIN")])
    with pytest.raises(ListError) as info:
        store.import_list(open_psv(path))
    assert info.value.file == str(path)
    assert info.value.line == 4
    assert "duplicate entity id '1001'" in str(info.value)
    assert "line 2" in str(info.value)
    assert table_counts(store) == dict.fromkeys(table_counts(store), 0)


class _Boom(Exception):
    pass


def _failing(entities: list[Entity], after: int, exc: BaseException) -> Iterator[Entity]:
    for i, entity in enumerate(entities):
        if i == after:
            raise exc
        yield entity


@pytest.mark.parametrize(
    "exc", [_Boom("disk on fire"), KeyboardInterrupt()], ids=["error", "ctrl-c"]
)
def test_failed_import_leaves_the_store_as_it_was(
    store: Store, tmp_path: Path, exc: BaseException
) -> None:
    path = write_list(tmp_path / "one.psv", base_rows(40))
    store.import_list(open_psv(path))
    before, latest = table_counts(store), store.latest("testlist")

    entities = _parsed_entities(
        write_list(tmp_path / "two.psv", [*base_rows(2500), row("x", "NEW")])
    )
    with pytest.raises(type(exc)):
        # 2,100 entities: past two executemany batches, so rows were really written before the failure.
        store.import_entities("testlist", "test_psv", [], _failing(entities, 2100, exc))

    assert table_counts(store) == before
    assert store.latest("testlist") == latest


def test_parse_error_half_way_rolls_back(store: Store, tmp_path: Path) -> None:
    store.import_list(open_psv(write_list(tmp_path / "one.psv", base_rows(5))))
    before, latest = table_counts(store), store.latest("testlist")
    bad = write_list(tmp_path / "bad.psv", [*base_rows(1500), "broken|row"])

    with pytest.raises(ListError) as info:
        store.import_list(open_psv(bad))

    assert (info.value.file, info.value.line) == (str(bad), 1501)
    assert table_counts(store) == before
    assert store.latest("testlist") == latest


def test_entity_of_another_source_is_refused(store: Store, tmp_path: Path) -> None:
    entity = Entity(source="other", source_id="1", schema="Person", names=[Name("X")])
    entity.provenance = Provenance("other", "f.csv", "1", 12)
    with pytest.raises(ListError, match=r"f\.csv:12: entity '1' belongs to source 'other'"):
        store.import_entities("testlist", "x", [], [entity])
    assert table_counts(store)["snapshots"] == 0


def test_import_entities_without_files_is_idempotent_by_content(store: Store) -> None:
    def make(extra: str | None = None) -> list[Entity]:
        out = [
            Entity(source="demo", source_id=str(i), schema="Organization", names=[Name(f"ORG {i}")])
            for i in range(5)
        ]
        if extra:
            out[0].names.append(Name(extra, kind="aka"))
        return out

    first = store.import_entities("demo", "demo", [], make())
    counts = table_counts(store)
    again = store.import_entities("demo", "demo", [], make())
    assert first.created and not again.created
    assert again.snapshot == first.snapshot
    assert table_counts(store) == counts

    changed = store.import_entities(
        "demo",
        "demo",
        [],
        make("ORG ZERO"),
        ParseReport("demo", "demo", [], published="2026-01-01"),
    )
    assert changed.created and changed.new_versions == 1
    assert changed.snapshot.published == "2026-01-01"
    assert changed.snapshot.files == []


def test_import_entities_with_files_is_idempotent_by_file(store: Store, tmp_path: Path) -> None:
    path = write_list(tmp_path / "d.psv", base_rows(3))
    first = store.import_entities("testlist", "test_psv", [path], _parsed_entities(path))
    again = store.import_list(open_psv(path))
    assert first.created and not again.created and again.snapshot.id == first.snapshot.id


def test_current_entities_use_the_latest_snapshot_of_each_source(
    store: Store, tmp_path: Path
) -> None:
    store.import_list(open_psv(write_list(tmp_path / "a1.psv", base_rows(4)), source="alpha"))
    store.import_list(open_psv(write_list(tmp_path / "a2.psv", base_rows(3)), source="alpha"))
    store.import_list(
        open_psv(write_list(tmp_path / "b1.psv", [row("B1", "BETA ONE")]), source="beta")
    )

    current = [e.id for e in store.current_entities()]
    assert current == ["alpha:1000", "alpha:1001", "alpha:1002", "beta:B1"]
    assert [e.id for e in store.current_entities(["beta"])] == ["beta:B1"]
    with pytest.raises(NotFoundError, match="no snapshot of source 'gamma'"):
        store.current_entities(["gamma"])


def test_entity_lookup_and_history(store: Store, tmp_path: Path) -> None:
    rows = base_rows(3)
    s1 = store.import_list(open_psv(write_list(tmp_path / "1.psv", rows))).snapshot
    s2 = store.import_list(
        open_psv(write_list(tmp_path / "2.psv", [*rows[:2], row("1002", "PERSON 2 RENAMED")]))
    ).snapshot
    s3 = store.import_list(open_psv(write_list(tmp_path / "3.psv", rows[:2]))).snapshot

    assert store.entity("testlist:1002") is None, "delisted in the latest snapshot"
    old = store.entity("testlist:1002", snapshot_id=s1.id)
    renamed = store.entity("testlist:1002", snapshot_id=s2.id)
    assert old is not None and old.caption == "PERSON 2"
    assert renamed is not None and renamed.caption == "PERSON 2 RENAMED"
    assert renamed.provenance is not None and renamed.provenance.file == str(tmp_path / "2.psv")
    current = store.entity("testlist:1000")
    assert current is not None and current.provenance is not None
    assert current.provenance.file == str(tmp_path / "3.psv")
    assert store.entity("testlist:nope") is None

    history = store.entity_history("testlist:1002")
    assert [h.snapshot.id for h in history] == [s1.id, s2.id]
    assert history[0].content_hash != history[1].content_hash
    assert [h.snapshot.id for h in store.entity_history("testlist:1000")] == [s1.id, s2.id, s3.id]
    assert len({h.content_hash for h in store.entity_history("testlist:1000")}) == 1


def test_unknown_snapshot_is_reported(store: Store) -> None:
    assert store.snapshot(424242) is None
    assert store.latest("nothing") is None
    with pytest.raises(NotFoundError, match="no snapshot 424242"):
        store.entities(424242)
    with pytest.raises(NotFoundError):
        store.issues(424242)


def test_snapshots_filter_by_source(store: Store, tmp_path: Path) -> None:
    a = store.import_list(
        open_psv(write_list(tmp_path / "a.psv", base_rows(2)), source="alpha")
    ).snapshot
    b = store.import_list(
        open_psv(write_list(tmp_path / "b.psv", base_rows(1)), source="beta")
    ).snapshot
    assert store.snapshots("alpha") == [a]
    assert store.snapshots() == [a, b]
    assert json.loads(json.dumps(a.to_dict()))["id"] == a.id


def test_a_list_reverting_to_an_earlier_release_becomes_current_again(
    store: Store, tmp_path: Path
) -> None:
    one = write_list(tmp_path / "one.psv", base_rows(5))
    two = write_list(tmp_path / "two.psv", base_rows(4))
    first = store.import_list(open_psv(one)).snapshot
    store.import_list(open_psv(two))
    versions = table_counts(store)["entity_versions"]

    reverted = store.import_list(open_psv(one))

    assert reverted.created and reverted.new_versions == 0
    assert reverted.snapshot.id != first.id and reverted.snapshot.file_hash == first.file_hash
    assert store.latest("testlist") == reverted.snapshot
    assert sum(1 for _ in store.current_entities()) == 5
    assert table_counts(store)["entity_versions"] == versions


def test_ids_too_long_for_the_schema_are_refused_up_front(store: Store) -> None:
    entity = Entity(source="testlist", source_id="9" * 251, schema="Person", names=[Name("X")])
    entity.provenance = Provenance("testlist", "long.csv", "x", 3)
    with pytest.raises(ListError, match=r"long\.csv:3: entity id .* longer than 250 characters"):
        store.import_entities("testlist", "x", [], [entity])
    with pytest.raises(StoreError, match="source key"):
        store.import_entities("s" * 101, "x", [], [])
    assert table_counts(store)["snapshots"] == 0


def test_concurrent_imports_of_the_same_file_store_it_once(store_url: str, tmp_path: Path) -> None:
    path = write_list(tmp_path / "same.psv", base_rows(3000))
    stores = [Store.open(store_url) for _ in range(3)]
    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            results = list(pool.map(lambda s: s.import_list(open_psv(path)), stores))
        assert sorted(r.created for r in results) == [False, False, True]
        assert len({r.snapshot.id for r in results}) == 1
        assert table_counts(stores[0])["snapshots"] == 1
        assert table_counts(stores[0])["snapshot_entities"] == 3000

        # Without files there is no early check: each import writes, then the one
        # that got the write lock second finds the first one's identical snapshot.
        entities = _parsed_entities(write_list(tmp_path / "other.psv", base_rows(2000)))
        with ThreadPoolExecutor(len(stores)) as pool:
            results = list(
                pool.map(lambda s: s.import_entities("testlist", "demo", [], entities), stores)
            )
        assert sorted(r.created for r in results) == [False, False, True]
        assert len({r.snapshot.id for r in results}) == 1
        assert table_counts(stores[0])["snapshots"] == 2
    finally:
        for s in stores:
            s.close()
