"""Screening accuracy on an evaluation bundle: proscribe against nomenklatura logic-v2 and logic-v1.

    .venv/bin/python bench/accuracy.py [../shared/data/eval/public] [--threshold T] [--no-cache]

Reads the bundle (README.md, queries.csv, truth.csv, query_details.csv,
lists/), screens every query with proscribe through the batch contract's
code path (the lists parsed from the bundle's files, format detected) and,
in the same run, with nomenklatura's logic-v2 and logic-v1 as yente would
(see nomenklatura_runner.py). The `category` column and the truth are used
only here, to score: the matchers receive id, name, schema, birth_date and
country, nothing else.

Prints, per system: recall, top-1 and in-results per positive category,
false alerts per negative category, overall precision, recall and F1, the
best F1 over thresholds, latency; then the same broken down by the labels of
query_details.csv (kind of noise, kind of held-out name, origin of
negatives). Baseline results are cached in bench/.cache/ keyed by the
bundle's content; --no-cache recomputes everything.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nomenklatura

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import nomenklatura_runner  # noqa: E402

from proscribe.match.score import DEFAULT_THRESHOLD  # noqa: E402
from proscribe.screen.engine import Screener  # noqa: E402
from proscribe.screen.lists import load_list_files  # noqa: E402
from proscribe.screen.rows import query_from_row  # noqa: E402
from proscribe.sources.registry import expand_paths, open_list  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
DEFAULT_BUNDLE = REPO.parent / "shared" / "data" / "eval" / "public"
MATCHER_COLUMNS = ("id", "name", "schema", "birth_date", "country")

Result = tuple[str, str, float, bool]  # source, source_id, score, match


@dataclass(slots=True)
class Bundle:
    path: Path
    queries: list[dict[str, str]]
    truth: dict[str, set[tuple[str, str]]]
    category: dict[str, str]
    details: dict[str, str]
    lists: list[Path]

    @classmethod
    def read(cls, path: Path) -> Bundle:
        with open(path / "queries.csv", encoding="utf-8", newline="") as fh:
            queries = list(csv.DictReader(fh))
        truth: dict[str, set[tuple[str, str]]] = defaultdict(set)
        category: dict[str, str] = {}
        with open(path / "truth.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                category[row["query_id"]] = row["category"]
                if row["source"]:
                    truth[row["query_id"]].add((row["source"], row["source_id"]))
        details: dict[str, str] = {}
        if (path / "query_details.csv").exists():
            with open(path / "query_details.csv", encoding="utf-8", newline="") as fh:
                details = {r["query_id"]: r["detail"] for r in csv.DictReader(fh)}
        lists = expand_paths(sorted(p for p in (path / "lists").iterdir() if p.is_dir()))
        return cls(path, queries, dict(truth), category, details, lists)

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in ("queries.csv", "truth.csv"):
            digest.update((self.path / name).read_bytes())
        for f in self.lists:
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
        return digest.hexdigest()[:20]

    def matcher_rows(self) -> list[dict[str, str]]:
        """The queries as the matchers see them: only the batch contract's input columns."""
        return [{k: q.get(k, "") for k in MATCHER_COLUMNS} for q in self.queries]


@dataclass(slots=True)
class Run:
    name: str
    threshold: float
    results: dict[str, list[Result]]
    latency_ms: list[float] = field(default_factory=list)
    mean_ms: float = 0.0
    median_ms: float = 0.0


def label_of(category: str, detail: str, query: dict[str, str]) -> str:
    """The breakdown label of one query, from query_details.csv (for reporting only)."""
    if m := re.search(r"perturbation=([a-z_]+)", detail):
        return f"noise:{m.group(1)}"
    if category == "holdout_script":
        from proscribe.text.scripts import dominant_script

        return f"script:{dominant_script(query['name'])}"
    if m := re.search(r"kind=(\w+)", detail):
        return f"name:{m.group(1)}"
    if m := re.search(r"neg_source=(\w+)", detail):
        return f"negative:{m.group(1)}"
    if "shared_token=" in detail:
        role = re.search(r"role=(\w+)", detail)
        return f"shared:{role.group(1) if role else '?'}"
    return category


@dataclass(slots=True)
class Tally:
    n: int = 0
    found: int = 0
    top1: int = 0
    in_results: int = 0
    wrong_alert: int = 0
    alerted: int = 0


def evaluate(bundle: Bundle, run: Run, by: str = "category") -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for q in bundle.queries:
        qid = q["id"]
        cat = bundle.category.get(qid, q.get("category", ""))
        key = cat if by == "category" else label_of(cat, bundle.details.get(qid, ""), q)
        t = tallies[key]
        t.n += 1
        results = run.results.get(qid, [])
        targets = bundle.truth.get(qid, set())
        alerts = [(s, i) for s, i, _, m in results if m]
        if targets:
            t.found += any(a in targets for a in alerts)
            t.top1 += bool(results) and (results[0][0], results[0][1]) in targets
            t.in_results += any((s, i) in targets for s, i, _, _ in results)
            t.wrong_alert += any(a not in targets for a in alerts)
        else:
            t.alerted += bool(alerts)
    return dict(tallies)


def overall(bundle: Bundle, run: Run) -> dict[str, float]:
    tp = fn = fp = tn = 0
    pos_scores: list[float] = []
    neg_scores: list[float] = []
    for q in bundle.queries:
        results = run.results.get(q["id"], [])
        targets = bundle.truth.get(q["id"], set())
        alerts = [(s, i) for s, i, _, m in results if m]
        if targets:
            found = any(a in targets for a in alerts)
            tp += found
            fn += not found
            pos_scores.append(
                max((sc for s, i, sc, _ in results if (s, i) in targets), default=float("-inf"))
            )
        else:
            fp += bool(alerts)
            tn += not alerts
            neg_scores.append(max((sc for _, _, sc, _ in results), default=float("-inf")))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    best = (0.0, 0.0)
    for t in sorted(set(pos_scores + neg_scores)):
        if t == float("-inf"):
            continue
        tp_t = sum(s >= t for s in pos_scores)
        fp_t = sum(s >= t for s in neg_scores)
        f = 2 * tp_t / (2 * tp_t + fp_t + (len(pos_scores) - tp_t)) if pos_scores else 0.0
        if f > best[0]:
            best = (f, t)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "best_f1": best[0],
        "best_t": best[1],
    }


def run_proscribe(bundle: Bundle, threshold: float, use_cache: bool, out_path: Path) -> Run:
    loaded = load_list_files(bundle.lists, cache_dir=CACHE, use_cache=use_cache)
    screener = Screener(loaded.index, threshold=threshold)
    results: dict[str, list[Result]] = {}
    latency: list[float] = []
    with open(out_path, "w", encoding="utf-8") as out:
        for row in bundle.matcher_rows():
            start = time.perf_counter()
            matches = screener.screen(query_from_row(row), threshold=threshold)
            latency.append((time.perf_counter() - start) * 1000)
            results[row["id"]] = [(m.source, m.source_id, m.score, m.match) for m in matches]
            out.write(
                json.dumps(
                    {"id": row["id"], "matches": [m.to_dict() for m in matches]}, ensure_ascii=False
                )
                + "\n"
            )
    return Run(
        "proscribe",
        threshold,
        results,
        latency,
        statistics.fmean(latency),
        statistics.median(latency),
    )


def run_baseline(bundle: Bundle, use_cache: bool) -> list[Run]:
    CACHE.mkdir(exist_ok=True)
    key = hashlib.sha256(
        f"{bundle.fingerprint()}:{nomenklatura.__version__}:{nomenklatura_runner.CANDIDATES}".encode()
        + Path(nomenklatura_runner.__file__).read_bytes()
    ).hexdigest()[:20]
    path = CACHE / f"nomenklatura-{key}.json"
    if use_cache and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        print(f"(nomenklatura results from cache {path.relative_to(REPO)})", file=sys.stderr)
    else:
        entities = [e for f in bundle.lists for e in open_list(f).entities()]
        print(
            f"running nomenklatura on {len(bundle.queries)} queries x {len(entities)} entities ...",
            file=sys.stderr,
        )
        data = nomenklatura_runner.run(entities, bundle.matcher_rows())
        path.write_text(json.dumps(data), encoding="utf-8")
    runs = []
    for label in nomenklatura_runner.ALGORITHMS:
        results = {
            qid: [(s, i, float(sc), float(sc) >= data["threshold"]) for s, i, sc in rows]
            for qid, rows in data[label].items()
        }
        lat = data["latency_ms"][label]
        runs.append(Run(label, data["threshold"], results, [], lat["mean"], lat["median"]))
    return runs


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    rows = list(rows)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(cells: Iterable[object]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join(
        [
            line(header),
            "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *(line(r) for r in rows),
        ]
    )


def report(bundle: Bundle, runs: list[Run]) -> str:
    out: list[str] = []
    cats = [
        c
        for c in ("holdout_alias", "holdout_script", "perturbed")
        if c in set(bundle.category.values())
    ]
    negs = [c for c in ("negative_random", "negative_hard") if c in set(bundle.category.values())]
    per_run = {r.name: evaluate(bundle, r) for r in runs}
    header = ["metric", *(f"{r.name} (t={r.threshold:.2f})" for r in runs)]
    rows: list[list[str]] = []
    for c in cats:
        for metric in ("recall", "top1", "in_results"):
            vals = []
            for r in runs:
                t = per_run[r.name].get(c, Tally())
                v = {"recall": t.found, "top1": t.top1, "in_results": t.in_results}[metric]
                vals.append(f"{v / t.n:.3f}" if t.n else "-")
            rows.append([f"{c} {metric} (n={per_run[runs[0].name][c].n})", *vals])
    for neg in negs:
        rows.append(
            [
                f"{neg} false alerts (n={per_run[runs[0].name][neg].n})",
                *(f"{per_run[r.name][neg].alerted / per_run[r.name][neg].n:.2%}" for r in runs),
            ]
        )
    pos_n = sum(per_run[runs[0].name][c].n for c in cats)
    rows.append(
        [
            "positives with a wrong alert",
            *(f"{sum(per_run[r.name][c].wrong_alert for c in cats) / pos_n:.2%}" for r in runs),
        ]
    )
    stats = {r.name: overall(bundle, r) for r in runs}
    for metric in ("precision", "recall", "f1"):
        rows.append([f"overall {metric}", *(f"{stats[r.name][metric]:.3f}" for r in runs)])
    rows.append(
        [
            "best F1 over thresholds",
            *(f"{stats[r.name]['best_f1']:.3f} @ {stats[r.name]['best_t']:.2f}" for r in runs),
        ]
    )
    rows.append(
        ["latency mean / median (ms)", *(f"{r.mean_ms:.1f} / {r.median_ms:.1f}" for r in runs)]
    )
    out.append(_table(header, rows))

    labels = {r.name: evaluate(bundle, r, by="label") for r in runs}
    keys = sorted(labels[runs[0].name])
    rows = []
    for k in keys:
        t0 = labels[runs[0].name][k]
        vals = []
        for r in runs:
            t = labels[r.name][k]
            is_neg = k.startswith(("negative:", "shared:"))
            vals.append(f"{t.alerted / t.n:.2%} alerts" if is_neg else f"{t.found / t.n:.3f}")
        rows.append([f"{k} (n={t0.n})", *vals])
    out.append("")
    out.append(
        _table(["breakdown (recall; negatives: false alerts)", *(r.name for r in runs)], rows)
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="proscribe's alert threshold"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="recompute the index and the baseline"
    )
    parser.add_argument("--no-baseline", action="store_true", help="proscribe only")
    args = parser.parse_args(argv)
    bundle = Bundle.read(args.bundle)
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    print(
        f"bundle {args.bundle}: {len(bundle.queries)} queries, lists {', '.join(p.name for p in bundle.lists)}",
        file=sys.stderr,
    )
    start = time.perf_counter()
    runs = [
        run_proscribe(
            bundle,
            args.threshold,
            not args.no_cache,
            CACHE / f"proscribe-{bundle.fingerprint()}.jsonl",
        )
    ]
    print(f"proscribe: {time.perf_counter() - start:.1f}s", file=sys.stderr)
    if not args.no_baseline:
        runs += run_baseline(bundle, not args.no_cache)
    print(report(bundle, runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
