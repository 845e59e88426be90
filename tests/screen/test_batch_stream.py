"""Streaming: memory does not grow with the input, reading stays a bounded distance ahead, workers agree."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from proscribe.screen import batch
from proscribe.screen.batch import BatchOptions, screen_path
from proscribe.screen.engine import Screener
from proscribe.screen.lists import LoadedLists
from proscribe.screen.progress import NoProgress, RichProgress, make_progress
from tests.screen.conftest import query_rows, read_flat, write_queries

# Runs the real command in a fresh interpreter (one process: workers 1) and prints its peak RSS.
# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child would
# report at least the RSS of the pytest process that forked it.
_PEAK_RSS = """
import resource, sys
from proscribe.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    if exc.code:
        raise
try:
    with open("/proc/self/status") as fh:
        print(next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_kb(args: list[str], home: Path) -> int:
    import os

    env = {**os.environ, "PROSCRIBE_HOME": str(home)}
    env["PROSCRIBE_DB_URL"] = f"sqlite:///{home / 'empty.sqlite'}"
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


def test_memory_does_not_grow_with_the_input(icc_list: Path, tmp_path: Path) -> None:
    """N and 10N rows, each carrying 16 KB that passes through to the output.

    Holding the rows or the results would cost at least 10N x 16 KB more for
    the larger file (about 43 MB here); a streaming run costs the same. The
    names repeat, so the matcher's caches fill up on the small file already.
    """
    small, large = 300, 3000
    home = tmp_path / "home"
    peaks = {}
    for n in (small, large):
        queries = write_queries(tmp_path / f"q{n}.csv", query_rows(n, note_size=16_000), "csv")
        out = tmp_path / f"o{n}.jsonl"
        args = ["screen", str(queries), "--lists", str(icc_list), "--output", str(out)]
        peaks[n] = _peak_rss_kb([*args, "--limit", "3", "--quiet"], home)
        assert out.stat().st_size > n * 16_000
    grown_mb = (peaks[large] - peaks[small]) / 1024
    held_mb = (large - small) * 16_000 / 1e6
    print(f"peak RSS {peaks[small] / 1024:.0f} MB -> {peaks[large] / 1024:.0f} MB")
    assert grown_mb < held_mb / 3, (peaks, grown_mb, held_mb)


def test_reading_stays_a_bounded_distance_ahead_of_writing(
    icc: LoadedLists, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 2 workers, at most 2 x 2 chunks are read but not yet written, whatever the input size."""
    queries = write_queries(tmp_path / "q.csv", query_rows(400), "csv")
    read = [0]
    ahead = [0]
    original = batch._chunks

    def counting(reader: Any, size: int) -> Any:
        for chunk in original(reader, size):
            read[0] += 1
            yield chunk

    written = [0]

    def after(items: list[Any], records: list[Any]) -> None:
        written[0] += 1
        ahead[0] = max(ahead[0], read[0] - written[0])

    monkeypatch.setattr(batch, "_chunks", counting)
    options = BatchOptions(limit=2, workers=2, chunk=10)
    summary = screen_path(
        queries, tmp_path / "o.jsonl", Screener(icc.index), options, icc.path, after_chunk=after
    )
    assert summary.rows == 400 and written[0] == 40
    assert 1 <= ahead[0] <= 2 * 2


@pytest.mark.parametrize(("fmt_in", "fmt_out"), [("csv", "jsonl"), ("parquet", "csv")])
def test_two_workers_write_what_one_writes(
    fmt_in: str, fmt_out: str, icc: LoadedLists, tmp_path: Path
) -> None:
    queries = write_queries(tmp_path / f"q.{fmt_in}", query_rows(150, seed=2), fmt_in)
    screener = Screener(icc.index)
    one, two, every = (tmp_path / f"{w}.{fmt_out}" for w in ("one", "two", "all"))
    screen_path(queries, one, screener, BatchOptions(output_format=fmt_out, chunk=16), icc.path)
    screen_path(
        queries, two, screener, BatchOptions(output_format=fmt_out, chunk=16, workers=2), icc.path
    )
    assert two.read_bytes() == one.read_bytes()
    # --workers 0 is one per core; an index built in memory is saved for the workers.
    screen_path(queries, every, screener, BatchOptions(output_format=fmt_out, workers=0), None)
    assert read_flat(every, fmt_out) == read_flat(one, fmt_out)


def test_the_progress_bar_shows_rate_and_eta_on_a_terminal_only() -> None:
    assert isinstance(make_progress(Console(file=io.StringIO()), quiet=False), NoProgress)
    terminal = Console(file=io.StringIO(), force_terminal=True, width=120)
    assert isinstance(make_progress(terminal, quiet=True), NoProgress)
    bar = make_progress(terminal, quiet=False)
    assert isinstance(bar, RichProgress)
    bar.start(total=1000, done=0, rows=0)
    bar.update(500, 50)
    bar.stop()
    shown = terminal.file.getvalue()  # type: ignore[attr-defined]
    assert "50 rows" in shown and "rows/s" in shown and "ETA" in shown and "50%" in shown


def test_the_summary_of_a_batch_is_json(icc: LoadedLists, tmp_path: Path) -> None:
    queries = write_queries(tmp_path / "q.csv", query_rows(20), "csv")
    summary = screen_path(queries, tmp_path / "o.jsonl", Screener(icc.index), None, icc.path)
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["rows"] == 20 and data["errors"] == 0 and 0 < data["alerts"] <= 20
