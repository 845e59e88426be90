"""`proscribe alerts|customers|monitor|audit ...`: reviewing alerts, the monitored set, monitoring, the audit trail.

Every command that changes something acts as someone: `--as-user NAME`,
default `$PROSCRIBE_USER` or the operating-system user. The rules (four
eyes, good-guy list, audit) are enforced by `proscribe.cases`, not here, so
the API applies exactly the same ones.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from proscribe.cases import alerts as alert_service
from proscribe.cases import audit
from proscribe.cases.customers import count_customers, import_customers, list_customers
from proscribe.cases.errors import (
    AlertNotFoundError,
    AlertStateError,
    CustomerFileError,
    FourEyesError,
    VersionConflictError,
)
from proscribe.cases.goodguys import list_suppressions
from proscribe.cases.monitor import MonitorReport, monitor_runs_list, run_monitoring, set_baseline
from proscribe.cases.retention import purge_expired
from proscribe.cases.settings import CaseSettings, SettingsError, default_actor
from proscribe.cli.state import console, err_console, open_store
from proscribe.store.errors import InvalidRequestError

alerts_app = typer.Typer(
    no_args_is_help=True, help="Review alerts: list, show, assign, decide (four-eyes), comment."
)
customers_app = typer.Typer(
    no_args_is_help=True, help="The monitored customers: import a file, list them."
)
monitor_app = typer.Typer(
    no_args_is_help=True, help="Re-screen the monitored customers against list changes."
)
audit_app = typer.Typer(
    no_args_is_help=True, help="Verify and export the tamper-evident audit trail."
)

AS_USER = typer.Option(
    None, "--as-user", help="Who is acting (default: $PROSCRIBE_USER or the OS user)."
)
VERSION = typer.Option(
    None, "--version", help="The alert version you read (refused if it changed since)."
)


def _fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[red]error[/red] {escape(message)}")
    raise typer.Exit(code)


def _settings() -> CaseSettings:
    try:
        return CaseSettings.from_env()
    except SettingsError as exc:
        _fail(str(exc))


def _who(as_user: str | None) -> str:
    return as_user or default_actor()


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- alerts ----------------------------------------------------------------------


@alerts_app.command("ls")
def alerts_ls(
    state: str | None = typer.Option(
        None, "--state", help="open, in_review, pending_approval, decided or closed."
    ),
    assignee: str | None = typer.Option(None, "--assignee"),
    customer: str | None = typer.Option(
        None, "--customer", help="Only this customer's (or query id's) alerts."
    ),
    entity: str | None = typer.Option(
        None, "--entity", help="Only alerts on this list entity (source:id)."
    ),
    decision: str | None = typer.Option(
        None, "--decision", help="true_match, false_positive or escalated."
    ),
    suppressed: bool = typer.Option(
        False, "--suppressed", help="List the hits the good-guy list held back instead."
    ),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Alerts, newest first (or, with --suppressed, the suppressed hits)."""
    with open_store() as store:
        if suppressed:
            rows = list_suppressions(store.engine, limit=limit, offset=offset)
            if as_json:
                _print_json([r.to_dict() for r in rows])
                return
            table = Table(title=f"Suppressed hits ({len(rows)} shown)")
            for col in ("id", "at", "customer", "entity", "score", "good-guy", "origin", "run"):
                table.add_column(col)
            for r in rows:
                table.add_row(
                    str(r.id),
                    r.at.strftime("%Y-%m-%d %H:%M"),
                    r.subject_id,
                    r.entity_id,
                    f"{r.score:.3f}",
                    str(r.good_guy_id),
                    r.origin,
                    str(r.run_id or ""),
                )
            console.print(table)
            return
        try:
            found = alert_service.list_alerts(
                store.engine,
                state,
                assignee,
                customer,
                entity,
                decision,
                limit=limit,
                offset=offset,
            )
        except InvalidRequestError as exc:
            _fail(str(exc))
    if as_json:
        _print_json([a.to_dict(full=False) for a in found])
        return
    table = Table(title=f"Alerts ({len(found)} shown)")
    for col in (
        "id",
        "state",
        "score",
        "customer",
        "listed as",
        "source",
        "decision",
        "assignee",
        "created",
    ):
        table.add_column(col, overflow="fold")
    for a in found:
        decision_text = a.decision or (
            f"proposed {a.proposed_decision} by {a.proposed_by}" if a.proposed_decision else ""
        )
        table.add_row(
            str(a.id),
            a.state,
            f"{a.score:.3f}",
            escape(a.subject_id or "-"),
            escape(a.caption),
            f"{a.source}:{a.source_id}",
            escape(decision_text),
            escape(a.assignee or ""),
            a.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


@alerts_app.command("show")
def alerts_show(
    alert_id: int = typer.Argument(...), as_json: bool = typer.Option(False, "--json")
) -> None:
    """One alert: what was screened, what it matched and why, the obligations, and its history."""
    with open_store() as store:
        try:
            detail = alert_service.get_alert(store.engine, alert_id)
        except AlertNotFoundError as exc:
            _fail(str(exc))
    if as_json:
        _print_json(detail.to_dict())
        return
    a = detail.alert
    q = a.query
    console.print(
        f"[bold]Alert {a.id}[/bold]  state [bold]{a.state}[/bold]  version {a.version}  score {a.score:.3f} (threshold {a.threshold:.2f})"
    )
    console.print(
        f"screened: {escape(q.get('name', ''))}  id {escape(str(q.get('id') or '-'))}  schema {q.get('schema') or '-'}"
        f"  birth date {(q.get('birth_date') or {}).get('value', '-')}  country {q.get('country') or '-'}"
    )
    console.print(
        f"matched:  {escape(a.caption)}  [{a.entity_id}] ({a.schema}), snapshot {a.snapshot_id}, version {a.content_hash[:12]}"
    )
    console.print(f"why:      {escape(a.summary)}")
    if a.obligations:
        actions = a.obligations.get("actions") or []
        exposures = a.obligations.get("exposures") or []
        console.print(
            f"obligations ({a.obligations.get('perspective', {}).get('jurisdiction', '?')}): "
            f"{len(actions)} action(s), {len(exposures)} exposure(s)"
        )
        for act in actions[:8]:
            console.print(
                f"  - {escape(str(act.get('action', act)))}: {escape(str(act.get('legal_basis', '')))}"
            )
    if a.decision:
        console.print(
            f"decision: [bold]{a.decision}[/bold] by {a.decided_by}"
            + (f", confirmed by {a.approved_by}" if a.approved_by else "")
        )
    elif a.proposed_decision:
        console.print(
            f"proposed: [bold]{a.proposed_decision}[/bold] by {a.proposed_by}, awaiting a second reviewer"
        )
    if detail.good_guy:
        gg = detail.good_guy
        console.print(
            f"good-guy entry {gg['id']}: {'active' if gg['active'] else 'lifted ' + str(gg['lifted_reason'])}"
        )
    table = Table(title="History")
    for col in ("at", "who", "what", "details"):
        table.add_column(col, overflow="fold")
    for e in detail.events:
        table.add_row(
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            escape(e.actor),
            e.kind,
            escape(json.dumps(e.content, ensure_ascii=False)[:300]),
        )
    console.print(table)


def _act(fn: Any, *args: Any, **kwargs: Any) -> Any:
    with open_store() as store:
        try:
            return fn(store.engine, *args, **kwargs)
        except (AlertNotFoundError, AlertStateError, FourEyesError, InvalidRequestError) as exc:
            _fail(str(exc))
        except VersionConflictError as exc:
            _fail(str(exc), 3)


@alerts_app.command("assign")
def alerts_assign(
    alert_id: int = typer.Argument(...),
    assignee: str = typer.Argument(..., help="The reviewer to give it to."),
    as_user: str | None = AS_USER,
    version: int | None = VERSION,
) -> None:
    """Give an alert to a reviewer (an open alert goes into review)."""
    a = _act(alert_service.assign, alert_id, assignee, _who(as_user), expected_version=version)
    console.print(
        f"alert {a.id}: assigned to {escape(a.assignee or '')}, state {a.state}, version {a.version}"
    )


@alerts_app.command("comment")
def alerts_comment(
    alert_id: int = typer.Argument(...),
    text: str = typer.Argument(..., help="The note."),
    as_user: str | None = AS_USER,
) -> None:
    """Add a note to an alert's history."""
    a = _act(alert_service.comment, alert_id, text, _who(as_user))
    console.print(f"alert {a.id}: comment added, state {a.state}, version {a.version}")


@alerts_app.command("decide")
def alerts_decide(
    alert_id: int = typer.Argument(...),
    decision: str = typer.Argument(..., help="true_match, false_positive or escalated."),
    reason: str = typer.Option(
        ..., "--reason", "-r", help="Why: kept in the alert's history and the audit trail."
    ),
    as_user: str | None = AS_USER,
    version: int | None = VERSION,
) -> None:
    """Decide an alert, or confirm a colleague's pending decision (four eyes)."""
    a = _act(
        alert_service.decide,
        alert_id,
        decision,
        _who(as_user),
        reason,
        _settings(),
        expected_version=version,
    )
    if a.state == "pending_approval":
        console.print(
            f"alert {a.id}: {a.proposed_decision} proposed by {escape(a.proposed_by or '')}; "
            "a second reviewer must confirm it (four eyes)"
        )
    else:
        tail = f", confirmed by {escape(a.approved_by)}" if a.approved_by else ""
        console.print(
            f"alert {a.id}: decided [bold]{a.decision}[/bold] by {escape(a.decided_by or '')}{tail}"
        )
        if a.decision == "false_positive" and a.subject_id:
            console.print(
                "  the pair is on the good-guy list until the customer's or the entry's name, birth date or identifiers change"
            )


@alerts_app.command("close")
def alerts_close(
    alert_id: int = typer.Argument(...),
    reason: str = typer.Option(..., "--reason", "-r"),
    as_user: str | None = AS_USER,
    version: int | None = VERSION,
) -> None:
    """Close a decided alert once the work is done."""
    a = _act(alert_service.close, alert_id, _who(as_user), reason, expected_version=version)
    console.print(f"alert {a.id}: closed ({a.resolution})")


# --- customers -------------------------------------------------------------------


@customers_app.command("import")
def customers_import(
    file: Path = typer.Argument(
        ...,
        help="CSV, JSON lines or Parquet with id,name[,schema,birth_date,country,id_number,gender].",
    ),
    mode: str = typer.Option(
        "replace",
        "--mode",
        help="replace: the file is the whole monitored set; upsert: add and update only.",
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="csv, jsonl or parquet (default: from the file)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-j", help="Processes preparing names (default: up to 4)."
    ),
    as_user: str | None = AS_USER,
) -> None:
    """Import customers to monitor, keyed by their own id; run `proscribe monitor run` to screen them."""
    if mode not in ("replace", "upsert"):
        _fail(f"--mode {mode!r} is not replace or upsert")
    with open_store() as store:
        try:
            with console.status(f"importing customers from {file}"):
                result = import_customers(store.engine, file, _who(as_user), mode, fmt, workers)  # type: ignore[arg-type]
        except CustomerFileError as exc:
            _fail(f"{exc}\n  nothing was imported")
    console.print(
        f"{result.rows} rows: [green]{result.added} added[/green], {result.updated} updated, "
        f"{result.reactivated} back, {result.unchanged} unchanged, {result.removed} removed ({result.seconds:.1f}s)"
    )


@customers_app.command("ls")
def customers_ls(
    search: str | None = typer.Option(None, "--search", "-q", help="Part of a name or id."),
    include_removed: bool = typer.Option(
        False, "--all", help="Include customers no longer in the monitored set."
    ),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The monitored customers, by id."""
    with open_store() as store:
        rows = list_customers(store.engine, include_removed, limit, offset, search)
        counts = count_customers(store.engine)
    if as_json:
        _print_json([c.to_dict() for c in rows])
        return
    table = Table(
        title=f"Customers: {counts['active']} monitored, {counts['removed']} removed ({len(rows)} shown)"
    )
    for col in ("id", "name", "schema", "birth date", "country", "id number", "screened", "active"):
        table.add_column(col, overflow="fold")
    for c in rows:
        table.add_row(
            escape(c.customer_id),
            escape(c.name),
            c.schema or "",
            c.birth_date or "",
            c.country or "",
            escape(c.id_number or ""),
            "yes" if c.screened else "no",
            "yes" if c.active else "removed",
        )
    console.print(table)


# --- monitoring ------------------------------------------------------------------


def print_report(report: MonitorReport) -> None:
    for d in report.deltas:
        console.print(
            f"{d.source}: snapshot {d.from_snapshot or '(none)'} -> {d.to_snapshot}: "
            f"{d.added} added, {d.changed} changed, {d.removed} removed"
        )
    o = report.outcome
    console.print(
        f"{report.customers} customers: {report.delta_screened} against the changes, {report.full_screened} in full; "
        f"{report.hits} hits -> [bold]{len(o.created)} new alerts[/bold], {o.suppressed} suppressed (good-guy), "
        f"{o.lifted} good-guy entries lifted, {o.existing + o.annotated} already alerted; "
        f"{report.closed} alerts closed and {report.annotated} annotated for removed or changed entries "
        f"({report.seconds.get('total', 0.0):.1f}s)"
    )


@monitor_app.command("run")
def monitor_run(
    workers: int | None = typer.Option(
        None, "--workers", "-j", help="Processes for matching (default: up to 4)."
    ),
    as_user: str | None = AS_USER,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Screen new or changed customers in full, and everyone against list changes since the last run."""
    settings = _settings()
    with open_store() as store, console.status("monitoring"):
        report = run_monitoring(store, _who(as_user), settings, workers)
    if as_json:
        _print_json(report.to_dict())
        return
    print_report(report)


@monitor_app.command("baseline")
def monitor_baseline(
    reason: str = typer.Option(
        ..., "--reason", "-r", help="Why the customers need no full screening (audited)."
    ),
    as_user: str | None = AS_USER,
) -> None:
    """Declare the monitored customers already screened against the current lists (e.g. migrated from another system)."""
    with open_store() as store:
        done = set_baseline(store, _who(as_user), reason)
    snaps = ", ".join(f"{k} #{v}" for k, v in done.items() if k != "customers")
    console.print(f"{done['customers']} customers marked as screened against {snaps or 'no lists'}")


@monitor_app.command("runs")
def monitor_runs(
    limit: int = typer.Option(20, "--limit", "-n"), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Recent monitoring runs and what they did."""
    with open_store() as store:
        runs = monitor_runs_list(store, limit)
    if as_json:
        _print_json(runs)
        return
    table = Table(title="Monitoring runs")
    for col in ("id", "status", "started", "by", "snapshots", "alerts", "suppressed", "message"):
        table.add_column(col, overflow="fold")
    for r in runs:
        snaps = ", ".join(
            f"{d['source']} {d['from_snapshot'] or '-'}->{d['to_snapshot']}" for d in r["snapshots"]
        )
        table.add_row(
            str(r["id"]),
            r["status"],
            r["started_at"][:19],
            escape(r["actor"]),
            snaps,
            str(r["counts"].get("alerts", "")),
            str(r["counts"].get("suppressed", "")),
            escape(r["message"] or ""),
        )
    console.print(table)


# --- audit -----------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(as_json: bool = typer.Option(False, "--json")) -> None:
    """Check the whole hash chain; exit 1 naming every record that was edited, deleted or inserted."""
    with open_store() as store:
        result = audit.verify(store.engine)
    if as_json:
        _print_json(result.to_dict())
    elif result.ok:
        console.print(
            f"[green]audit trail intact[/green]: {result.records} records, {result.first_seq or '-'} to {result.last_seq or '-'}"
        )
    else:
        err_console.print(
            f"[red]audit trail broken[/red]: {len(result.problems)} problem(s) in {result.records} records"
        )
        for p in result.problems:
            err_console.print(f"  record {p.seq}: {escape(p.message)}")
    if not result.ok:
        raise typer.Exit(1)


def _when(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        _fail(f"{name} {value!r} is not a date: write YYYY-MM-DD or an ISO time")


@audit_app.command("export")
def audit_export(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: standard output)."
    ),
    fmt: str = typer.Option(
        "json", "--format", help="json (with the verification result), jsonl or csv."
    ),
    since: str | None = typer.Option(None, "--since", help="From this date or time (UTC)."),
    until: str | None = typer.Option(None, "--until", help="Before this date or time (UTC)."),
) -> None:
    """Export records with their hashes, for a regulator or an archive."""
    if fmt not in audit.EXPORT_FORMATS:
        _fail(f"--format {fmt!r} is not one of {', '.join(audit.EXPORT_FORMATS)}")
    start, end = _when(since, "--since"), _when(until, "--until")
    with open_store() as store:
        if output is None:
            count = audit.export(store.engine, sys.stdout, fmt, start, end)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = audit.export(store.engine, out, fmt, start, end)
    err_console.print(f"{count} audit records exported" + (f" to {output}" if output else ""))


@audit_app.command("purge")
def audit_purge(
    as_user: str | None = AS_USER,
    yes: bool = typer.Option(
        False, "--yes", help="Really delete (without it, only show what would go)."
    ),
) -> None:
    """Delete audit records and closed cases older than the retention period ($PROSCRIBE_AUDIT_RETENTION_YEARS, default 10)."""
    settings = _settings()
    with open_store() as store:
        result = purge_expired(
            store.engine, _who(as_user), settings.retention_years, dry_run=not yes
        )
    verb = "deleted" if yes else "would delete"
    console.print(
        f"retention {settings.retention_years:g} years (before {result.cutoff:%Y-%m-%d}): {verb} "
        f"{result.audit_records} audit records, {result.alerts} closed alerts, {result.good_guys} lifted good-guy entries, "
        f"{result.suppressions} suppressions"
    )


def register(app: typer.Typer) -> None:
    """Add `alerts`, `customers`, `monitor` and `audit` to the main app."""
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(customers_app, name="customers")
    app.add_typer(monitor_app, name="monitor")
    app.add_typer(audit_app, name="audit")
