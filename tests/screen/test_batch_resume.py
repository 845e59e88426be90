"""Resume after a killed run: every query exactly once, the same results as a run never interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from proscribe.screen.batch import BatchError, BatchOptions, screen_path
from proscribe.screen.checkpoint import checkpoint_path
from proscribe.screen.engine import Screener
from proscribe.screen.lists import LoadedLists
from tests.screen.conftest import query_rows, read_flat, read_jsonl, write_queries


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PROSCRIBE_HOME": str(home),
        "PROSCRIBE_DB_URL": f"sqlite:///{home / 'empty.sqlite'}",
        "PROSCRIBE_BATCH_COMMIT_SECONDS": "0",  # a checkpoint after every chunk
    }


def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "proscribe.cli.main", "screen", *args]


def _start(args: list[str], home: Path) -> subprocess.Popen[bytes]:
    """The command in its own process group, so a kill takes its workers too."""
    return subprocess.Popen(
        _command(args),
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(args), env=_env(home), capture_output=True, text=True, timeout=600, check=False
    )


def _rows_done(path: Path) -> int:
    try:
        return int(json.loads(path.read_text(encoding="utf-8"))["position"]["rows"])
    except (OSError, ValueError, KeyError):
        return 0


def _kill_mid_run(proc: subprocess.Popen[bytes], checkpoint: Path, total: int) -> int:
    """SIGKILL the run (and its workers) once it has committed a few chunks; the rows committed."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if _rows_done(checkpoint) >= 300:
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        pytest.fail(f"the run ended (rc {proc.returncode}) before it could be killed: {stderr}")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    done = _rows_done(checkpoint)
    assert 0 < done < total, done
    return done


@pytest.mark.parametrize(
    ("fmt", "rows", "extra"),
    [
        ("jsonl", 3000, ["--workers", "2"]),
        ("csv", 1000, ["--workers", "1"]),
        ("parquet", 1000, ["--workers", "2", "--part-rows", "100"]),
    ],
)
def test_a_killed_run_resumes_without_losing_or_repeating_a_row(
    fmt: str, rows: int, extra: list[str], icc: LoadedLists, icc_list: Path, tmp_path: Path
) -> None:
    queries = write_queries(tmp_path / "q.csv", query_rows(rows, seed=11), "csv")
    reference = tmp_path / f"reference.{fmt}"
    screen_path(
        queries,
        reference,
        Screener(icc.index),
        BatchOptions(limit=3, output_format=fmt),
        icc.path,
    )
    out = tmp_path / f"out.{fmt}"
    args = [str(queries), "--lists", str(icc_list), "--output", str(out), "--format", fmt]
    args += ["--limit", "3", *extra]
    home = tmp_path / "home"
    proc = _start(args, home)
    done = _kill_mid_run(proc, checkpoint_path(out), rows)

    refused = _run(args, home)  # a checkpoint is there: plain rerun refuses
    assert refused.returncode == 2
    assert "--resume" in refused.stderr and "--overwrite" in refused.stderr

    resumed = _run([*args, "--resume", "--summary", str(tmp_path / "s.json")], home)
    assert resumed.returncode == 0, resumed.stderr
    assert not checkpoint_path(out).exists()
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert summary["rows"] == rows and summary["resumed_from"] == done

    if fmt == "parquet":
        got = read_flat(out, "parquet")
        assert got == read_flat(reference, "parquet")
        assert len(list(out.glob("part-*.parquet"))) > 1
        assert not list(out.glob(".part-*"))
        ids = [r["id"] for r in got if r["rank"] in (1, None)]
    elif fmt == "csv":
        assert out.read_bytes() == reference.read_bytes()
        ids = [r["id"] for r in read_flat(out, "csv") if r["rank"] in (1, None)]
    else:
        assert out.read_bytes() == reference.read_bytes()
        ids = [r["id"] for r in read_jsonl(out)]
    assert ids == [f"c{i}" for i in range(rows)]  # every query exactly once, in order


class _Crash(Exception):
    pass


def _crash_after(chunks: int) -> Any:
    seen = [0]

    def hook(items: list[Any], records: list[Any]) -> None:
        seen[0] += 1
        if seen[0] > chunks:
            raise _Crash

    return hook


@pytest.mark.parametrize("fmt_in", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("fmt_out", ["jsonl", "csv", "parquet"])
def test_a_crashed_run_resumes_in_every_format(
    fmt_in: str,
    fmt_out: str,
    icc: LoadedLists,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROSCRIBE_BATCH_COMMIT_SECONDS", "0")
    queries = write_queries(tmp_path / f"q.{fmt_in}", query_rows(100, seed=5), fmt_in)
    screener = Screener(icc.index)
    options = BatchOptions(limit=2, output_format=fmt_out, chunk=16, part_rows=32)
    reference = tmp_path / f"ref.{fmt_out}"
    screen_path(queries, reference, screener, options, icc.path)
    out = tmp_path / f"out.{fmt_out}"
    with pytest.raises(_Crash):
        screen_path(queries, out, screener, options, icc.path, after_chunk=_crash_after(3))
    assert checkpoint_path(out).exists()
    options.resume = True
    summary = screen_path(queries, out, screener, options, icc.path)
    assert summary.rows == 100 and summary.resumed_from in (32, 48)
    assert read_flat(out, fmt_out) == read_flat(reference, fmt_out)


def test_resume_refuses_another_input_or_other_options(icc: LoadedLists, tmp_path: Path) -> None:
    queries = write_queries(tmp_path / "q.csv", query_rows(60), "csv")
    screener = Screener(icc.index)
    out = tmp_path / "o.jsonl"
    options = BatchOptions(limit=2, chunk=16)
    with pytest.raises(_Crash):
        screen_path(queries, out, screener, options, icc.path, after_chunk=_crash_after(1))
    with pytest.raises(BatchError, match="use --resume to continue it or --overwrite"):
        screen_path(queries, out, screener, options, icc.path)
    with pytest.raises(BatchError, match=r"limit 2 then, 3 now"):
        screen_path(queries, out, screener, BatchOptions(limit=3, resume=True), icc.path)
    other = write_queries(tmp_path / "other.csv", query_rows(60), "csv")
    with pytest.raises(BatchError, match="the interrupted run read"):
        screen_path(other, out, screener, BatchOptions(limit=2, resume=True), icc.path)
    with open(queries, "a", encoding="utf-8") as fh:
        fh.write("late,Karim Khan,,T-late\n")
    with pytest.raises(BatchError, match="changed since the interrupted run"):
        screen_path(queries, out, screener, BatchOptions(limit=2, resume=True), icc.path)
    # --overwrite starts again; then, the run finished, there is nothing to resume.
    summary = screen_path(queries, out, screener, BatchOptions(limit=2, overwrite=True), icc.path)
    assert summary.rows == 61 and not checkpoint_path(out).exists()
    with pytest.raises(BatchError, match="nothing to resume"):
        screen_path(queries, out, screener, BatchOptions(limit=2, resume=True), icc.path)
    fresh = tmp_path / "fresh.jsonl"  # --resume with nothing begun yet simply starts
    assert screen_path(queries, fresh, screener, BatchOptions(resume=True), icc.path).rows == 61


def test_resume_refuses_an_output_shorter_than_committed(
    icc: LoadedLists, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_BATCH_COMMIT_SECONDS", "0")
    queries = write_queries(tmp_path / "q.csv", query_rows(60), "csv")
    screener = Screener(icc.index)
    out = tmp_path / "o.jsonl"
    options = BatchOptions(limit=2, chunk=16)
    with pytest.raises(_Crash):
        screen_path(queries, out, screener, options, icc.path, after_chunk=_crash_after(2))
    out.write_bytes(out.read_bytes()[:10])
    with pytest.raises(BatchError, match="was changed since"):
        screen_path(queries, out, screener, BatchOptions(limit=2, resume=True), icc.path)
