"""Monitoring: after every list change, re-screen the monitored customers against what changed.

A run brings the monitored set up to date with the store:

- for each source, the entities added or changed since the snapshot the
  customers were last screened against (`monitor_state`; none yet: the
  whole current list) are matched against every customer already screened
  (`matching.match_subjects`: bounds over the delta, the real scorer for the
  few pairs that can reach the threshold);
- customers that are new, or whose data changed since their last
  screening, are matched against the whole current lists;
- every hit goes through `raising.raise_alerts` (good-guy suppression, no
  duplicate alerts, annotations);
- alerts on entities removed from a list are closed when still undecided
  (resolution `delisted`) and annotated when decided;
- standing alerts on entities whose entry changed are annotated with what
  changed, hit or not.

The run, its counts and the snapshots it covered are stored (`monitor_runs`)
and audited. A run that fails part-way leaves `monitor_state` where it was,
so the next run repeats the work; alerts already raised are then found
standing and not raised twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from proscribe.cases import audit
from proscribe.cases.alerts import annotate, system_close
from proscribe.cases.customers import Customer, customer_from_row, default_workers, prepare_forms
from proscribe.cases.lists import current_index, positions
from proscribe.cases.matching import Hit, MatchStats, Targets, match_subjects
from proscribe.cases.model import ACTIVE_STATES
from proscribe.cases.namekeys import forms_version
from proscribe.cases.raising import (
    NewHit,
    RaiseOutcome,
    current_versions,
    lock_alerts,
    raise_alerts,
)
from proscribe.cases.settings import SYSTEM_ACTOR, CaseSettings
from proscribe.cases.tables import alerts, customers, monitor_runs, monitor_state
from proscribe.index.candidates import CandidateIndex
from proscribe.match.query import Query
from proscribe.model.codec import canonical_json
from proscribe.screen.engine import ScreenResult
from proscribe.store import SnapshotDiff, Store
from proscribe.store.diff import diff_snapshots
from proscribe.store.engine import WRITE_OPTION

RAISE_BATCH = 500
_LOAD_BATCH = 900


@dataclass(slots=True)
class SourceDelta:
    source: str
    from_snapshot: int | None
    to_snapshot: int
    added: int = 0
    changed: int = 0
    removed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "from_snapshot": self.from_snapshot,
            "to_snapshot": self.to_snapshot,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
        }


@dataclass(slots=True)
class MonitorReport:
    run_id: int
    deltas: list[SourceDelta] = field(default_factory=list)
    customers: int = 0
    delta_screened: int = 0
    full_screened: int = 0
    reprepared: int = 0
    hits: int = 0
    outcome: RaiseOutcome = field(default_factory=RaiseOutcome)
    closed: int = 0
    annotated: int = 0
    delta_stats: MatchStats = field(default_factory=MatchStats)
    full_stats: MatchStats = field(default_factory=MatchStats)
    seconds: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        return {
            "customers": self.customers,
            "delta_screened": self.delta_screened,
            "full_screened": self.full_screened,
            "reprepared": self.reprepared,
            "hits": self.hits,
            **self.outcome.to_dict(),
            "closed_delisted": self.closed,
            "annotated_changed_or_removed": self.annotated,
            "delta_matching": self.delta_stats.to_dict(),
            "full_matching": self.full_stats.to_dict(),
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "deltas": [d.to_dict() for d in self.deltas],
            **self.counts(),
        }


@dataclass(slots=True)
class _Subjects:
    keys: list[int] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)


def _write(store: Store) -> Connection:
    return store.engine.connect().execution_options(**{WRITE_OPTION: True})


def _start_run(store: Store, actor: str) -> int:
    with _write(store) as conn, conn.begin():
        key = conn.execute(
            insert(monitor_runs).values(
                actor=actor,
                status="running",
                started_at=datetime.now(UTC),
                snapshots="[]",
                counts="{}",
            )
        ).inserted_primary_key
    assert key is not None
    return int(key[0])


def _deltas(store: Store) -> list[tuple[SourceDelta, SnapshotDiff]]:
    with store.engine.connect() as conn:
        state = {r.source: int(r.snapshot_id) for r in conn.execute(select(monitor_state))}
    out = []
    for source in store.sources():
        latest = store.latest(source)
        if latest is None or state.get(source) == latest.id:
            continue
        base = state.get(source)
        if base is not None:
            diff = store.diff(source, from_id=base, to_id=latest.id)
        else:
            with store.engine.connect() as conn:
                diff = diff_snapshots(conn, None, latest)
        out.append(
            (
                SourceDelta(
                    source, base, latest.id, len(diff.added), len(diff.changed), len(diff.removed)
                ),
                diff,
            )
        )
    return out


def _load_subjects(
    store: Store, report: MonitorReport, workers: int
) -> tuple[_Subjects, _Subjects]:
    """Active customers split into already screened (delta only) and new or changed (everything)."""
    screened, fresh = _Subjects(), _Subjects()
    stale: list[tuple[_Subjects, int]] = []
    version = forms_version()
    # A plain DB-API cursor: a million rows as tuples, without building a Row object for each.
    with store.engine.connect() as conn:
        cursor = conn.connection.cursor()
        try:
            cursor.execute(
                "SELECT id, name_forms, evidence, content_hash, screened_hash, forms_version "
                "FROM customers WHERE active"
            )
            while batch := cursor.fetchmany(50_000):
                for key, forms, evidence, content_hash, screened_hash, row_version in batch:
                    group = (
                        screened
                        if screened_hash is not None and screened_hash == content_hash
                        else fresh
                    )
                    group.keys.append(int(key))
                    group.forms.append(forms)
                    group.evidence.append(int(evidence))
                    if group is fresh:
                        group.hashes.append(content_hash)
                    if row_version != version:
                        stale.append((group, len(group.keys) - 1))
        finally:
            cursor.close()
    if stale:
        # The name-processing code changed since these customers were imported: prepare them again.
        names = _names(store, [group.keys[pos] for group, pos in stale])
        forms = prepare_forms([names[group.keys[pos]] for group, pos in stale], workers)
        with _write(store) as conn, conn.begin():
            for (group, pos), encoded in zip(stale, forms, strict=True):
                group.forms[pos] = encoded
                conn.execute(
                    update(customers)
                    .where(customers.c.id == group.keys[pos])
                    .values(name_forms=encoded, forms_version=version)
                )
        report.reprepared = len(stale)
    report.customers = len(screened.keys) + len(fresh.keys)
    return screened, fresh


def _names(store: Store, keys: Sequence[int]) -> dict[int, tuple[str, str | None]]:
    out: dict[int, tuple[str, str | None]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(keys), _LOAD_BATCH):
            stmt = select(customers.c.id, customers.c.name, customers.c.schema).where(
                customers.c.id.in_(list(keys[i : i + _LOAD_BATCH]))
            )
            for key, name, schema in conn.execute(stmt):
                out[int(key)] = (name, schema)
    return out


def load_customers(store: Store, keys: Sequence[int]) -> dict[int, Customer]:
    out: dict[int, Customer] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(keys), _LOAD_BATCH):
            rows = conn.execute(
                select(customers).where(customers.c.id.in_(list(keys[i : i + _LOAD_BATCH])))
            )
            for row in rows:
                out[int(row.id)] = customer_from_row(row)
    return out


def _loader(store: Store) -> Any:
    def load(keys: Sequence[int]) -> dict[int, Query]:
        return {k: c.query() for k, c in load_customers(store, keys).items()}

    return load


def _new_hits(hits: list[Hit], people: dict[int, Customer], conn: Connection) -> list[NewHit]:
    versions = current_versions(conn, [h.scored.record.id for h in hits])
    out = []
    for h in hits:
        rec = h.scored.record
        customer = people[h.subject]
        version = versions.get(rec.id)
        if version is None:
            continue
        result = ScreenResult(
            rec.id,
            rec.source,
            rec.source_id,
            rec.schema,
            rec.caption,
            h.scored.score,
            True,
            h.scored,
        )
        out.append(NewHit("customer", customer.customer_id, customer.query(), result, version))
    return out


def run_monitoring(
    store: Store,
    actor: str = SYSTEM_ACTOR,
    settings: CaseSettings | None = None,
    workers: int | None = None,
    index: CandidateIndex | None = None,
) -> MonitorReport:
    """Bring alerts up to date with the store's lists and the monitored set (see the module docstring)."""
    settings = settings or CaseSettings.from_env()
    n_workers = workers if workers is not None else default_workers()
    started = time.perf_counter()
    audit.reconcile(store.engine, SYSTEM_ACTOR)
    run_id = _start_run(store, actor)
    report = MonitorReport(run_id)
    try:
        _run(store, actor, settings, n_workers, index, report)
    except BaseException as exc:
        with _write(store) as conn, conn.begin():
            conn.execute(
                update(monitor_runs)
                .where(monitor_runs.c.id == run_id)
                .values(
                    status="failed",
                    finished_at=datetime.now(UTC),
                    message=f"{type(exc).__name__}: {exc}",
                )
            )
        raise
    report.seconds["total"] = time.perf_counter() - started
    with _write(store) as conn, conn.begin():
        conn.execute(
            update(monitor_runs)
            .where(monitor_runs.c.id == run_id)
            .values(
                status="done",
                finished_at=datetime.now(UTC),
                snapshots=canonical_json([d.to_dict() for d in report.deltas]),
                counts=canonical_json(report.counts()),
            )
        )
        for delta in report.deltas:
            values = {
                "snapshot_id": delta.to_snapshot,
                "run_id": run_id,
                "updated_at": datetime.now(UTC),
            }
            done = conn.execute(
                update(monitor_state).where(monitor_state.c.source == delta.source).values(**values)
            ).rowcount
            if not done:
                conn.execute(insert(monitor_state).values(source=delta.source, **values))
        audit.append(conn, actor, "monitor.run", "monitor_run", run_id, report.to_dict())
    return report


def _run(
    store: Store,
    actor: str,
    settings: CaseSettings,
    workers: int,
    index: CandidateIndex | None,
    report: MonitorReport,
) -> None:
    t0 = time.perf_counter()
    deltas = _deltas(store)
    report.deltas = [d for d, _diff in deltas]
    screened, fresh = _load_subjects(store, report, workers)
    report.seconds["load"] = time.perf_counter() - t0
    changed_ids = [c.entity_id for _d, diff in deltas for c in diff.changed]
    delta_ids = [e.entity_id for _d, diff in deltas for e in diff.added] + changed_ids
    hits: list[Hit] = []
    needs_index = (screened.keys and delta_ids) or fresh.keys
    if needs_index:
        t0 = time.perf_counter()
        index = index or current_index(store)
        where = positions(index)
        report.seconds["index"] = time.perf_counter() - t0
        loader = _loader(store)
        if screened.keys and delta_ids:
            t0 = time.perf_counter()
            targets = Targets(index, [where[e] for e in delta_ids if e in where])
            found, report.delta_stats = match_subjects(
                targets,
                screened.keys,
                screened.forms,
                screened.evidence,
                loader,
                settings.threshold,
                workers,
            )
            hits.extend(found)
            report.delta_screened = len(screened.keys)
            report.seconds["delta"] = time.perf_counter() - t0
        if fresh.keys:
            t0 = time.perf_counter()
            targets = Targets(index, range(index.n_entities))
            found, report.full_stats = match_subjects(
                targets,
                fresh.keys,
                fresh.forms,
                fresh.evidence,
                loader,
                settings.threshold,
                workers,
            )
            hits.extend(found)
            report.full_screened = len(fresh.keys)
            report.seconds["full"] = time.perf_counter() - t0
    report.hits = len(hits)
    t0 = time.perf_counter()
    notes = {c.entity_id: c.describe() for _d, diff in deltas for c in diff.changed}
    people = load_customers(store, sorted({h.subject for h in hits}))
    for i in range(0, len(hits), RAISE_BATCH):
        batch = hits[i : i + RAISE_BATCH]
        with _write(store) as conn, conn.begin():
            new = _new_hits(batch, people, conn)
            pair_notes = {
                (n.subject_id, n.result.entity_id): {"changes": notes[n.result.entity_id]}
                for n in new
                if n.result.entity_id in notes
            }
            report.outcome.merge(
                raise_alerts(conn, new, actor, "monitoring", settings, report.run_id, pair_notes)
            )
    report.seconds["alerts"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _list_changes(store, actor, deltas, notes, report)
    if fresh.keys:
        _mark_screened(store, fresh.keys, fresh.hashes)
    report.seconds["list_changes"] = time.perf_counter() - t0


def _list_changes(
    store: Store,
    actor: str,
    deltas: list[tuple[SourceDelta, SnapshotDiff]],
    notes: dict[str, list[str]],
    report: MonitorReport,
) -> None:
    """Close or annotate alerts on removed entities; annotate standing alerts on changed ones."""
    touched = set(report.outcome.touched)
    with _write(store) as conn, conn.begin():
        lock_alerts(conn)
        for delta, diff in deltas:
            for gone in diff.removed:
                rows = conn.execute(
                    select(alerts).where(
                        alerts.c.entity_id == gone.entity_id, alerts.c.state != "closed"
                    )
                ).all()
                details = {
                    "note": "the entity was removed from the list",
                    "source": delta.source,
                    "snapshot_id": delta.to_snapshot,
                    "run_id": report.run_id,
                }
                for row in rows:
                    if row.state in ACTIVE_STATES:
                        system_close(conn, row, actor, "delisted", details)
                        report.closed += 1
                    else:
                        annotate(conn, row, actor, details)
                        report.annotated += 1
            for change in diff.changed:
                rows = conn.execute(
                    select(alerts).where(
                        alerts.c.entity_id == change.entity_id, alerts.c.state != "closed"
                    )
                ).all()
                for row in rows:
                    if int(row.id) in touched or row.content_hash == change.new_hash:
                        continue
                    if row.state == "decided" and row.decision == "false_positive":
                        continue  # the good-guy check decides on the next hit
                    annotate(
                        conn,
                        row,
                        actor,
                        {
                            "note": "the list entry changed",
                            "changes": notes.get(change.entity_id, []),
                            "snapshot_id": delta.to_snapshot,
                            "content_hash": change.new_hash,
                            "run_id": report.run_id,
                        },
                    )
                    report.annotated += 1


def _mark_screened(store: Store, keys: list[int], hashes: list[str]) -> None:
    """Record the customer data each customer was screened with (a row re-imported meanwhile stays unscreened)."""
    now = datetime.now(UTC)
    stmt = (
        update(customers)
        .where(
            customers.c.id == bindparam("key"), customers.c.content_hash == bindparam("screened")
        )
        .values(screened_hash=bindparam("screened"), screened_at=now)
    )
    with _write(store) as conn, conn.begin():
        for i in range(0, len(keys), _LOAD_BATCH * 10):
            conn.execute(
                stmt,
                [
                    {"key": k, "screened": h}
                    for k, h in zip(
                        keys[i : i + _LOAD_BATCH * 10],
                        hashes[i : i + _LOAD_BATCH * 10],
                        strict=True,
                    )
                ],
            )


def monitor_runs_list(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """Recent runs, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(monitor_runs).order_by(monitor_runs.c.id.desc()).limit(limit)
        ).all()
    return [
        {
            "id": r.id,
            "actor": r.actor,
            "status": r.status,
            "started_at": audit.utc(r.started_at).isoformat(),
            "finished_at": audit.utc(r.finished_at).isoformat() if r.finished_at else None,
            "snapshots": json.loads(r.snapshots),
            "counts": json.loads(r.counts),
            "message": r.message,
        }
        for r in rows
    ]


def set_baseline(store: Store, actor: str, reason: str) -> dict[str, int]:
    """Declare the monitored set already screened against the current lists, without screening it.

    For a customer base that another system has screened (a migration to
    proscribe), or a benchmark of update runs: from now on, monitoring
    screens these customers against list changes only. Recorded in the audit
    trail with the reason, because it is a decision not to screen.
    """
    state = {}
    for source in store.sources():
        snap = store.latest(source)
        if snap is not None:
            state[source] = snap.id
    now = datetime.now(UTC)
    with _write(store) as conn, conn.begin():
        marked = conn.execute(
            update(customers)
            .where(customers.c.active.is_(True))
            .values(screened_hash=customers.c.content_hash, screened_at=now)
        ).rowcount
        for source, snapshot_id in state.items():
            values = {"snapshot_id": snapshot_id, "run_id": None, "updated_at": now}
            if not conn.execute(
                update(monitor_state).where(monitor_state.c.source == source).values(**values)
            ).rowcount:
                conn.execute(insert(monitor_state).values(source=source, **values))
        audit.append(
            conn,
            actor,
            "monitor.baseline",
            "monitor_state",
            None,
            {"reason": reason, "customers": marked, "snapshots": state},
        )
    return {"customers": int(marked or 0), **state}


def after_list_update(
    store: Store, actor: str = SYSTEM_ACTOR, settings: CaseSettings | None = None
) -> MonitorReport:
    """The hook `proscribe lists update` (and the API's list reload) calls after importing.

    A run with nothing new is cheap: no index is opened unless some
    customer or some list changed.
    """
    return run_monitoring(store, actor, settings)
