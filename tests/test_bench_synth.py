"""bench/synth.py: the synthetic list the speed benchmark measures must be deterministic and readable.

A benchmark over a list that changes between runs, or that proscribe and
nomenklatura read differently, would compare nothing.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from followthemoney import model

from proscribe.sources.registry import open_list

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402


@pytest.fixture(scope="module")
def names_dir(shared_data: Path) -> Path:
    return shared_data / "names"


def test_same_seed_same_bytes_other_seed_other_list(tmp_path: Path, names_dir: Path) -> None:
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert synth.write_entities(400, 7, a, names_dir) == 400
    synth.write_entities(400, 7, b, names_dir)
    synth.write_entities(400, 8, c, names_dir)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert not list(tmp_path.glob("*.part"))


def test_entities_are_ftm_and_parse_in_proscribe(tmp_path: Path, names_dir: Path) -> None:
    path = tmp_path / "list.jsonl"
    synth.write_entities(600, 3, path, names_dir)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for data in lines:
        proxy = model.get_proxy(data)  # nomenklatura's input: valid FtM
        assert proxy.get("name")
    parsed = open_list(path)
    assert parsed.format.name == "ftm_json"
    entities = list(parsed.entities())
    assert len(entities) == 600
    assert not parsed.report.issues, parsed.report.issues[:3]
    schemas = {e.schema for e in entities}
    assert schemas == {"Person", "Organization", "Vessel"}
    people = [e for e in entities if e.schema == "Person"]
    assert len(people) > 0.7 * len(entities)
    # Several scripts, aliases, partial dates and nationalities, as real lists have.
    scripts = {n.script for e in entities for n in e.names}
    assert {"Latn", "Arab", "Cyrl"} <= scripts
    assert len(scripts) >= 5
    assert sum(len(e.names) > 1 for e in people) > 0.3 * len(people)
    dates = [d.value for e in people for d in e.birth_dates]
    assert any(len(d) == 4 for d in dates) and any(len(d) == 10 for d in dates)
    assert sum(bool(e.nationalities) for e in people) > 0.6 * len(people)
    vessels = [e for e in entities if e.schema == "Vessel"]
    for v in vessels:
        imo = next(i.number for i in v.identifiers if i.type == "imo")
        digits = [int(d) for d in imo]
        assert sum(d * (7 - i) for i, d in enumerate(digits[:6])) % 10 == digits[6]


def test_customers_plant_listed_parties_and_record_them(tmp_path: Path, names_dir: Path) -> None:
    listed = tmp_path / "list.jsonl"
    synth.write_entities(500, 5, listed, names_dir)
    out = tmp_path / "customers.csv"
    rows, hits = synth.write_customers(400, [listed], out, 9, 0.5, names_dir=names_dir)
    assert rows == 400
    assert 140 < hits < 260
    with open(out, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == synth.CUSTOMER_COLUMNS
        customers = {r["id"]: r for r in reader}
    assert len(customers) == 400 and all(r["name"].strip() for r in customers.values())
    with open(synth.truth_file(out), encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    assert len(truth) == hits
    ids = {json.loads(line)["id"] for line in listed.read_text(encoding="utf-8").splitlines()}
    assert all(t["source"] == "ftm" and t["source_id"] in ids for t in truth)
    assert all(t["id"] in customers for t in truth)
    # Same inputs, same file.
    again = tmp_path / "again.csv"
    synth.write_customers(400, [listed], again, 9, 0.5, names_dir=names_dir)
    assert again.read_bytes() == out.read_bytes()


def test_perturbations_are_light() -> None:
    import random

    rng = random.Random(1)
    for _ in range(200):
        name = "Mohammed Ali Hassan al-Harbi"
        changed = synth.perturb(name, rng)
        assert changed.strip()
        # Never more than one kind of change: the tokens mostly survive.
        before = {t.lower() for t in name.replace("-", " ").split()}
        after = {t.lower().rstrip(".") for t in changed.replace("-", " ").split()}
        assert len(before & after) >= 2
