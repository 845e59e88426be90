"""Batch screening speed (issue #4): a million customer rows through `proscribe screen`.

    .venv/bin/python bench/batch.py                  # 1,000,000 rows, --workers 2
    .venv/bin/python bench/batch.py --rows 20000     # a shorter run

The customers come from `bench/synth.py customers` (seed 2; 2% of rows made
from listed parties with light perturbations, the rest synthetic customers
of many cultures), cached in bench/.cache. They are screened against the
real lists of bench/speed.py case (a) (every main list file, latest capture
of each) by the real command line in a subprocess, the stable batch
contract only:

    proscribe screen Q.csv --lists FILES... --output OUT.jsonl --format jsonl --workers 2

The index is built and saved by a first run over a few rows (timed on its
own line), so the measured run opens it as any later run would. The table
shows rows, rows with an alert, how many of the planted rows got an alert
on the party they were made from, wall seconds of the measured run (process
start to exit) and rows/s against the target of 2,000 rows/s on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import speed  # noqa: E402
import synth  # noqa: E402

TARGET_ROWS_PER_S = 2000
CUSTOMER_SEED = 2
HIT_SHARE = 0.02
PROSCRIBE = Path(sys.executable).parent / "proscribe"


def customers(rows: int, lists: list[Path]) -> Path:
    version = speed.generator_version()
    path = speed.CACHE / f"customers-{rows}-seed{CUSTOMER_SEED}-hits{HIT_SHARE}-{version}.csv"
    if not path.exists():
        start = time.perf_counter()
        synth.write_customers(rows, lists, path, CUSTOMER_SEED, HIT_SHARE)
        print(f"generated {path.name} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return path


def screen(queries: Path, lists: list[Path], output: Path, workers: int, home: Path) -> float:
    """Run `proscribe screen` and return its wall time; its own summary goes to stderr as is."""
    cmd = [
        str(PROSCRIBE),
        "screen",
        str(queries),
        "--lists",
        *map(str, lists),
        "--output",
        str(output),
        "--format",
        "jsonl",
        "--workers",
        str(workers),
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env={**os.environ, "PROSCRIBE_HOME": str(home)}, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"proscribe screen failed (exit {proc.returncode}): {' '.join(cmd)}")
    return elapsed


def tally(output: Path, truth: Path) -> tuple[int, int, int, int]:
    """(output records, records with an alert, planted rows, planted rows alerted on their party)."""
    planted: dict[str, tuple[str, str]] = {}
    with open(truth, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            planted[row["id"]] = (row["source"], row["source_id"])
    records = alerted = found = 0
    with open(output, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            records += 1
            alerts = {
                (m["source"], m["source_id"]) for m in record.get("matches", []) if m["match"]
            }
            alerted += bool(alerts)
            target = planted.get(str(record.get("id", "")))
            found += target is not None and target in alerts
    return records, alerted, len(planted), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lists", type=Path, default=speed.LISTS, help="the real lists folder")
    parser.add_argument("--keep", type=Path, help="keep the results file here")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be positive")
    speed.CACHE.mkdir(exist_ok=True)
    (speed.CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    lists = speed.real_list_files(args.lists)
    queries = customers(args.rows, lists)
    truth = synth.truth_file(queries)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="proscribe-batch-", dir=speed.CACHE) as tmp:
        work = Path(tmp)
        home = work / "home"
        warm = work / "warm.csv"
        with open(queries, encoding="utf-8") as src, open(warm, "w", encoding="utf-8") as dst:
            for _ in range(11):  # the header and ten rows
                dst.write(src.readline())
        index_s = screen(warm, lists, work / "warm.jsonl", 1, home)
        output = args.keep or work / "out.jsonl"
        seconds = screen(queries, lists, output, args.workers, home)
        records, alerted, planted, found = tally(output, truth)
    load_end = os.getloadavg()[0]

    rate = args.rows / seconds
    table = Table(
        title=f"proscribe screen, {args.rows:,} customers x {len(lists)} real list files, "
        f"--workers {args.workers} — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, "
        f"load average {load_start:.1f} at start / {load_end:.1f} at end"
    )
    for column in ("rows", "records out", "with an alert", "planted found", "seconds", "rows/s"):
        table.add_column(column, justify="right")
    table.add_column("target")
    table.add_column("met")
    table.add_row(
        f"{args.rows:,}",
        f"{records:,}",
        f"{alerted:,}",
        f"{found:,} / {planted:,}",
        f"{seconds:,.1f}",
        f"{rate:,.0f}",
        f">= {TARGET_ROWS_PER_S:,} rows/s",
        "met" if rate >= TARGET_ROWS_PER_S else "MISSED",
    )
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    console.print(
        f"First run (index build over {len(lists)} files, 10 rows, 1 worker): {index_s:.1f} s. "
        "Seconds are wall time of the measured `proscribe screen` process, index opened from disk."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
