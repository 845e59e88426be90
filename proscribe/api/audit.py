"""The audit trail: what was screened, by which key, and what came back — only when asked for.

Screening requests carry personal data (names, birth dates, document
numbers of a bank's customers), so by default nothing of their content is
written anywhere. A deployment that must be able to show what it screened
turns the audit log on (`proscribe serve --audit-log FILE`); each request
then appends one JSON line with the time, key id, endpoint, the queries as
received and the results returned (ids, scores, match flags). The file is
written with one `write` per line in append mode, so several workers can
share it.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def record(self, key_id: str, endpoint: str, request: Any, results: Any) -> None:
        line = json.dumps(
            {
                "time": datetime.now(UTC).isoformat(),
                "key_id": key_id,
                "endpoint": endpoint,
                "request": request,
                "results": results,
            },
            ensure_ascii=False,
            default=str,
        )
        data = (line + "\n").encode("utf-8")
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
