"""Import speed per real list file: parse time, store time, records per second.

    .venv/bin/python bench/import.py [--lists DIR] [--url DATABASE_URL]

Every list file under the shared data's lists/ folder that the registry
detects is parsed and stored into a fresh SQLite store of its own (so
snapshots of one list do not share versions and times stay comparable);
companion files are skipped because their main file reads them. Files whose
format has no parser yet, or that fail to parse, are shown with their error.
Then the full OFAC SDN is imported end to end (hash + streaming parse +
store, as `proscribe lists import` does), followed by the next day's file to
show the cost of a routine update.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from proscribe.sources.errors import ListError  # noqa: E402
from proscribe.sources.registry import detect, open_list  # noqa: E402
from proscribe.store import Store  # noqa: E402

DEFAULT_LISTS = (
    Path(os.environ.get("PROSCRIBE_SHARED_DATA", REPO.parent / "shared" / "data")) / "lists"
)
SDN_FULL = Path("ofac/sdn_2024-05-03/sdn.csv")
SDN_PREVIOUS = Path("ofac/sdn_2024-05-02/sdn.csv")


@dataclass(slots=True)
class Row:
    file: str
    format: str = "-"
    entities: int | None = None
    parse_s: float | None = None
    store_s: float | None = None
    error: str = ""

    @property
    def rate(self) -> float | None:
        if not self.entities or self.parse_s is None or self.store_s is None:
            return None
        return self.entities / (self.parse_s + self.store_s)


def list_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def bench_file(path: Path, root: Path, url: str | None, workdir: Path) -> Row | None:
    row = Row(str(path.relative_to(root)))
    try:
        fmt = detect(path)
    except ListError as exc:
        row.error = _short(exc.message)
        return row
    if fmt.companion_of is not None:
        return None
    row.format = fmt.name
    try:
        parsed = open_list(path)
        if fmt.parse is None:
            row.error = "format has no parser"
            return row
        start = time.perf_counter()
        entities = list(parsed.entities())
        row.parse_s = time.perf_counter() - start
        row.entities = len(entities)
        with Store.open(
            url or f"sqlite:///{workdir / (row.file.replace('/', '_') + '.sqlite')}"
        ) as store:
            start = time.perf_counter()
            store.import_entities(
                parsed.report.source, fmt.name, parsed.files, entities, parsed.report
            )
            row.store_s = time.perf_counter() - start
    except ListError as exc:
        row.error = _short(str(exc))
    return row


def _short(message: str, limit: int = 90) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def full_sdn(root: Path, url: str | None, workdir: Path, console: Console) -> None:
    first, second = root / SDN_PREVIOUS, root / SDN_FULL
    if not second.exists():
        console.print(f"[yellow]{second} not found: no full-SDN timing[/yellow]")
        return
    try:
        with Store.open(url or f"sqlite:///{workdir / 'sdn_full.sqlite'}") as store:
            start = time.perf_counter()
            result = store.import_list(open_list(second))
            elapsed = time.perf_counter() - start
            console.print(
                f"Full SDN {SDN_FULL}: {result.snapshot.entity_count:,} entities imported "
                f"(hash + parse + store) in [bold]{elapsed:.2f} s[/bold] "
                f"({result.snapshot.entity_count / elapsed:,.0f} records/s), {result.new_versions:,} versions stored"
            )
        with Store.open(url or f"sqlite:///{workdir / 'sdn_update.sqlite'}") as store:
            store.import_list(open_list(first))
            start = time.perf_counter()
            update = store.import_list(open_list(second))
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            diff = store.diff(update.snapshot.source)
            diff_s = time.perf_counter() - start
            console.print(
                f"Update {SDN_PREVIOUS.parent.name} -> {SDN_FULL.parent.name}: imported in {elapsed:.2f} s, "
                f"{update.new_versions:,} new versions for {update.snapshot.entity_count:,} entities; "
                f"diff in {diff_s:.2f} s: {diff.summary()}"
            )
    except ListError as exc:
        console.print(f"[red]full SDN import failed: {exc}[/red]")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS, help="folder of list files")
    parser.add_argument(
        "--url",
        help="store everything in this (empty) database instead of a fresh SQLite file per list; "
        "later lists then share versions with earlier ones",
    )
    args = parser.parse_args()
    # Wide enough for the table when the output is piped into a log.
    console = Console(width=None if sys.stdout.isatty() else 160)
    root: Path = args.lists
    if not root.is_dir():
        raise SystemExit(f"no lists folder at {root}")

    table = Table(title=f"Import speed — {root}")
    for column in ("file", "format"):
        table.add_column(column)
    for column in ("entities", "parse s", "store s", "records/s"):
        table.add_column(column, justify="right")
    table.add_column("error", overflow="fold", max_width=70)

    with tempfile.TemporaryDirectory(prefix="proscribe-bench-") as tmp:
        workdir = Path(tmp)
        for path in list_files(root):
            row = bench_file(path, root, args.url, workdir)
            if row is None:
                continue
            rate = row.rate
            table.add_row(
                row.file,
                row.format,
                f"{row.entities:,}" if row.entities is not None else "",
                f"{row.parse_s:.2f}" if row.parse_s is not None else "",
                f"{row.store_s:.2f}" if row.store_s is not None else "",
                f"{rate:,.0f}" if rate is not None else "",
                f"[red]{row.error}[/red]" if row.error else "",
            )
        console.print(table)
        full_sdn(root, args.url, workdir, console)


if __name__ == "__main__":
    main()
