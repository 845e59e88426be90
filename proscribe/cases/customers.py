"""The monitored set: customers imported from a file, keyed by the customer's own id.

A customer file uses the batch-screening columns (`id,name[,schema,
birth_date,country,id_number,gender]`, further columns kept as `extra`) as
CSV, JSON lines or Parquet (CSV and JSON lines may be gzipped). Importing a
file makes the monitored set equal to it: new ids are added, changed rows
updated, ids no longer in the file removed (kept inactive, so their alerts
and records still resolve). `mode="upsert"` adds and updates only, for files
that carry one segment of the customer base.

The import is all or nothing: every row is checked first (an id, a name, a
birth date that is a date, a known country...), and one bad row fails the
import with the file and line of every problem found, before anything is
written. A replace-mode import from a half-read file would otherwise remove
customers.

Unchanged rows cost a hash comparison. New and changed rows get their name
prepared for matching (see `namekeys`), in worker processes for big files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, func, insert, select, update

from proscribe.cases import audit
from proscribe.cases.errors import AlertNotFoundError, CustomerFileError
from proscribe.cases.fingerprints import material_hash, query_facts
from proscribe.cases.namekeys import evidence_flags, forms_version, name_forms
from proscribe.cases.tables import customers
from proscribe.match.query import Query, QueryError
from proscribe.model.codec import canonical_json
from proscribe.sources.io import is_gzip, open_text
from proscribe.store.engine import WRITE_OPTION
from proscribe.store.hashing import files_hash

FIELDS = ("id", "name", "schema", "birth_date", "country", "id_number", "gender")
FORMATS = ("csv", "jsonl", "parquet")
MAX_ID = 200
MAX_PROBLEMS = 50
WRITE_BATCH = 5000
PARALLEL_FROM = 20_000
Mode = Literal["replace", "upsert"]


@dataclass(frozen=True, slots=True)
class Customer:
    """One monitored party as imported."""

    customer_id: str
    name: str
    schema: str | None = None
    birth_date: str | None = None
    country: str | None = None
    id_number: str | None = None
    gender: str | None = None
    extra: dict[str, str] | None = None
    active: bool = True
    screened: bool = False
    updated_at: datetime | None = None

    def query(self) -> Query:
        """The query this customer is screened as (its fields were validated at import)."""
        return Query.make(
            self.name,
            schema=self.schema,
            birth_date=self.birth_date,
            country=self.country,
            id_number=self.id_number,
            gender=self.gender,
            id=self.customer_id,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.customer_id,
            "name": self.name,
            "schema": self.schema,
            "birth_date": self.birth_date,
            "country": self.country,
            "id_number": self.id_number,
            "gender": self.gender,
            "extra": self.extra or {},
            "active": self.active,
            "screened": self.screened,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


@dataclass(slots=True)
class CustomerImport:
    """What an import changed."""

    file: str
    mode: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    reactivated: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "mode": self.mode,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "reactivated": self.reactivated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "seconds": round(self.seconds, 2),
        }


# --- reading files ---------------------------------------------------------------


def detect_format(path: Path) -> str:
    """csv, jsonl or parquet, from the name (a .gz suffix is looked through) or the content."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in (".csv", ".txt"):
        return "csv"
    if last in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if last in (".parquet", ".pq"):
        return "parquet"
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == b"PAR1":
        return "parquet"
    if not is_gzip(path) and head.lstrip()[:1] == b"{":
        return "jsonl"
    return "csv"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open_text(path, "utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in (reader.fieldnames or [])]
        _check_header(path, header, 1)
        reader.fieldnames = header
        for row in reader:
            yield reader.line_num, {k: _text(v) for k, v in row.items() if k is not None}


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open_text(path, "utf-8-sig") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except ValueError as exc:
                raise CustomerFileError(str(path), [(lineno, f"not a JSON object: {exc}")]) from exc
            if not isinstance(doc, dict):
                raise CustomerFileError(str(path), [(lineno, "not a JSON object")])
            yield lineno, {str(k): _text(v) for k, v in doc.items()}


def _read_parquet(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    import pyarrow.parquet as pq

    try:
        pfile = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise CustomerFileError(str(path), [(None, f"not a readable Parquet file: {exc}")]) from exc
    _check_header(path, list(pfile.schema_arrow.names), None)
    number = 0
    for batch in pfile.iter_batches(batch_size=65_536):
        for row in batch.to_pylist():
            number += 1
            yield number, {str(k): _text(v) for k, v in row.items()}


def _check_header(path: Path, header: list[str], line: int | None) -> None:
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        found = ", ".join(header) if header else "nothing"
        raise CustomerFileError(
            str(path), [(line, f"missing column(s) {', '.join(missing)}; found {found}")]
        )


def read_rows(path: Path, fmt: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line or row number, row) for every customer row of the file."""
    if not path.is_file():
        raise CustomerFileError(str(path), [(None, "no such file")])
    kind = fmt or detect_format(path)
    if kind == "csv":
        return _read_csv(path)
    if kind == "jsonl":
        return _read_jsonl(path)
    if kind == "parquet":
        return _read_parquet(path)
    raise CustomerFileError(
        str(path), [(None, f"format {kind!r} is not one of {', '.join(FORMATS)}")]
    )


# --- validating and preparing rows -----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    customer_id: str
    name: str
    schema: str | None
    birth_date: str | None
    country: str | None
    id_number: str | None
    gender: str | None
    extra: str | None
    content_hash: str
    material_hash: str
    evidence: int


def _validate(row: dict[str, str]) -> _Row:
    """A checked row; raises QueryError naming the field that is wrong."""
    cid = row.get("id", "")
    if not cid:
        raise QueryError("id is empty")
    if len(cid) > MAX_ID:
        raise QueryError(f"id is longer than {MAX_ID} characters")
    name = " ".join(row.get("name", "").split())
    if not name:
        raise QueryError("name is empty")
    query = Query.make(
        name,
        schema=row.get("schema") or None,
        birth_date=row.get("birth_date") or None,
        country=row.get("country") or None,
        id_number=row.get("id_number") or None,
        gender=row.get("gender") or None,
        id=cid,
    )
    extra = {k: v for k, v in row.items() if k not in FIELDS and v}
    birth_date = row.get("birth_date") or None
    id_number = row.get("id_number") or None
    extra_text = canonical_json(extra) if extra else None
    content = canonical_json(
        [cid, name, query.schema, birth_date, query.country, id_number, query.gender, extra_text]
    )
    return _Row(
        customer_id=cid,
        name=name,
        schema=query.schema,
        birth_date=birth_date,
        country=query.country,
        id_number=id_number,
        gender=query.gender,
        extra=extra_text,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        material_hash=material_hash(query_facts(query)),
        evidence=evidence_flags(query),
    )


def _forms_chunk(pairs: list[tuple[str, str | None]]) -> list[str]:
    return [name_forms(name, schema) for name, schema in pairs]


def prepare_forms(pairs: list[tuple[str, str | None]], workers: int = 1) -> list[str]:
    """Encoded name forms for (name, schema) pairs, in order; in worker processes when many."""
    if workers <= 1 or len(pairs) < PARALLEL_FROM:
        return _forms_chunk(pairs)
    size = max(1000, len(pairs) // (workers * 8))
    chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(workers) as pool:
        out: list[str] = []
        for part in pool.imap(_forms_chunk, chunks):
            out.extend(part)
    return out


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# --- importing -------------------------------------------------------------------


def import_customers(
    engine: Engine,
    path: Path,
    actor: str,
    mode: Mode = "replace",
    fmt: str | None = None,
    workers: int | None = None,
) -> CustomerImport:
    """Make the monitored set match the file (or, with mode="upsert", add and update from it)."""
    if mode not in ("replace", "upsert"):
        raise ValueError(f"mode {mode!r} is not replace or upsert")
    kind = fmt or (detect_format(path) if path.is_file() else "csv")
    unit = "row" if kind == "parquet" else "line"
    rows = read_rows(path, kind)
    return _import(
        engine,
        str(path),
        rows,
        actor,
        mode,
        unit,
        workers,
        lambda: {"file_hash": files_hash([path]), "format": kind},
    )


def import_rows(
    engine: Engine,
    rows: Sequence[Mapping[str, Any]],
    actor: str,
    mode: Mode = "upsert",
    label: str = "request",
    workers: int = 1,
) -> CustomerImport:
    """The same import from rows already in memory (the API's JSON body), numbered from 0.

    Problems name the row by its position in `rows`; the audit record
    carries a hash of the rows instead of a file's, so the import can be
    matched with what the caller sent. One process by default: the API
    calls this from a server thread, where forking workers is unsafe.
    """
    if mode not in ("replace", "upsert"):
        raise ValueError(f"mode {mode!r} is not replace or upsert")
    texts = [(i, {str(k): _text(v) for k, v in row.items()}) for i, row in enumerate(rows)]
    digest = hashlib.sha256(canonical_json([r for _i, r in texts]).encode()).hexdigest()
    return _import(
        engine,
        label,
        iter(texts),
        actor,
        mode,
        "row",
        workers,
        lambda: {"file_hash": digest, "format": "json"},
    )


def _import(
    engine: Engine,
    label: str,
    rows: Iterator[tuple[int, dict[str, str]]],
    actor: str,
    mode: Mode,
    unit: str,
    workers: int | None,
    provenance: Callable[[], dict[str, Any]],
) -> CustomerImport:
    started = time.perf_counter()
    result = CustomerImport(label, mode)
    with engine.connect() as conn:
        existing = {
            r.customer_id: (r.id, r.content_hash, r.active, r.forms_version)
            for r in conn.execute(
                select(
                    customers.c.id,
                    customers.c.customer_id,
                    customers.c.content_hash,
                    customers.c.active,
                    customers.c.forms_version,
                )
            )
        }
    problems: list[tuple[int | None, str]] = []
    seen: dict[str, int] = {}
    fresh: list[_Row] = []  # new or changed rows
    stale_forms: list[
        tuple[int, str, str | None]
    ] = []  # unchanged rows whose forms need re-preparing
    version = forms_version()
    for line, raw in rows:
        result.rows += 1
        try:
            row = _validate(raw)
        except QueryError as exc:
            if len(problems) < MAX_PROBLEMS:
                problems.append((line, str(exc)))
            continue
        first = seen.get(row.customer_id)
        if first is not None:
            if len(problems) < MAX_PROBLEMS:
                problems.append(
                    (line, f"id {row.customer_id!r} repeats the customer of {unit} {first}")
                )
            continue
        seen[row.customer_id] = line
        if problems:
            continue
        old = existing.get(row.customer_id)
        if old is None or old[1] != row.content_hash or not old[2]:
            fresh.append(row)
        else:
            result.unchanged += 1
            if old[3] != version:
                stale_forms.append((old[0], row.name, row.schema))
    if problems:
        raise CustomerFileError(label, problems, unit)
    if not result.rows:
        raise CustomerFileError(label, [(None, "no customer rows")])
    n_workers = workers if workers is not None else default_workers()
    forms = prepare_forms([(r.name, r.schema) for r in fresh], n_workers)
    restaled = prepare_forms([(name, schema) for _, name, schema in stale_forms], n_workers)
    now = datetime.now(UTC)
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        inserts: list[dict[str, Any]] = []
        for row, encoded in zip(fresh, forms, strict=True):
            values = {
                "customer_id": row.customer_id,
                "name": row.name,
                "schema": row.schema,
                "birth_date": row.birth_date,
                "country": row.country,
                "id_number": row.id_number,
                "gender": row.gender,
                "extra": row.extra,
                "content_hash": row.content_hash,
                "material_hash": row.material_hash,
                "evidence": row.evidence,
                "name_forms": encoded,
                "forms_version": version,
                "active": True,
                "updated_at": now,
                "removed_at": None,
            }
            old = existing.get(row.customer_id)
            if old is None:
                inserts.append(
                    {**values, "created_at": now, "screened_hash": None, "screened_at": None}
                )
                result.added += 1
                if len(inserts) >= WRITE_BATCH:
                    conn.execute(insert(customers), inserts)
                    inserts = []
                continue
            if not old[2]:
                result.reactivated += 1
                values["screened_hash"] = None
            else:
                result.updated += 1
            conn.execute(update(customers).where(customers.c.id == old[0]).values(**values))
        if inserts:
            conn.execute(insert(customers), inserts)
        for (pk, _name, _schema), encoded in zip(stale_forms, restaled, strict=True):
            conn.execute(
                update(customers)
                .where(customers.c.id == pk)
                .values(name_forms=encoded, forms_version=version)
            )
        if mode == "replace":
            gone = [
                pk for cid, (pk, _h, active, _v) in existing.items() if active and cid not in seen
            ]
            for i in range(0, len(gone), WRITE_BATCH):
                conn.execute(
                    update(customers)
                    .where(customers.c.id.in_(gone[i : i + WRITE_BATCH]))
                    .values(active=False, removed_at=now, updated_at=now)
                )
            result.removed = len(gone)
        result.seconds = time.perf_counter() - started
        audit.append(
            conn,
            actor,
            "customers.imported",
            "customers",
            None,
            {**result.to_dict(), **provenance()},
        )
    return result


# --- reading the monitored set ---------------------------------------------------


def customer_from_row(row: Any) -> Customer:
    return Customer(
        customer_id=row.customer_id,
        name=row.name,
        schema=row.schema,
        birth_date=row.birth_date,
        country=row.country,
        id_number=row.id_number,
        gender=row.gender,
        extra=json.loads(row.extra) if row.extra else None,
        active=bool(row.active),
        screened=row.screened_hash is not None and row.screened_hash == row.content_hash,
        updated_at=audit.utc(row.updated_at) if row.updated_at else None,
    )


def list_customers(
    engine: Engine,
    include_removed: bool = False,
    limit: int = 100,
    offset: int = 0,
    search: str | None = None,
) -> list[Customer]:
    """Customers in id order; `search` matches a part of the name or id, case-insensitively."""
    stmt = select(customers).order_by(customers.c.customer_id).limit(limit).offset(offset)
    if not include_removed:
        stmt = stmt.where(customers.c.active.is_(True))
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(
            func.lower(customers.c.name).like(pattern)
            | func.lower(customers.c.customer_id).like(pattern)
        )
    with engine.connect() as conn:
        return [customer_from_row(r) for r in conn.execute(stmt)]


def count_customers(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(customers.c.active, func.count()).group_by(customers.c.active)
        ).all()
    counts = {bool(active): int(n) for active, n in rows}
    return {"active": counts.get(True, 0), "removed": counts.get(False, 0)}


def get_customer(engine: Engine, customer_id: str) -> Customer:
    with engine.connect() as conn:
        row = conn.execute(select(customers).where(customers.c.customer_id == customer_id)).first()
    if row is None:
        raise AlertNotFoundError(f"no customer {customer_id!r}")
    return customer_from_row(row)
