"""Speed and scale (issue #4): index build, memory, open time, query latency, against nomenklatura.

    .venv/bin/python bench/speed.py                         # real lists + 1,000,000 synthetic entities
    .venv/bin/python bench/speed.py --synthetic-n 100000    # a quicker run
    .venv/bin/python bench/speed.py --skip-nomenklatura --queries 500 --json out.json

Two cases, each measured in this run and printed in one table:

(a) every real list under ../shared/data/lists loaded together: every main
    list file a parser reads (companions are read by their main file), of a
    list captured on several dates only the latest capture (the OFAC SDN is
    there five times; a screening server holds one). `--all-captures` keeps
    them all. Queries: a fixed-seed sample of the public evaluation queries
    (../shared/data/eval/public/queries.csv: listed names with realistic noise,
    held-out aliases, original-script names, random and hard negatives), the
    most faithful query mix we have; their lists (UN, AU) are part of (a).
(b) a synthetic list of `--synthetic-n` entities (default 1,000,000) from
    bench/synth.py (seed 1), generated into bench/.cache if absent. Queries:
    `synth.py customers` over that list, half made from listed parties with
    light perturbations, half synthetic customers of the same cultures.

Every measurement runs in a fresh subprocess, one at a time, so memory and
caches of one case never flatter another: building the index (parse +
build + save; peak RSS is the process's VmHWM), opening the saved index,
then single-query latency in process (`Screener.screen` on each query in
turn, after a few warm-up queries that are not counted; queries/s = queries
/ the sum of their latencies, i.e. one core, one thread). nomenklatura
logic-v2 runs as bench/nomenklatura_runner.py runs it for bench/accuracy.py
(each list entity converted to FtM, an in-memory token + trigram candidate
search of 50, each candidate scored by LogicV2), single process; its
"build" is converting the entities and building that candidate search.
Over (b) it runs only up to `--nk-max-entities` (its candidate search is
Python sets; a million entities does not fit the machine in a reasonable
time). Targets are the issue's; "met" is computed from the figures above it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

SHARED = Path(os.environ.get("PROSCRIBE_SHARED_DATA", REPO.parent / "shared" / "data"))
LISTS = SHARED / "lists"
EVAL_QUERIES = SHARED / "eval" / "public" / "queries.csv"
CACHE = BENCH / ".cache"
QUERY_COLUMNS = ("id", "name", "schema", "birth_date", "country")
SYNTH_SEED = 1
QUERY_SEED = 4
WARMUP = 20
MILLION = 1_000_000
PROGRESS_EVERY = 50_000
# Single-threaded numeric libraries: "one core" means one core.
_ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


# --- the lists and the queries ----------------------------------------------------------------


_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def real_list_files(root: Path = LISTS, all_captures: bool = False) -> list[Path]:
    """Every main list file under `root` that a parser reads; of dated captures of one list, the latest.

    Captures are told apart by the date in their path (`ofac/sdn_2024-05-03/sdn.csv`):
    paths equal once their dates are blanked are one list, and the latest date wins.
    """
    from proscribe.sources.errors import ListError
    from proscribe.sources.registry import detect

    files: list[Path] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            fmt = detect(path)
        except ListError:
            continue
        if fmt.companion_of is None and fmt.parse is not None:
            files.append(path)
    if all_captures:
        return files
    latest: dict[str, Path] = {}
    for path in files:  # sorted, so a later date replaces an earlier one
        latest[_DATE.sub("*", path.relative_to(root).as_posix())] = path
    return sorted(latest.values())


def eval_queries(n: int, seed: int, out: Path) -> Path:
    """A fixed-seed sample of n (+ warm-up) public evaluation queries, only the matcher's columns."""
    with open(EVAL_QUERIES, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    want = min(len(rows), n + WARMUP)
    picked = sorted(random.Random(seed).sample(range(len(rows)), want))
    # Warm-up rows first: the measured ones follow.
    order = picked[n:] + picked[:n] if want == n + WARMUP else picked
    _write_queries(out, [rows[i] for i in order])
    return out


def _write_queries(out: Path, rows: Sequence[dict[str, str]]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, QUERY_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(out)


def generator_version() -> str:
    """A hash of the generator's code: a cached list or query file is reused only if it would be the same."""
    digest = hashlib.sha256()
    for name in ("synth.py", "synth_names.py"):
        digest.update((BENCH / name).read_bytes())
    return digest.hexdigest()[:8]


def synthetic_list(n: int) -> Path:
    import synth

    path = CACHE / f"synth-{n}-seed{SYNTH_SEED}-{generator_version()}.ftm.jsonl"
    if not path.exists():
        start = time.perf_counter()
        synth.write_entities(n, SYNTH_SEED, path)
        _note(f"generated {path.name} in {time.perf_counter() - start:.0f} s")
    return path


def synthetic_queries(list_path: Path, n: int, seed: int) -> Path:
    import synth

    out = CACHE / f"{list_path.name.split('.')[0]}-queries-{n}-seed{seed}.csv"
    if not out.exists():
        synth.write_customers(n + WARMUP, [list_path], out, seed, hit_share=0.5)
    return out


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- measurements, each in a child process ------------------------------------------------------


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB of 10^6 bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def _read_queries(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: r.get(k) or "" for k in QUERY_COLUMNS} for r in csv.DictReader(fh)]


def _latency(times_ms: list[float], cpu_ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times_ms, n=100, method="inclusive")
    return {
        "n": len(times_ms),
        "p50_ms": statistics.median(times_ms),
        "p95_ms": q[94],
        "p99_ms": q[98],
        "mean_ms": statistics.fmean(times_ms),
        "qps": 1000 * len(times_ms) / sum(times_ms),
        "cpu_ms": statistics.fmean(cpu_ms),
    }


def task_build(files: list[str], out: str) -> dict[str, Any]:
    """Parse every list file and build the candidate index, then save it (as load_list_files does)."""
    from proscribe.index.candidates import CandidateIndex
    from proscribe.sources.registry import open_list

    parsed = [open_list(Path(f)) for f in files]
    began = time.perf_counter()
    parse_s = 0.0
    count = 0

    def entities():  # type: ignore[no-untyped-def]
        nonlocal parse_s, count
        for p in parsed:
            it = iter(p.entities())
            while True:
                t = time.perf_counter()
                try:
                    entity = next(it)
                except StopIteration:
                    parse_s += time.perf_counter() - t
                    break
                parse_s += time.perf_counter() - t
                count += 1
                if count % PROGRESS_EVERY == 0:
                    print(
                        f"progress {count:,} entities in {time.perf_counter() - began:.0f} s, "
                        f"RSS {_peak_rss_mb():,.0f} MB",
                        file=sys.stderr,
                        flush=True,
                    )
                yield entity

    rss_before = _peak_rss_mb()
    cpu = time.process_time()
    start = time.perf_counter()
    index = CandidateIndex.build(
        entities(),
        meta={"sources": [p.report.source for p in parsed], "files": files},
    )
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    index.save(Path(out))
    save_s = time.perf_counter() - start
    return {
        "cpu_s": time.process_time() - cpu,
        "entities": index.n_entities,
        "names": index.n_names,
        "parsed": count,
        "parse_s": parse_s,
        "build_s": build_s,
        "save_s": save_s,
        "total_s": build_s + save_s,
        "rss_mb": _peak_rss_mb(),
        "rss_before_mb": rss_before,
        "index_mb": Path(out).stat().st_size / 1e6,
    }


def task_query(index_path: str, queries: str, warmup: int) -> dict[str, Any]:
    """Open the saved index, then screen each query in turn, timing each."""
    from proscribe.index.candidates import CandidateIndex
    from proscribe.screen.engine import Screener
    from proscribe.screen.rows import query_from_row

    rows = _read_queries(Path(queries))
    start = time.perf_counter()
    index = CandidateIndex.open(Path(index_path))
    open_s = time.perf_counter() - start
    screener = Screener(index)
    for row in rows[:warmup]:
        screener.screen(query_from_row(row))
    times: list[float] = []
    cpu: list[float] = []
    hits = 0
    for row in rows[warmup:]:
        c, t = time.process_time(), time.perf_counter()
        results = screener.screen(query_from_row(row))
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        hits += any(r.match for r in results)
    return {
        "open_s": open_s,
        **_latency(times, cpu),
        "with_alert": hits,
        "rss_mb": _peak_rss_mb(),
    }


def task_nomenklatura(files: list[str], queries: str, warmup: int) -> dict[str, Any]:
    """nomenklatura logic-v2 as bench/accuracy.py runs it, one query at a time in this process."""
    import nomenklatura
    import nomenklatura_runner as nk
    from followthemoney.types import registry

    from proscribe.sources.registry import open_list

    start = time.perf_counter()
    entities = [e for f in files for e in open_list(Path(f)).entities()]
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    proxies, _keys = nk.entity_proxies(entities)
    del entities
    blocker = nk.Blocker.build([p.get_type_values(registry.name) for p in proxies])
    build_s = time.perf_counter() - start
    algo = nk.ALGORITHMS["logic-v2"]
    config = algo.default_config()
    rows = _read_queries(Path(queries))

    def one(row: dict[str, str]) -> bool:
        cands = blocker.candidates(row["name"])
        query = nk.query_proxy(row)
        best = max(
            (float(algo.compare(query, proxies[c], config).score) for c in cands), default=0.0
        )
        return best >= nk.THRESHOLD

    for row in rows[:warmup]:
        one(row)
    times: list[float] = []
    cpu: list[float] = []
    hits = 0
    for row in rows[warmup:]:
        c, t = time.process_time(), time.perf_counter()
        hits += one(row)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {
        "version": nomenklatura.__version__,
        "entities": len(proxies),
        "parse_s": parse_s,
        "build_s": build_s,
        **_latency(times, cpu),
        "with_alert": hits,
        "rss_mb": _peak_rss_mb(),
    }


def task_profile(files: list[str], out: str, top: int = 30) -> dict[str, Any]:
    """The build under cProfile: which functions the time goes to."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    result = profiler.runcall(task_build, files, out)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    result["profile"] = text.getvalue()
    return result


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "build": task_build,
    "profile": task_profile,
    "query": task_query,
    "nomenklatura": task_nomenklatura,
}


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return 0.0


class TaskFailed(Exception):
    """A measurement that could not finish (killed over the memory limit, or crashed)."""

    def __init__(self, message: str, seconds: float = 0.0, rss_mb: float = 0.0) -> None:
        super().__init__(message)
        self.seconds = seconds  # how long it ran
        self.rss_mb = rss_mb  # the memory it had reached when killed (0 if it crashed)


def run_task(name: str, max_rss_mb: float = 0, **kwargs: Any) -> dict[str, Any]:
    """Run one task in a fresh Python process; its result comes back as the last line of stdout.

    The machine is shared: a child whose resident memory passes `max_rss_mb`
    is killed (and the case reported as failed) instead of pushing the
    machine into the OOM killer.
    """
    _note(f"  {name} ...")
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--task", name, json.dumps(kwargs)],
            stdout=out,
            stderr=err,
            text=True,
            env={**os.environ, **_ONE_THREAD},
        )
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _rss_mb(proc.pid))
            if max_rss_mb and peak > max_rss_mb:
                proc.kill()
                proc.wait()
                err.seek(0)
                progress = [ln for ln in err.read().splitlines() if ln.startswith("progress")]
                elapsed = time.perf_counter() - start
                raise TaskFailed(
                    f"killed: RSS over {max_rss_mb:,.0f} MB after {elapsed:.0f} s"
                    + (f" ({progress[-1].removeprefix('progress ')})" if progress else ""),
                    elapsed,
                    peak,
                )
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise TaskFailed(f"exit {proc.returncode}: {stderr.strip().splitlines()[-1:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - start
    _note(f"  {name}: {time.perf_counter() - start:.1f} s")
    return result


# --- the cases and the table -------------------------------------------------------------------


@dataclass(slots=True)
class CaseResult:
    key: str
    label: str
    files: list[str]
    queries: str
    build: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    nomenklatura: dict[str, Any] = field(default_factory=dict)
    nomenklatura_skipped: str = ""
    failed: str = ""


def profile_case(label: str, files: list[Path], workdir: Path, max_rss_mb: float) -> None:
    result = run_task(
        "profile",
        max_rss_mb=max_rss_mb,
        files=[str(f) for f in files],
        out=str(workdir / "profile.idx"),
    )
    print(
        f"== build profile: {label} ({result['entities']:,} entities, {result['total_s']:.1f} s "
        f"under the profiler, parsing {result['parse_s']:.1f} s)"
    )
    print(result["profile"])


def run_case(
    key: str,
    label: str,
    files: list[Path],
    queries: Path,
    nk: bool,
    nk_skip_reason: str,
    workdir: Path,
    max_rss_mb: float,
) -> CaseResult:
    _note(f"case {label}: {len(files)} file(s), queries {queries.name}")
    result = CaseResult(key, label, [str(f) for f in files], str(queries))
    index_path = workdir / f"{key}.idx"
    try:
        result.build = run_task(
            "build", max_rss_mb=max_rss_mb, files=result.files, out=str(index_path)
        )
    except TaskFailed as exc:
        _note(f"  build failed: {exc}")
        result.failed = f"index build {exc}"
        result.build = {"failed_after_s": exc.seconds, "failed_rss_mb": exc.rss_mb}
        return result
    try:
        result.query = run_task(
            "query",
            max_rss_mb=max_rss_mb,
            index_path=str(index_path),
            queries=str(queries),
            warmup=WARMUP,
        )
    except TaskFailed as exc:
        result.failed = f"queries {exc}"
        return result
    finally:
        index_path.unlink(missing_ok=True)
    if not nk:
        result.nomenklatura_skipped = nk_skip_reason
        return result
    try:
        result.nomenklatura = run_task(
            "nomenklatura",
            max_rss_mb=max_rss_mb,
            files=result.files,
            queries=str(queries),
            warmup=WARMUP,
        )
    except TaskFailed as exc:
        result.nomenklatura_skipped = f"failed: {exc}"
    return result


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    ok: Callable[[float], bool]


def _targets(key: str) -> dict[str, Target]:
    if key == "real":
        return {
            "build": Target("<= 10 s", lambda v: v <= 10),
            "open": Target("<= 2 s", lambda v: v <= 2),
            "p50": Target("<= 1 ms", lambda v: v <= 1),
            "p99": Target("<= 10 ms", lambda v: v <= 10),
            "ratio": Target(">= 100x", lambda v: v >= 100),
        }
    return {
        "build": Target("<= 300 s (1M)", lambda v: v <= 300),
        "rss": Target("<= 3,000 MB (1M)", lambda v: v <= 3000),
        "open": Target("<= 2 s", lambda v: v <= 2),
        "p50": Target("<= 10 ms (1M)", lambda v: v <= 10),
        "ratio": Target(">= 100x", lambda v: v >= 100),
    }


def table_rows(case: CaseResult) -> list[list[str]]:
    """case, measure, proscribe, logic-v2, ratio, target, met."""
    b, q, nk = case.build, case.query, case.nomenklatura
    targets = _targets(case.key)
    if case.failed:
        failed = [[case.label, "FAILED", case.failed, "", "", "", ""]]
        # What a killed build still tells: it took at least this long and this much memory.
        for name, measure, value in (
            ("build", "index build s", b.get("failed_after_s")),
            ("rss", "build peak RSS MB", b.get("failed_rss_mb")),
        ):
            target = targets.get(name)
            if value and target is not None and not target.ok(value):
                failed.append(
                    [case.label, measure, f"> {value:,.0f}", "", "", target.text, "MISSED"]
                )
        return failed
    full_scale = case.key == "real" or b.get("entities", 0) >= MILLION
    rows: list[list[str]] = []

    def met(name: str, value: float | None) -> tuple[str, str]:
        target = targets.get(name)
        if target is None or value is None:
            return ("", "")
        if full_scale or "(1M)" not in target.text:
            return (target.text, "met" if target.ok(value) else "MISSED")
        # Build time, memory and latency only grow with the list: a miss below 1M is a miss
        # at 1M, a pass says nothing.
        return (target.text, "n/a: n<1M" if target.ok(value) else "MISSED (already at n<1M)")

    def add(
        measure: str,
        mine: str,
        theirs: str = "",
        ratio: str = "",
        target: tuple[str, str] = ("", ""),
    ) -> None:
        rows.append([case.label, measure, mine, theirs, ratio, *target])

    nk_note = nk and f"{nk['entities']:,} entities"
    add("entities / names", f"{b['entities']:,} / {b['names']:,}", nk_note or "")
    add(
        "index build s (of which parsing)",
        f"{b['total_s']:.1f} ({b['parse_s']:.1f})",
        f"{nk['build_s'] + nk['parse_s']:.1f} ({nk['parse_s']:.1f})" if nk else "",
        "",
        met("build", b["total_s"]),
    )
    add("index build CPU s", f"{b['cpu_s']:.1f}")
    add(
        "build peak RSS MB",
        f"{b['rss_mb']:,.0f}",
        f"{nk['rss_mb']:,.0f}" if nk else "",
        "",
        met("rss", b["rss_mb"]),
    )
    add("index file MB", f"{b['index_mb']:,.0f}")
    add("open saved index s", f"{q['open_s']:.3f}", "", "", met("open", q["open_s"]))
    for p in ("p50", "p95", "p99"):
        mine, theirs = q[f"{p}_ms"], nk.get(f"{p}_ms") if nk else None
        add(
            f"latency {p} ms",
            f"{mine:.2f}",
            f"{theirs:.2f}" if theirs is not None else "",
            f"{theirs / mine:.1f}x" if theirs else "",
            met(p, mine),
        )
    add(
        "CPU ms per query (mean)",
        f"{q['cpu_ms']:.2f}",
        f"{nk['cpu_ms']:.2f}" if nk else "",
        f"{nk['cpu_ms'] / q['cpu_ms']:.1f}x" if nk else "",
    )
    ratio = q["qps"] / nk["qps"] if nk else None
    add(
        "queries/s, one core",
        f"{q['qps']:,.1f}",
        f"{nk['qps']:,.2f}" if nk else case.nomenklatura_skipped,
        f"{ratio:,.1f}x" if ratio is not None else "",
        met("ratio", ratio),
    )
    add(
        "queries with an alert",
        f"{q['with_alert']:,} / {q['n']:,}",
        f"{nk['with_alert']:,} / {nk['n']:,}" if nk else "",
    )
    add("query process peak RSS MB", f"{q['rss_mb']:,.0f}")
    return rows


HEADER = [
    "case",
    "measure",
    "proscribe",
    "nomenklatura logic-v2",
    "ratio (>1: proscribe faster)",
    "target",
    "met",
]


def markdown(rows: list[list[str]]) -> str:
    out = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * 3 + ["---"] * 2) + "|",
    ]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def print_table(results: list[CaseResult], title: str) -> list[list[str]]:
    from rich.console import Console
    from rich.table import Table

    rows = [r for case in results for r in table_rows(case)]
    table = Table(title=title)
    for i, column in enumerate(HEADER):
        table.add_column(column, justify="right" if 2 <= i <= 4 else "left")
    last = None
    for row in rows:
        table.add_row(*([row[0] if row[0] != last else "", *row[1:]]))
        last = row[0]
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    return rows


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=2000, help="measured queries per case")
    parser.add_argument("--synthetic-n", type=int, default=MILLION, help="synthetic list size")
    parser.add_argument("--skip-nomenklatura", action="store_true")
    parser.add_argument(
        "--nk-max-entities",
        type=int,
        default=200_000,
        help="run nomenklatura on the synthetic list only up to this size",
    )
    parser.add_argument("--skip-real", action="store_true", help="only the synthetic list")
    parser.add_argument("--skip-synthetic", action="store_true", help="only the real lists")
    parser.add_argument("--all-captures", action="store_true", help="every dated capture of a list")
    parser.add_argument("--lists", type=Path, default=LISTS, help="the real lists folder")
    parser.add_argument(
        "--max-rss-mb",
        type=float,
        default=12_000,
        help="kill a measurement whose memory passes this (the machine is shared)",
    )
    parser.add_argument("--json", type=Path, help="also save the results here")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="print the table of a run saved with --json, measuring nothing",
    )
    parser.add_argument(
        "--profile-build",
        action="store_true",
        help="instead of the benchmark, profile the index build of each case (cProfile)",
    )
    parser.add_argument("--task", nargs=2, metavar=("NAME", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.task:
        name, kwargs = args.task
        print(json.dumps(TASKS[name](**json.loads(kwargs))))
        return 0
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        rows = print_table([CaseResult(**c) for c in saved["cases"]], saved["title"])
        if args.markdown:
            print(markdown(rows))
        return 0
    if args.queries < 1 or args.synthetic_n < 1:
        parser.error("--queries and --synthetic-n must be positive")
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    load_start = os.getloadavg()[0]
    results: list[CaseResult] = []
    with tempfile.TemporaryDirectory(prefix="proscribe-speed-", dir=CACHE) as tmp:
        workdir = Path(tmp)
        if not args.skip_real:
            files = real_list_files(args.lists, args.all_captures)
            label = f"(a) real lists, {len(files)} files"
            if args.profile_build:
                profile_case(label, files, workdir, args.max_rss_mb)
            else:
                queries = eval_queries(
                    args.queries, QUERY_SEED, CACHE / f"speed-eval-queries-{args.queries}.csv"
                )
                nk = not args.skip_nomenklatura
                results.append(
                    run_case("real", label, files, queries, nk, "", workdir, args.max_rss_mb)
                )
        if not args.skip_synthetic:
            n = args.synthetic_n
            path = synthetic_list(n)
            label = f"(b) synthetic, {n:,}"
            if args.profile_build:
                profile_case(label, [path], workdir, args.max_rss_mb)
            else:
                queries = synthetic_queries(path, args.queries, QUERY_SEED)
                nk = not args.skip_nomenklatura and n <= args.nk_max_entities
                reason = (
                    "skipped (--skip-nomenklatura)"
                    if args.skip_nomenklatura
                    else f"not run: {n:,} > --nk-max-entities"
                )
                results.append(
                    run_case(
                        "synthetic", label, [path], queries, nk, reason, workdir, args.max_rss_mb
                    )
                )
    if args.profile_build:
        return 0
    load_end = os.getloadavg()[0]
    title = (
        f"proscribe speed — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, "
        f"load average {load_start:.1f} at start / {load_end:.1f} at end"
    )
    rows = print_table(results, title)
    if args.markdown:
        print(markdown(rows))
    for case in results:
        print(
            f"{case.label}: "
            + ", ".join(
                Path(f).relative_to(args.lists).as_posix() if case.key == "real" else Path(f).name
                for f in case.files
            )
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "title": title,
                    "cases": [asdict(c) for c in results],
                    "table": [dict(zip(HEADER, r, strict=True)) for r in rows],
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
