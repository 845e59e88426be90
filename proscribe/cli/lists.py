"""`proscribe lists ...`: import, inspect, diff, export and update the stored lists."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from proscribe.cli.state import console, err_console, open_store
from proscribe.model import entity_to_dict
from proscribe.sources.errors import ListError
from proscribe.sources.registry import expand_paths, open_list

app = typer.Typer(no_args_is_help=True)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(
        ..., help="List files or folders (companion files are found beside their main file)."
    ),
    source: str | None = typer.Option(
        None, "--source", "-s", help="Source key to store under (default: the format's)."
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="Force a format instead of detecting it."
    ),
) -> None:
    """Import list files as new snapshots; an identical file already imported is a no-op."""
    failed = 0
    with open_store() as store:
        for path in expand_paths(list(files)):
            try:
                parsed = open_list(path, source=source, fmt=fmt)
                with console.status(f"importing {path} ({parsed.format.name})"):
                    result = store.import_list(parsed)
            except ListError as exc:
                err_console.print(f"[red]error[/red] {exc}")
                err_console.print("  nothing was stored for this file")
                failed += 1
                continue
            snap = result.snapshot
            verb = "imported" if result.created else "unchanged (identical file already imported as"
            tail = "" if result.created else ")"
            console.print(
                f"[green]{verb}[/green] snapshot {snap.id}{tail}: source [bold]{snap.source}[/bold], "
                f"{snap.entity_count} entities, format {snap.format}"
                + (f", list date {snap.published}" if snap.published else "")
            )
            if result.created and parsed.report.issues:
                console.print(
                    f"  [yellow]{len(parsed.report.issues)} issue(s)[/yellow] reported, e.g.:"
                )
                for issue in parsed.report.issues[:5]:
                    console.print(f"    {issue}")
                console.print(f"  see: proscribe lists show {snap.id} --issues")
    if failed:
        raise typer.Exit(1)


@app.command("ls")
def ls(source: str | None = typer.Option(None, "--source", "-s")) -> None:
    """Every snapshot in the store, newest first."""
    with open_store() as store:
        snaps = store.snapshots(source)
    table = Table(title="List snapshots")
    for col in (
        "id",
        "source",
        "format",
        "list date",
        "imported at",
        "entities",
        "issues",
        "files",
    ):
        table.add_column(col)
    for s in snaps:
        table.add_row(
            str(s.id),
            s.source,
            s.format,
            s.published or "",
            s.imported_at.strftime("%Y-%m-%d %H:%M:%S") if s.imported_at else "",
            str(s.entity_count),
            str(s.issue_count),
            ", ".join(Path(f).name for f in s.files),
        )
    console.print(table)


@app.command("show")
def show(
    ident: str = typer.Argument(..., help="A snapshot id, or an entity id such as ofac:52965."),
    issues: bool = typer.Option(False, "--issues", help="List the issues the parse reported."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """One snapshot (with its counts and issues) or one entity."""
    with open_store() as store:
        if not ident.isdigit():
            entity = store.entity(ident)
            if entity is None:
                err_console.print(f"[red]no entity {ident!r} in the store[/red]")
                raise typer.Exit(1)
            console.print_json(json.dumps(entity_to_dict(entity), ensure_ascii=False))
            return
        snap = store.snapshot(int(ident))
        if snap is None:
            err_console.print(f"[red]no snapshot {ident}[/red]")
            raise typer.Exit(1)
        snap_issues = store.issues(snap.id) if issues or as_json else []
    if as_json:
        data = {
            "id": snap.id,
            "source": snap.source,
            "format": snap.format,
            "files": snap.files,
            "file_hash": snap.file_hash,
            "published": snap.published,
            "imported_at": snap.imported_at.isoformat() if snap.imported_at else None,
            "entity_count": snap.entity_count,
            "counts": snap.counts,
            "issues": [str(i) for i in snap_issues],
        }
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    table = Table(title=f"Snapshot {snap.id}", show_header=False)
    table.add_row("source", snap.source)
    table.add_row("format", snap.format)
    table.add_row("files", "\n".join(snap.files))
    table.add_row("sha256", snap.file_hash)
    table.add_row("list date", snap.published or "not stated in the file")
    table.add_row("imported at", str(snap.imported_at))
    table.add_row("entities", str(snap.entity_count))
    for key, value in sorted(snap.counts.items()):
        table.add_row(f"  {key}", str(value))
    table.add_row("issues", str(snap.issue_count))
    console.print(table)
    for issue in snap_issues:
        console.print(f"  {issue}")


@app.command("diff")
def diff(
    source: str = typer.Argument(..., help="Source key, e.g. ofac."),
    from_id: int | None = typer.Option(
        None, "--from", help="Older snapshot id (default: the one before --to)."
    ),
    to_id: int | None = typer.Option(None, "--to", help="Newer snapshot id (default: the latest)."),
    as_json: bool = typer.Option(False, "--json"),
    limit: int = typer.Option(50, "--limit", help="Entities shown per section (text output)."),
) -> None:
    """What changed between two snapshots of a source: added, removed, changed (field by field)."""
    with open_store() as store:
        try:
            result = store.diff(source, from_id, to_id)
        except (KeyError, ValueError) as exc:
            err_console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    console.print(
        f"[bold]{source}[/bold] snapshot {result.from_id} -> {result.to_id}: "
        f"[green]{len(result.added)} added[/green], [red]{len(result.removed)} removed[/red], "
        f"[yellow]{len(result.changed)} changed[/yellow]"
    )
    for title, items in (("added", result.added), ("removed", result.removed)):
        for e in items[:limit]:
            console.print(
                f"  {'+' if title == 'added' else '-'} {e.entity_id}  {e.caption} ({e.schema})"
            )
        if len(items) > limit:
            console.print(f"  ... {len(items) - limit} more {title}")
    for change in result.changed[:limit]:
        console.print(f"  ~ {change.entity_id}  {change.caption}")
        for line in change.describe():
            console.print(f"      {line}")
    if len(result.changed) > limit:
        console.print(f"  ... {len(result.changed) - limit} more changed")


@app.command("export")
def export(
    fmt: str = typer.Option(
        "ftm",
        "--format",
        help="Output format: ftm (FollowTheMoney JSON lines) or json (proscribe's model).",
    ),
    source: list[str] = typer.Option(
        [], "--source", "-s", help="Only these sources (default: all)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
) -> None:
    """Export the current entities of every (or the chosen) source."""
    if fmt not in ("ftm", "json"):
        err_console.print(f"[red]unknown export format {fmt!r}: use ftm or json[/red]")
        raise typer.Exit(2)
    from proscribe.sources.ftm_export import entity_to_ftm

    count = 0
    sink = open(output, "w", encoding="utf-8") if output else contextlib.nullcontext(sys.stdout)  # noqa: SIM115
    with sink as out, open_store() as store:
        for entity in store.current_entities(list(source) or None):
            records = entity_to_ftm(entity) if fmt == "ftm" else [entity_to_dict(entity)]
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    if output:
        console.print(f"exported {count} entities to {output}")


@app.command("update")
def update(
    source: list[str] = typer.Option([], "--source", "-s", help="Only these official sources."),
    offline_fallback: bool = typer.Option(
        False,
        "--offline-fallback",
        help="If the store has no list afterwards, load the bundled demo dataset.",
    ),
    monitor: bool = typer.Option(
        True, "--monitor/--no-monitor", help="Re-screen monitored customers against what changed."
    ),
    connect_timeout: float = typer.Option(5.0, help="Seconds to wait for a connection."),
    read_timeout: float = typer.Option(60.0, help="Seconds to wait between bytes."),
    retries: int = typer.Option(2, help="Retries per file after a failure."),
) -> None:
    """Download every official list (or read $PROSCRIBE_DATA) and import what changed."""
    from proscribe.store.refresh import refresh

    with open_store() as store:
        outcomes = refresh(
            store,
            offline_fallback=offline_fallback,
            sources=list(source) or None,
            progress=lambda msg: console.print(f"[dim]{msg}[/dim]"),
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries=retries,
        )
        report = None
        if monitor:
            from proscribe.cases.monitor import after_list_update

            report = after_list_update(store)
    table = Table(title="List update")
    for col in ("source", "from", "status", "snapshot", "entities", "note"):
        table.add_column(col)
    colour = {"imported": "green", "unchanged": "blue", "failed": "red"}
    for o in outcomes:
        table.add_row(
            o.source,
            o.origin,
            f"[{colour[o.status]}]{o.status}[/]",
            str(o.snapshot_id or ""),
            str(o.entities or ""),
            o.message,
        )
    console.print(table)
    if report is not None and report.customers:
        counts = report.counts()
        console.print(
            f"monitoring run {report.run_id}: {counts['customers']} customers, "
            f"{counts['delta_screened']} screened against what changed, {report.hits} hit(s); "
            f"see `proscribe alerts ls`"
        )


@app.command("formats")
def formats() -> None:
    """Every list format proscribe reads, with its default source key."""
    from proscribe.sources.registry import all_formats

    table = Table(title="List formats (detected from content; gzip allowed)")
    for col in ("format", "source", "description", "read with"):
        table.add_column(col)
    for f in sorted(
        all_formats(), key=lambda f: (f.companion_of or f.name, f.companion_of is not None)
    ):
        table.add_row(f.name, f.source, f.description, f.companion_of or "")
    console.print(table)
