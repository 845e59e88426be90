"""`proscribe demo`: screen a few telling names against the store and show the hits.

It is what `make run` shows on a fresh machine before the server starts: the
lists that were loaded, and that transliterated, reordered and misspelt
names are found with an explanation, while an innocent name is not.
"""

from __future__ import annotations

import typer
from rich.table import Table

from proscribe.cli.state import console, open_store

DEMO_QUERIES: tuple[tuple[str, dict[str, str]], ...] = (
    ("Karim Khan", {}),
    ("كريم خان", {}),
    ("Karim Asad Ahmad Khan", {"birth_date": "1970-03-30"}),
    ("Viktor Morozov", {}),
    ("Виктор Морозов", {}),
    ("Abdulrahman Al Qadi", {}),
    ("Severny Potok Trading OOO", {"schema": "Organization"}),
    ("Benjamin Netanyahu", {}),
    ("Jane Marie Doe", {}),
)


def demo(
    name: list[str] = typer.Option(
        [], "--name", "-n", help="Screen these names instead of the built-in examples."
    ),
) -> None:
    """Screen example names against the stored lists and print the best hits."""
    import proscribe
    from proscribe.config import database_url

    with open_store() as store:
        sources = store.sources()
    if not sources:
        console.print(
            "[red]the store holds no list yet: run `proscribe lists update --offline-fallback`[/red]"
        )
        raise typer.Exit(1)
    console.print(f"Screening against [bold]{', '.join(sources)}[/bold] in {database_url()}")
    queries = [(n, {}) for n in name] if name else list(DEMO_QUERIES)
    table = Table(title="Demo screening (best hit per name)")
    for col in ("query", "score", "alert", "source", "id", "listed name", "why"):
        table.add_column(col)
    for query, extra in queries:
        hits = proscribe.screen(query, limit=1, **extra)  # type: ignore[operator]
        if not hits:
            table.add_row(query, "", "", "", "", "no candidate", "")
            continue
        hit = hits[0]
        table.add_row(
            query + (f" ({', '.join(f'{k}={v}' for k, v in extra.items())})" if extra else ""),
            f"{hit.score:.2f}",
            "[red]ALERT[/red]" if hit.match else "[green]no[/green]",
            hit.source,
            hit.source_id,
            hit.name,
            hit.summary,
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
