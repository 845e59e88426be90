"""`proscribe check`, `proscribe screen` and `proscribe compare`: screening from the command line.

Lists come from `--lists FILE [FILE ...]` (parsed on the fly, format
detected, index saved for the next run) or, without it, from the store's
latest snapshot of every source. Because Click options take one value,
`--lists a.xml b.csv` leaves `b.csv` among the positional arguments; the
commands take their extra positional arguments as further list files, so the
documented form works as written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from proscribe.cases.raising import record_screening
from proscribe.cases.settings import CaseSettings, SettingsError, default_actor
from proscribe.cli.consequences import assess_alerts
from proscribe.cli.state import STATE, console, err_console, open_store
from proscribe.index.arrays import IndexFileError
from proscribe.match.explain import pair_json
from proscribe.match.query import Query, QueryError, normalise_schema
from proscribe.match.score import DEFAULT_THRESHOLD, compare_names
from proscribe.screen.batch import BatchError, compare_pairs
from proscribe.screen.engine import DEFAULT_LIMIT, Screener, ScreenResult
from proscribe.screen.lists import LoadedLists, load_list_files, load_store
from proscribe.sources.errors import ListError


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error[/red] {message}")
    return typer.Exit(2)


def _load(lists: list[Path], no_cache: bool) -> LoadedLists:
    try:
        if lists:
            loaded = load_list_files(lists, use_cache=not no_cache)
        else:
            loaded = load_store(STATE.db_url, use_cache=not no_cache)
    except (ListError, IndexFileError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    for report in loaded.reports:
        if report.issues:
            err_console.print(
                f"[yellow]{len(report.issues)} issue(s)[/yellow] while parsing {report.source} ({report.format})"
            )
    return loaded


def _check_threshold(threshold: float) -> None:
    if not 0.0 <= threshold <= 1.0:
        raise _fail(f"--threshold {threshold} is not between 0 and 1")


def check(
    args: list[str] = typer.Argument(
        ..., help="The name to screen (then, after --lists, more list files)."
    ),
    dob: str | None = typer.Option(None, "--dob", help="Birth date: YYYY, YYYY-MM or YYYY-MM-DD."),
    country: str | None = typer.Option(None, "--country", help="Country: ISO code or name."),
    schema: str | None = typer.Option(
        None, "--schema", help="Person, Organization, Vessel or Aircraft."
    ),
    id_number: list[str] = typer.Option(
        [], "--id", help="An identifier (passport, registration, IMO...); repeatable."
    ),
    gender: str | None = typer.Option(None, "--gender", help="male or female."),
    lists: list[Path] = typer.Option(
        [], "--lists", help="List files to screen against (default: the store)."
    ),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, "--threshold", "-t", help="Alert at or above this score."
    ),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-k", help="How many results to show."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Rebuild the index instead of opening the saved one."
    ),
    as_: str | None = typer.Option(
        None,
        "--as",
        help="Say what each alert obliges a party in this jurisdiction to do (ISO code, e.g. US, FR, or EU).",
    ),
    activity: str = typer.Option(
        "general", "--activity", help="With --as: payment, onboarding, entry or general."
    ),
    on: str | None = typer.Option(
        None, "--on", help="With --as: the date the obligations are judged on (default: today)."
    ),
    customer: str | None = typer.Option(
        None,
        "--customer",
        help="The customer's own id: alerts are raised for this customer, and a pair cleared "
        "before (good-guy list) is suppressed.",
    ),
    actor: str | None = typer.Option(
        None,
        "--actor",
        "--as-user",
        help="Who is screening, in alerts and the audit trail (default: $PROSCRIBE_USER or the OS user).",
    ),
    no_record: bool = typer.Option(
        False,
        "--no-record",
        help="Do not turn hits into alerts (a look-up, not a screening of a party).",
    ),
) -> None:
    """Screen one name, with what else is known, and explain every result.

    Against the store (no --lists), every hit at or above the alert
    threshold becomes an alert for review, as hits from the API and from
    monitoring do; `--no-record` looks without recording. List files given
    with --lists are not snapshots in the store, so nothing is recorded.
    """
    _check_threshold(threshold)
    name, extra = args[0], [Path(a) for a in args[1:]]
    if extra and not lists:
        raise _fail(f"unexpected arguments {' '.join(args[1:])!r}: quote a name with spaces")
    try:
        query = Query.make(
            name, schema=schema, birth_date=dob, country=country, id_number=id_number, gender=gender
        )
    except QueryError as exc:
        raise _fail(str(exc)) from exc
    files = [*lists, *extra]
    settings: CaseSettings | None = None
    if not files and not no_record:
        try:
            settings = CaseSettings.from_env()
        except SettingsError as exc:
            raise _fail(str(exc)) from exc
    loaded = _load(files, no_cache)
    screener = Screener(loaded.index, threshold=threshold)
    # Every hit reaching the alert threshold is recorded, not only the `limit` shown.
    found = screener.screen(query, limit=max(limit, screener.candidates))
    results = found[:limit]
    recording = _record(query, found, settings, customer, actor, files, no_record)
    obligations: dict[str, tuple[str, dict[str, Any]]] = {}
    if as_:
        try:
            obligations = assess_alerts(results, [*lists, *extra], as_, activity, on)
        except ValueError as exc:
            raise _fail(str(exc)) from exc
    if as_json:
        matches = []
        for r in results:
            item = r.to_dict()
            if r.entity_id in obligations:
                item["obligations"] = obligations[r.entity_id][1]
            matches.append(item)
        print(
            json.dumps(
                {
                    "query": name,
                    "threshold": threshold,
                    "matches": matches,
                    "recording": recording,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(
        title=escape(
            f"Screening {name!r}: {sum(r.match for r in results)} alert(s) at threshold {threshold:.2f}"
        )
    )
    for col in ("score", "alert", "source", "id", "schema", "listed as", "why"):
        table.add_column(col, overflow="fold")
    for r in results:
        table.add_row(
            f"{r.score:.3f}",
            "[bold red]ALERT[/bold red]" if r.match else "",
            r.source,
            r.source_id,
            r.schema,
            escape(r.name),
            escape(r.summary),
        )
    console.print(table)
    if not results:
        console.print("no candidates")
    for entity_id, (text, _data) in obligations.items():
        console.print(f"\n[bold]{escape(entity_id)}[/bold]")
        console.print(escape(text))
    if as_ and not obligations:
        console.print(f"no alert, so no obligation from the perspective of {as_}")
    console.print(_recording_text(recording))


def _record(
    query: Query,
    results: list[ScreenResult],
    settings: CaseSettings | None,
    customer: str | None,
    actor: str | None,
    files: list[Path],
    no_record: bool,
) -> dict[str, Any]:
    """Turn the hits into alerts when screening the store; say why not otherwise."""
    if no_record:
        return {"recorded": False, "reason": "--no-record"}
    if files or settings is None:
        return {
            "recorded": False,
            "reason": "lists from files (--lists) are not snapshots in the store, so no alert "
            "can point at the list version it was raised on; import them to record alerts",
        }
    with open_store() as store:
        outcome = record_screening(
            store.engine,
            query,
            results,
            actor=actor or default_actor(),
            origin="cli",
            subject_id=customer,
            settings=settings,
        )
    return {"recorded": True, "alert_threshold": settings.threshold, **outcome.to_dict()}


def _recording_text(recording: dict[str, Any]) -> str:
    if not recording["recorded"]:
        return escape(f"not recorded as alerts: {recording['reason']}")
    ids = ", ".join(f"#{i}" for i in recording["alert_ids"])
    return escape(
        f"recorded: {recording['alerts']} new alert(s){f' ({ids})' if ids else ''}, "
        f"{recording['suppressed']} suppressed by the good-guy list, "
        f"{recording['existing'] + recording['annotated']} already alerted "
        f"(alert threshold {recording['alert_threshold']:.2f})"
    )


def compare(
    names: list[str] = typer.Argument(None, help="Two names to compare (or use --pairs)."),
    pairs: Path | None = typer.Option(None, "--pairs", help="CSV with pair_id,schema,name1,name2."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="JSON lines out (with --pairs)."
    ),
    schema: str | None = typer.Option(None, "--schema", help="Schema of two names given inline."),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, "--threshold", "-t", help="Match at or above this score."
    ),
) -> None:
    """Score name pairs, without any list: two names inline, or a pairs CSV into JSON lines."""
    _check_threshold(threshold)
    if pairs is not None:
        if output is None:
            raise _fail("--pairs needs --output")
        try:
            summary = compare_pairs(pairs, output, threshold=threshold)
        except BatchError as exc:
            raise _fail(str(exc)) from exc
        err_console.print(
            f"{summary.rows} pairs, {summary.alerts} matches, {summary.errors} errors -> {output}"
        )
        return
    if not names or len(names) != 2:
        raise _fail("give two names, or --pairs PAIRS.csv --output OUT.jsonl")
    try:
        result = compare_names(names[0], names[1], normalise_schema(schema))
    except QueryError as exc:
        raise _fail(str(exc)) from exc
    print(
        json.dumps(
            {
                "score": round(result.score, 4),
                "match": result.score >= threshold,
                **pair_json(result),
            },
            ensure_ascii=False,
        )
    )


def register(app: typer.Typer) -> None:
    """Add `check` and `compare` to the main app."""
    app.command("check")(check)
    app.command("compare")(compare)
