"""Per-key rate limiting: a token bucket per API key, in the memory of each worker.

A key may make `rate` requests per second on average and `burst` at once
after being idle. A batch costs one token per query it carries (capped at
the burst, so the largest allowed batch can always pass), so batching does
not multiply a key's throughput. Over the limit the answer is 429 with a
Retry-After saying when the request would pass.

The buckets live in each worker process: with N workers a key's ceiling is
up to N times its rate. This keeps the check free of shared state on the
hot path; a deployment that needs an exact cluster-wide quota puts it in
its gateway.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, key_id: str, cost: int = 1, rate: float | None = None) -> float:
        """Take `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying."""
        per_second = self.rate if rate is None else rate
        if per_second <= 0:
            return 0.0
        burst = max(self.burst, math.ceil(per_second))
        cost = max(1, min(cost, burst))
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key_id)
            if bucket is None:
                bucket = self._buckets[key_id] = _Bucket(float(burst), now)
            bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.updated) * per_second)
            bucket.updated = now
            if bucket.tokens >= cost:
                bucket.tokens -= cost
                return 0.0
            return (cost - bucket.tokens) / per_second
