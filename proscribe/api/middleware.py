"""Every request, before and after the endpoint: body size limit, metrics, access log.

The body limit is enforced on the bytes received, not only on the declared
Content-Length, so a chunked upload cannot get past it. The access log
names the route template, status, time and key id, and nothing the caller
sent: screening requests are about people, and logs are kept and shipped
far more widely than the audit trail (see `audit`).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from proscribe.api import metrics

access_log = logging.getLogger("proscribe.api.access")


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = {"code": 500, "answered": False}

        async def send_wrapper(message: Message) -> None:
            if state["answered"]:
                # We already refused the request (413); whatever the app makes of the cut-off body is dropped.
                return
            if message["type"] == "http.response.start":
                state["code"] = int(message["status"])
            await send(message)

        try:
            declared = _content_length(scope)
            if declared is not None and declared > self.max_body_bytes:
                await self._too_large(send_wrapper)
                state["answered"] = True
                return
            received = 0

            async def receive_wrapper() -> Message:
                nonlocal received
                if state["answered"]:
                    return {"type": "http.disconnect"}
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body_bytes:
                        # Answer now and tell the app the client went away, so it stops reading.
                        await self._too_large(send_wrapper)
                        state["answered"] = True
                        return {"type": "http.disconnect"}
                return message

            await self.app(scope, receive_wrapper, send_wrapper)
        finally:
            self._record(scope, int(state["code"]), time.perf_counter() - started)

    async def _too_large(self, send: Send) -> None:
        """Send the 413 (through `send_wrapper`, which records the status)."""
        body = json.dumps(
            {
                "detail": f"request body larger than {self.max_body_bytes} bytes; send smaller batches"
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _record(scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        metrics.REQUESTS.labels(scope.get("method", ""), route, str(status)).inc()
        metrics.LATENCY.labels(route).observe(seconds)
        state: dict[str, Any] = scope.get("state") or {}
        access_log.info(
            "%s %s %d %.1fms key=%s",
            scope.get("method", ""),
            route,
            status,
            seconds * 1000,
            state.get("key_id", "-"),
        )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
