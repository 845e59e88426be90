"""Load benchmark of the HTTP API: single-entity POST /match sustained on 127.0.0.1.

    .venv/bin/python bench/load.py [--duration 600] [--workers 2] [--connections 16] [--lists FILE ...]

What it does, all on this machine:
1. imports the real lists (default: every complete list in the shared data)
   into a fresh store in a temporary folder, and builds the screening index
   once so the server's workers reopen it instead of each building it;
2. creates an API key without a rate limit for the run;
3. starts `proscribe serve` (uvicorn, `--workers` processes, 127.0.0.1 only)
   and waits for /readyz;
4. drives single-entity /match requests with wrk (`apt-get install wrk`):
   a warm-up that is not counted, then `--duration` seconds with
   `--connections` keep-alive connections; the request bodies rotate through
   names taken from the lists themselves (hits) and the same names' words
   recombined (near misses), so the matcher does real work;
5. samples the server processes' resident memory every few seconds;
6. prints the result as a Markdown table row (requests/s, latency
   percentiles, errors, non-2xx answers, RSS at start/end/max) and, with
   `--json`, as JSON. The target of the API issue is >= 500 requests/s,
   p99 <= 50 ms, zero errors, stable RSS, for 10 minutes on 2 cores.

The load generator runs on the same 2 cores as the server, as it would on a
single box; wrk is used because it costs a fraction of a core at these rates.
Every loop here is bounded by `--duration`; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from proscribe.api.engine import build_engine  # noqa: E402
from proscribe.sources.registry import open_list  # noqa: E402
from proscribe.store import Store  # noqa: E402
from proscribe.store.keys import create_key  # noqa: E402

SHARED_LISTS = (
    Path(os.environ.get("PROSCRIBE_SHARED_DATA", REPO.parent / "shared" / "data")) / "lists"
)
# The complete lists of the shared data (MANIFEST.md): what a production server would hold.
DEFAULT_LISTS = (
    "ofac/sdn_2024-05-03/sdn.csv",
    "un/consolidated_2026-02-27.xml",
    "uk/ofsi_conlist_2025-04-14.csv",
    "au/dfat_consolidated_2024-11-11.csv",
    "ca/sema_2020-04.xml",
)
SERVE = "from proscribe.cli.main import app; from proscribe.cli.api_cli import register; register(app); app()"
RSS_EVERY_S = 5.0
BODIES = 400

WRK_SCRIPT = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "ApiKey %(token)s"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, "/match/default", nil, bodies[i])
end
"""


@dataclass
class Result:
    lists: str
    entities: int
    workers: int
    connections: int
    duration_s: float
    requests: int
    requests_per_s: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    errors: int
    non_2xx: int
    rss_start_mb: float
    rss_end_mb: float
    rss_max_mb: float
    notes: list[str] = field(default_factory=list)

    def row(self) -> str:
        return (
            f"| {self.lists} | {self.entities:,} | {self.workers} | {self.connections} | {self.duration_s:.0f} | "
            f"{self.requests:,} | **{self.requests_per_s:,.1f}** | {self.p50_ms:.1f} | {self.p90_ms:.1f} | "
            f"**{self.p99_ms:.1f}** | {self.errors} | {self.non_2xx} | "
            f"{self.rss_start_mb:.0f} / {self.rss_end_mb:.0f} / {self.rss_max_mb:.0f} |"
        )


HEADER = (
    "| lists | entities | workers | connections | seconds | requests | req/s | p50 ms | p90 ms | p99 ms "
    "| errors | non-2xx | RSS MB start / end / max |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The server's worker processes (direct children of the serve process)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry.name))
    return out


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class RssSampler(threading.Thread):
    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(_rss_mb(self.pids))
            self.stop.wait(RSS_EVERY_S)


def _bodies(store: Store, path: Path, seed: int) -> None:
    """Single-entity /match bodies: listed names (hits) and their words recombined (near misses)."""
    rng = random.Random(seed)
    names: list[tuple[str, str]] = []
    for entity in store.current_entities():
        if entity.schema in ("Person", "Organization") and entity.names:
            names.append((entity.schema, entity.caption))
    rng.shuffle(names)
    picked = names[: BODIES // 2]
    words = [w for _, n in names[:2000] for w in re.findall(r"[^\W\d_]{2,}", n)]
    lines = []
    for schema, name in picked:
        lines.append({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}})
        fake = " ".join(rng.sample(words, 3))
        lines.append({"queries": {"q": {"schema": schema, "properties": {"name": [fake]}}}})
    path.write_text("\n".join(json.dumps(b, ensure_ascii=False) for b in lines) + "\n")


def _wrk(url: str, script: Path, connections: int, threads: int, seconds: int) -> str:
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120, check=False)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _parse(out: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        found[f"p{pct}"] = _ms(m.group(1)) if m else float("nan")
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    found["requests"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    found["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    found["errors"] = float(sum(int(x) for x in m.groups())) if m else 0.0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found["non_2xx"] = float(m.group(1)) if m else 0.0
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=600, help="measured seconds (default 600)")
    parser.add_argument(
        "--warmup", type=int, default=15, help="unmeasured seconds before (default 15)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="uvicorn worker processes (default 2)"
    )
    parser.add_argument(
        "--connections", type=int, default=16, help="keep-alive connections (default 16)"
    )
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument(
        "--lists",
        nargs="*",
        default=list(DEFAULT_LISTS),
        help="list files, relative to the shared lists",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print the result as JSON")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (store, index, logs)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/load.py needs wrk on PATH (Debian/Ubuntu: apt-get install wrk)")
    if not 1 <= args.duration <= 7200:
        raise SystemExit("--duration must be between 1 and 7200 seconds")

    work = Path(tempfile.mkdtemp(prefix="proscribe-load-"))
    env = dict(
        os.environ,
        PROSCRIBE_HOME=str(work / "home"),
        PROSCRIBE_DB_URL=f"sqlite:///{work / 'store.sqlite'}",
    )
    os.environ.update({k: env[k] for k in ("PROSCRIBE_HOME", "PROSCRIBE_DB_URL")})
    proc: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        with Store.open(env["PROSCRIBE_DB_URL"]) as store:
            for rel in args.lists:
                store.import_list(open_list(SHARED_LISTS / rel))
            engine = build_engine(store)  # saved under $PROSCRIBE_HOME/index: the workers reopen it
            entities = len(engine)
            token = create_key(
                store.engine, "load benchmark", "screener", rate_limit=1_000_000
            ).token
            _bodies(store, work / "bodies.jsonl", args.seed)
        del engine
        print(
            f"lists imported and indexed in {time.perf_counter() - started:.0f} s: {entities:,} entities",
            flush=True,
        )
        script = work / "match.lua"
        script.write_text(WRK_SCRIPT % {"bodies": work / "bodies.jsonl", "token": token})

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = (work / "serve.log").open("wb")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SERVE,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--reload-interval",
                "0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited: see {work / 'serve.log'}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server was not ready within 600 s")
            time.sleep(0.5)
        workers = _children(proc.pid)
        print(
            f"server ready on {url} ({len(workers)} workers); warming up {args.warmup} s",
            flush=True,
        )
        if args.warmup:
            _wrk(url, script, args.connections, args.threads, args.warmup)
        sampler = RssSampler(workers)
        sampler.start()
        print(f"measuring {args.duration} s with {args.connections} connections", flush=True)
        out = _wrk(url, script, args.connections, args.threads, args.duration)
        sampler.stop.set()
        sampler.join()
        rss = [*sampler.samples, _rss_mb(workers)]
        parsed = _parse(out)
        result = Result(
            lists=", ".join(Path(p).parts[0] for p in args.lists),
            entities=entities,
            workers=args.workers,
            connections=args.connections,
            duration_s=float(args.duration),
            requests=int(parsed["requests"]),
            requests_per_s=parsed["rps"],
            p50_ms=parsed["p50"],
            p75_ms=parsed["p75"],
            p90_ms=parsed["p90"],
            p99_ms=parsed["p99"],
            errors=int(parsed["errors"]),
            non_2xx=int(parsed["non_2xx"]),
            rss_start_mb=rss[0],
            rss_end_mb=rss[-1],
            rss_max_mb=max(rss),
        )
        target = (
            result.requests_per_s >= 500
            and result.p99_ms <= 50
            and result.errors == 0
            and result.non_2xx == 0
        )
        result.notes.append(
            "meets the target"
            if target
            else "below the target (>= 500 req/s, p99 <= 50 ms, 0 errors)"
        )
        print(out)
        print(HEADER)
        print(result.row())
        print(result.notes[0])
        if args.json:
            print(json.dumps(asdict(result)))
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
