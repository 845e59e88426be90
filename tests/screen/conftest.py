"""Batch fixtures: a small real list (the ICC-EO14203 OFAC rows), its saved index, queries in every format."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest

from proscribe.screen.lists import LoadedLists, load_list_files

# Names that hit (listed ICC officials), near misses, and names that hit nothing.
NAMES = (
    "Karim Khan",
    "كريم خان",
    "Nicolas Guillou",
    "Kimberly Prost",
    "Reine Alapini-Gansou",
    "Luz del Carmen Ibanez Carranza",
    "Francesca Albanese",
    "Joel Hoffman",
    "Nazhat Khan",
    "John Smith",
    "Maria Garcia",
    "Ahmed Ali",
    "Acme Trading Ltd",
)


@pytest.fixture(scope="session")
def icc_list(lists_dir: Path) -> Path:
    return lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv"


@pytest.fixture(scope="session")
def icc(icc_list: Path, tmp_path_factory: pytest.TempPathFactory) -> LoadedLists:
    """The ICC extract's index, saved to a file (workers open it)."""
    return load_list_files([icc_list], cache_dir=tmp_path_factory.mktemp("icc-index"))


def query_rows(n: int, seed: int = 7, note_size: int = 0) -> list[dict[str, str]]:
    """`n` deterministic query rows with a pass-through `ticket` (and `note` of `note_size` chars)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        row = {
            "id": f"c{i}",
            "name": NAMES[rng.randrange(len(NAMES))],
            "birth_date": rng.choice(["", "", "1970", "1970-03-30", "1950-01-02"]),
            "ticket": f"T-{i}",
        }
        if note_size:
            row["note"] = f"{i:08d}" + "x" * note_size
        rows.append(row)
    return rows


def write_queries(path: Path, rows: list[dict[str, Any]], fmt: str) -> Path:
    """Write rows as CSV, JSON lines or Parquet (all columns text, missing values empty/null)."""
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(columns)
            for r in rows:
                w.writerow([r.get(c, "") for c in columns])
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({c: [r.get(c) for r in rows] for c in columns})
        pq.write_table(table, path, row_group_size=max(1, len(rows) // 3))
    else:
        raise ValueError(fmt)
    return path


def read_flat(path: Path, fmt: str) -> list[dict[str, Any]]:
    """The rows of a flat (csv/parquet) output, or a JSON-lines output flattened the same way."""
    from proscribe.screen.writers import flatten_record

    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    if fmt == "csv":
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        out = []
        for r in rows:
            typed: dict[str, Any] = {k: (v if v != "" else None) for k, v in r.items()}
            typed["rank"] = int(r["rank"]) if r["rank"] else None
            typed["score"] = float(r["score"]) if r["score"] else None
            typed["match"] = {"true": True, "false": False}.get(r["match"])
            out.append(typed)
        return out
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    passthrough = [k for k in records[0] if k not in ("id", "matches", "error")] if records else []
    return [row for rec in records for row in flatten_record(rec, passthrough)]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
