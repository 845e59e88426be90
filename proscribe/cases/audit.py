"""The audit trail: append-only, hash-chained records of who did what, when, and with what content.

Every record carries the SHA-256 of the record before it, over a canonical
text of its own fields (sequence number, time, actor, action, object,
content). Editing any field of any record breaks its own hash; deleting a
record leaves a gap in the sequence numbers and breaks the next record's
link; deleting the *last* records is caught by the head row (`audit_head`),
which the appender updates in the same transaction as the insert. So
`verify` finds any change made behind proscribe's back, and names the first
record affected. (Whoever can rewrite the whole table *and* the head can
forge a consistent history; exports handed to a regulator or a write-once
store are the defence against that, which is why `export` carries the
hashes.)

Records are appended inside the caller's transaction, so an alert decision
and its audit record commit or roll back together. The head row is locked
(`SELECT ... FOR UPDATE` on PostgreSQL; SQLite writers are serialised by
`BEGIN IMMEDIATE`), which also gives every record a gapless sequence number.

Retention: `purge` deletes records older than the retention period and moves
the head's base (first kept record and the hash it chains from), appending a
record of the purge itself, so a verified chain stays verifiable.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from proscribe.cases.tables import audit_head, audit_log
from proscribe.model.codec import canonical_json
from proscribe.store.engine import WRITE_OPTION
from proscribe.store.keys import api_keys
from proscribe.store.schema import snapshots

GENESIS = "0" * 64
HEAD_ID = 1
EXPORT_FORMATS = ("csv", "json", "jsonl")


def utc(value: datetime) -> datetime:
    """An aware UTC datetime (SQLite hands back naive ones for columns written in UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def time_text(value: datetime) -> str:
    """The one text form of a time that record hashes cover: UTC, microseconds, `Z`."""
    return utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | None,
    content: str,
) -> str:
    payload = canonical_json([seq, time_text(at), actor, action, object_type, object_id, content])
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    content: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": time_text(self.at),
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "content": self.content,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    def describe(self) -> str:
        target = f"{self.object_type} {self.object_id}" if self.object_id else self.object_type
        return f"audit record {self.seq} ({self.action} on {target} by {self.actor} at {time_text(self.at)})"


def append(
    conn: Connection,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int | None,
    content: dict[str, Any],
    at: datetime | None = None,
) -> AuditRecord:
    """Append one record inside the caller's (write) transaction and return it."""
    head = conn.execute(
        select(audit_head).where(audit_head.c.id == HEAD_ID).with_for_update()
    ).one()
    seq = int(head.seq) + 1
    when = utc(at or datetime.now(UTC))
    oid = None if object_id is None else str(object_id)
    text = canonical_json(content)
    digest = record_hash(head.hash, seq, when, actor, action, object_type, oid, text)
    conn.execute(
        insert(audit_log).values(
            seq=seq,
            at=when,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=oid,
            content=text,
            prev_hash=head.hash,
            hash=digest,
        )
    )
    conn.execute(
        update(audit_head)
        .where(audit_head.c.id == HEAD_ID)
        .values(seq=seq, hash=digest, updated_at=when)
    )
    return AuditRecord(seq, when, actor, action, object_type, oid, content, head.hash, digest)


def record(
    engine: Engine,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int | None,
    content: dict[str, Any],
) -> AuditRecord:
    """Append one record in a transaction of its own (for events with no other write)."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        return append(conn, actor, action, object_type, object_id, content)


def record_key_change(
    engine: Engine, actor: str, key_id: str, change: str, details: dict[str, Any]
) -> AuditRecord:
    """For the API: record creating, revoking or re-limiting an API key (never its secret)."""
    return record(engine, actor, f"key.{change}", "api_key", key_id, details)


# --- reading -------------------------------------------------------------------


def _from_row(row: Any) -> AuditRecord:
    try:
        content = json.loads(row.content)
    except ValueError:
        content = {"unreadable": row.content}
    return AuditRecord(
        int(row.seq),
        utc(row.at),
        row.actor,
        row.action,
        row.object_type,
        row.object_id,
        content if isinstance(content, dict) else {"value": content},
        row.prev_hash,
        row.hash,
    )


def records(
    engine: Engine,
    since: datetime | None = None,
    until: datetime | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> Iterator[AuditRecord]:
    """Records in sequence order, optionally within [since, until) or about one object."""
    stmt = select(audit_log).order_by(audit_log.c.seq)
    if since is not None:
        stmt = stmt.where(audit_log.c.at >= utc(since))
    if until is not None:
        stmt = stmt.where(audit_log.c.at < utc(until))
    if object_type is not None:
        stmt = stmt.where(audit_log.c.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(audit_log.c.object_id == object_id)
    with engine.connect() as conn:
        for row in conn.execution_options(yield_per=2000).execute(stmt):
            yield _from_row(row)


# --- verification --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """One break in the chain, naming the record (sequence number) where it shows."""

    seq: int
    message: str


@dataclass(slots=True)
class AuditVerification:
    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    head_seq: int = 0
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "head_seq": self.head_seq,
            "problems": [{"seq": p.seq, "message": p.message} for p in self.problems],
        }


def _missing(first: int, last: int) -> str:
    span = f"record {first}" if first == last else f"records {first} to {last}"
    return f"audit {span} missing: deleted from the database"


def verify(engine: Engine) -> AuditVerification:
    """Walk the whole chain and report every break; read-only."""
    result = AuditVerification()
    with engine.connect() as conn:
        head = conn.execute(select(audit_head).where(audit_head.c.id == HEAD_ID)).first()
        if head is None:
            result.problems.append(
                AuditProblem(
                    0, "the audit head row is missing: the audit tables were tampered with"
                )
            )
            return result
        result.head_seq = int(head.seq)
        expected_seq = int(head.base_seq)
        expected_prev = head.base_prev
        rows = conn.execution_options(yield_per=2000).execute(
            select(audit_log).order_by(audit_log.c.seq)
        )
        for row in rows:
            seq = int(row.seq)
            result.records += 1
            if result.first_seq is None:
                result.first_seq = seq
            result.last_seq = seq
            if seq < expected_seq:
                result.problems.append(
                    AuditProblem(
                        seq,
                        f"audit record {seq} precedes the retained chain (first kept: {head.base_seq}): inserted",
                    )
                )
                continue
            if seq > expected_seq:
                result.problems.append(AuditProblem(expected_seq, _missing(expected_seq, seq - 1)))
            elif row.prev_hash != expected_prev:
                what = "the chain's base" if seq == head.base_seq else f"record {seq - 1}"
                result.problems.append(
                    AuditProblem(
                        seq,
                        f"audit record {seq} does not chain from {what}: {what} was altered or replaced",
                    )
                )
            rec = _from_row(row)
            digest = record_hash(
                row.prev_hash,
                seq,
                rec.at,
                row.actor,
                row.action,
                row.object_type,
                row.object_id,
                row.content,
            )
            if digest != row.hash:
                result.problems.append(
                    AuditProblem(
                        seq, f"{rec.describe()} was altered: its content no longer matches its hash"
                    )
                )
            expected_seq = seq + 1
            expected_prev = row.hash
        last = expected_seq - 1
        if last < result.head_seq:
            result.problems.append(AuditProblem(last + 1, _missing(last + 1, result.head_seq)))
        elif last > result.head_seq:
            result.problems.append(
                AuditProblem(
                    result.head_seq + 1,
                    f"audit records after {result.head_seq} were added outside proscribe",
                )
            )
        elif last >= head.base_seq and expected_prev != head.hash:
            result.problems.append(
                AuditProblem(last, f"audit record {last} does not match the audit head: altered")
            )
    return result


# --- export --------------------------------------------------------------------

CSV_FIELDS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "content",
    "prev_hash",
    "hash",
)


def export(
    engine: Engine,
    out: IO[str],
    fmt: str = "json",
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Write records (with their hashes, so the recipient can check the chain) as CSV, JSON or JSON lines."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_FIELDS)
        for rec in records(engine, since, until):
            d = rec.to_dict()
            writer.writerow([d[k] if k != "content" else canonical_json(d[k]) for k in CSV_FIELDS])
            count += 1
        return count
    if fmt == "jsonl":
        for rec in records(engine, since, until):
            out.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count
    check = verify(engine)
    out.write("{\n")
    out.write(f'"exported_at": {json.dumps(time_text(datetime.now(UTC)))},\n')
    out.write(f'"since": {json.dumps(time_text(since) if since else None)},\n')
    out.write(f'"until": {json.dumps(time_text(until) if until else None)},\n')
    out.write(f'"verification": {json.dumps(check.to_dict(), ensure_ascii=False)},\n')
    out.write(
        '"hashing": "sha256(prev_hash + \\"\\\\n\\" + canonical JSON of [seq, at, actor, action, object_type, object_id, content])",\n'
    )
    out.write('"records": [\n')
    for rec in records(engine, since, until):
        out.write((",\n" if count else "") + json.dumps(rec.to_dict(), ensure_ascii=False))
        count += 1
    out.write("\n]\n}\n")
    return count


# --- retention -----------------------------------------------------------------


def retention_cutoff(retention_years: float, now: datetime | None = None) -> datetime:
    return utc(now or datetime.now(UTC)) - timedelta(days=round(365.25 * retention_years))


def purge_before(conn: Connection, actor: str, cutoff: datetime) -> int:
    """Delete records older than `cutoff` inside the caller's transaction; record the purge."""
    head = conn.execute(
        select(audit_head).where(audit_head.c.id == HEAD_ID).with_for_update()
    ).one()
    last_old = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash)
        .where(audit_log.c.at < utc(cutoff))
        .order_by(audit_log.c.seq.desc())
        .limit(1)
    ).first()
    if last_old is None:
        return 0
    deleted = conn.execute(delete(audit_log).where(audit_log.c.seq <= last_old.seq)).rowcount or 0
    conn.execute(
        update(audit_head)
        .where(audit_head.c.id == HEAD_ID)
        .values(base_seq=int(last_old.seq) + 1, base_prev=last_old.hash)
    )
    append(
        conn,
        actor,
        "audit.purged",
        "audit",
        None,
        {
            "cutoff": time_text(cutoff),
            "deleted": deleted,
            "previous_base_seq": int(head.base_seq),
            "last_deleted_seq": int(last_old.seq),
            "last_deleted_hash": last_old.hash,
        },
    )
    return int(deleted)


# --- catching up on events recorded elsewhere ------------------------------------


def _recorded(conn: Connection, action: str) -> set[str]:
    rows = conn.execute(select(audit_log.c.object_id).where(audit_log.c.action == action))
    return {r[0] for r in rows if r[0] is not None}


def reconcile(engine: Engine, actor: str) -> int:
    """Record list imports and API key changes that happened without an audit record yet.

    The store and the API keep their own tables; this makes the audit trail
    complete whichever path changed them (a `lists import`, a scheduled
    update, `keys create` on another machine). Run by every monitoring run.
    """
    added = 0
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        done = _recorded(conn, "list.imported")
        for snap in conn.execute(select(snapshots).order_by(snapshots.c.id)):
            if str(snap.id) in done:
                continue
            append(
                conn,
                actor,
                "list.imported",
                "snapshot",
                snap.id,
                {
                    "source": snap.source,
                    "format": snap.format,
                    "files": json.loads(snap.files),
                    "file_hash": snap.file_hash,
                    "published": snap.published,
                    "imported_at": time_text(snap.imported_at),
                    "entity_count": snap.entity_count,
                    "issue_count": snap.issue_count,
                },
            )
            added += 1
        created = _recorded(conn, "key.created")
        revoked = _recorded(conn, "key.revoked")
        for key in conn.execute(
            select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key_id)
        ):
            if key.key_id not in created:
                details = {
                    "name": key.name,
                    "role": key.role,
                    "created_at": time_text(key.created_at),
                }
                append(conn, actor, "key.created", "api_key", key.key_id, details)
                added += 1
            if key.revoked_at is not None and key.key_id not in revoked:
                append(
                    conn,
                    actor,
                    "key.revoked",
                    "api_key",
                    key.key_id,
                    {"revoked_at": time_text(key.revoked_at)},
                )
                added += 1
    return added
