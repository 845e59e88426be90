"""Prometheus metrics: requests, latency, screening volume, auth failures, index reloads.

Labels carry route templates (`/match/{dataset}`), never paths or query
text, so no personal data reaches the metrics store. With several uvicorn
workers, `proscribe serve` sets PROMETHEUS_MULTIPROC_DIR and /metrics
aggregates every worker's numbers (prometheus_client's multiprocess mode);
with one worker the process's own registry is served.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

REQUESTS = Counter(
    "proscribe_api_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "proscribe_api_request_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
QUERIES = Counter(
    "proscribe_api_queries_total", "Parties screened (one per query in a batch)", ["endpoint"]
)
MATCHES = Counter(
    "proscribe_api_matches_total", "Results at or above the match threshold", ["endpoint"]
)
AUTH_FAILURES = Counter(
    "proscribe_api_auth_failures_total", "Requests refused by authentication", ["status"]
)
RATE_LIMITED = Counter(
    "proscribe_api_rate_limited_total", "Requests refused by the per-key rate limit"
)
RELOADS = Counter("proscribe_api_index_reloads_total", "Screening index builds", ["outcome"])
ENTITIES = Gauge(
    "proscribe_api_index_entities",
    "Listed parties in the serving index",
    multiprocess_mode="livemax",
)
BUILD_SECONDS = Gauge(
    "proscribe_api_index_build_seconds",
    "Time the serving index took to build or reopen",
    multiprocess_mode="livemax",
)


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type, aggregated across workers when they share a directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
