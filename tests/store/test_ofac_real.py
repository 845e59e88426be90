"""The store on real OFAC SDN releases: diffs, idempotence, atomicity and version sharing.

Expected added/removed/changed sets are recomputed here from the raw files
(first column = ent_num, whole row compared), independently of the parser.
Each backend imports the releases once per module (oldest first) and the
tests read from that store.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from proscribe.sources.errors import ListError
from proscribe.sources.registry import open_list
from proscribe.store import EntityChange, EntitySummary, ImportResult, Store
from tests.store.conftest import BACKENDS, make_store_url, table_counts

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("store_ofac_real")]

RELEASES = ("sdn_2023-05-02", "sdn_2024-04-26", "sdn_2024-05-02", "sdn_2024-05-03")


def raw_rows(path: Path) -> dict[str, list[str]]:
    """ent_num -> the row's cells, read with nothing but the csv module."""
    text = path.read_bytes().decode("latin-1")
    return {
        row[0].strip(): row
        for row in csv.reader(io.StringIO(text, newline=""))
        if row and row[0].strip().isdigit()
    }


@dataclass
class Loaded:
    store: Store
    results: dict[str, ImportResult]
    versions_added: dict[str, int]
    ofac: Path

    def sid(self, release: str) -> int:
        return self.results[release].snapshot.id


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, lists_dir: Path
) -> Iterator[Loaded]:
    url = make_store_url(request.param, tmp_path_factory.mktemp("ofac_store"), request)
    ofac = lists_dir / "ofac"
    with Store.open(url) as store:
        results: dict[str, ImportResult] = {}
        added: dict[str, int] = {}
        for release in RELEASES:
            before = table_counts(store)["entity_versions"]
            results[release] = store.import_list(open_list(ofac / release / "sdn.csv"))
            added[release] = table_counts(store)["entity_versions"] - before
        yield Loaded(store, results, added, ofac)


def _ids(entries: Iterable[EntitySummary | EntityChange]) -> set[str]:
    return {e.source_id for e in entries}


def _expected(loaded: Loaded, old: str, new: str) -> tuple[set[str], set[str], set[str]]:
    a = raw_rows(loaded.ofac / old / "sdn.csv")
    b = raw_rows(loaded.ofac / new / "sdn.csv")
    changed = {k for k in a.keys() & b.keys() if a[k] != b[k]}
    return set(b) - set(a), set(a) - set(b), changed


def test_every_row_is_stored(loaded: Loaded) -> None:
    for release in RELEASES:
        snap = loaded.results[release].snapshot
        assert snap.entity_count == len(raw_rows(loaded.ofac / release / "sdn.csv"))
        assert snap.format == "ofac_sdn_csv"
        assert sum(1 for _ in loaded.store.entities(snap.id)) == snap.entity_count
    assert loaded.results["sdn_2024-05-03"].snapshot.entity_count == 14965


def test_one_day_update_removes_exactly_eight(loaded: Loaded) -> None:
    d = loaded.store.diff("ofac", loaded.sid("sdn_2024-05-02"), loaded.sid("sdn_2024-05-03"))
    added, removed, changed = _expected(loaded, "sdn_2024-05-02", "sdn_2024-05-03")
    assert len(removed) == 8 and not added
    assert d.added == []
    assert _ids(d.removed) == removed
    assert _ids(d.changed) == changed
    assert d.unchanged == 14965 - len(changed)


def test_week_update_adds_305_and_removes_8(loaded: Loaded) -> None:
    d = loaded.store.diff("ofac", loaded.sid("sdn_2024-04-26"), loaded.sid("sdn_2024-05-03"))
    added, removed, changed = _expected(loaded, "sdn_2024-04-26", "sdn_2024-05-03")
    assert (len(d.added), len(d.removed)) == (305, 8)
    assert _ids(d.added) == added
    assert _ids(d.removed) == removed
    assert _ids(d.changed) == changed


def test_year_update_reports_field_level_changes(loaded: Loaded) -> None:
    d = loaded.store.diff("ofac", loaded.sid("sdn_2023-05-02"), loaded.sid("sdn_2024-05-03"))
    added, removed, changed = _expected(loaded, "sdn_2023-05-02", "sdn_2024-05-03")
    assert (len(d.added), len(d.removed)) == (3107, 353)
    assert (_ids(d.added), _ids(d.removed), _ids(d.changed)) == (added, removed, changed)
    by_id = {c.source_id: c for c in d.changed}

    # Raw: programme "[ZIMBABWE]" became "[GLOMAG]" and "nationality Zimbabwe" was added to remarks.
    ncube = by_id["28564"]
    assert ncube.caption == "NCUBE, Owen"
    assert ncube.describe() == [
        "nationalities: added 'ZW'",
        "designations: programme ZIMBABWE -> programme GLOMAG",
    ]

    # Raw: only the programme column gained "[HOSTAGES-EO14078]".
    mois = by_id["12111"]
    [change] = mois.changes
    assert change.describe() == "designations: added programme HOSTAGES-EO14078"
    assert [(x["authority"], x["programme"]) for x in change.added] == [
        ("OFAC", "HOSTAGES-EO14078")
    ]
    assert change.removed == []


def test_routine_update_stores_few_new_versions(loaded: Loaded) -> None:
    for release in ("sdn_2024-05-02", "sdn_2024-05-03"):
        assert loaded.results[release].created
        assert loaded.results[release].new_versions == loaded.versions_added[release]
    week_added, _, week_changed = _expected(loaded, "sdn_2024-04-26", "sdn_2024-05-02")
    assert loaded.versions_added["sdn_2024-05-02"] == len(week_added | week_changed)
    _, _, day_changed = _expected(loaded, "sdn_2024-05-02", "sdn_2024-05-03")
    entities = loaded.results["sdn_2024-05-03"].snapshot.entity_count
    assert loaded.versions_added["sdn_2024-05-03"] == len(day_changed)
    assert loaded.versions_added["sdn_2024-05-03"] < entities / 100


def test_reimporting_the_same_release_is_a_noop(loaded: Loaded) -> None:
    before = table_counts(loaded.store)
    again = loaded.store.import_list(open_list(loaded.ofac / "sdn_2024-05-03" / "sdn.csv"))
    assert not again.created
    assert again.snapshot == loaded.results["sdn_2024-05-03"].snapshot
    assert table_counts(loaded.store) == before


def test_truncated_release_leaves_the_store_untouched(loaded: Loaded, tmp_path: Path) -> None:
    raw = (loaded.ofac / "sdn_2024-05-03" / "sdn.csv").read_bytes()
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(raw[: len(raw) - 5])  # inside the quoted remarks of the last record
    before, latest = table_counts(loaded.store), loaded.store.latest("ofac")

    with pytest.raises(ListError) as info:
        loaded.store.import_list(open_list(cut))

    assert info.value.file == str(cut)
    assert info.value.line == 14965
    assert table_counts(loaded.store) == before
    assert loaded.store.latest("ofac") == latest
