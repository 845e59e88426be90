"""`proscribe serve` (the HTTP API under uvicorn) and `proscribe keys create|list|revoke`."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from proscribe.cli.state import STATE, console, err_console, open_store

keys_app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke.")

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", envvar="PROSCRIBE_API_HOST", help="Address to listen on."
    ),
    port: int = typer.Option(
        8000, "--port", envvar="PROSCRIBE_API_PORT", help="Port to listen on."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        "-w",
        envvar="PROSCRIBE_API_WORKERS",
        min=1,
        help="Worker processes (about one per core).",
    ),
    threads: int = typer.Option(
        4, "--threads", min=1, help="Requests screened at once per worker (the rest queue)."
    ),
    reload_interval: float = typer.Option(
        60.0,
        "--reload-interval",
        min=0,
        help="Seconds between checks for updated lists (0: only POST /lists/reload).",
    ),
    audit_log: Path | None = typer.Option(
        None,
        "--audit-log",
        help="Record every screening request with its content here (JSON lines).",
    ),
    rate_limit: float = typer.Option(
        50.0,
        "--rate-limit",
        min=0,
        help="Requests per second per key unless the key sets its own (0: no limit).",
    ),
    rate_burst: int = typer.Option(
        100, "--rate-burst", min=1, help="Requests a key may make at once after being idle."
    ),
    max_batch: int = typer.Option(
        100, "--max-batch", min=1, help="Most queries in one /match or /screen request."
    ),
    max_body: int = typer.Option(
        1_048_576, "--max-body", min=1024, help="Largest request body in bytes."
    ),
    jurisdiction: str | None = typer.Option(
        None, "--jurisdiction", help="Default perspective for measures (ISO code or EU)."
    ),
    no_index_cache: bool = typer.Option(
        False, "--no-index-cache", help="Always rebuild the index instead of reopening a saved one."
    ),
    log_level: str = typer.Option("info", "--log-level", help="debug, info, warning or error."),
    no_access_log: bool = typer.Option(
        False, "--no-access-log", help="No line per request (route, status, time, key id)."
    ),
) -> None:
    """Serve the HTTP API (yente-compatible /match, /search, /entities; /screen; /lists; /keys)."""
    import uvicorn

    from proscribe.api.settings import ApiSettings

    settings = ApiSettings(
        db_url=STATE.db_url,
        host=host,
        port=port,
        workers=workers,
        threads=threads,
        reload_interval=reload_interval,
        audit_log=audit_log.resolve() if audit_log else None,
        rate_limit=rate_limit,
        rate_burst=rate_burst,
        max_batch=max_batch,
        max_body_bytes=max_body,
        default_jurisdiction=jurisdiction,
        index_cache=not no_index_cache,
        access_log=not no_access_log,
        log_level=log_level,
    )
    with open_store() as store:
        sources = store.sources()
    if not sources:
        err_console.print(
            "[yellow]warning[/yellow] the store holds no lists; /readyz stays 503 until you import some"
        )
    if host not in _LOOPBACK:
        err_console.print(
            f"[yellow]warning[/yellow] listening on {host}: the API is reachable from other machines"
        )
    os.environ.update(settings.to_env())
    metrics_dir: str | None = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = tempfile.mkdtemp(prefix="proscribe-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    console.print(
        f"proscribe API on http://{host}:{port} ({workers} worker(s); lists: {', '.join(sources) or 'none'})"
    )
    try:
        uvicorn.run(
            "proscribe.api.asgi:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_level=log_level,
            timeout_graceful_shutdown=30,
            # A worker busy screening may answer the supervisor's ping late; 5 s (the default)
            # got busy workers killed, with their requests, on a loaded machine.
            timeout_worker_healthcheck=30,
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)


@keys_app.command("create")
def keys_create(
    name: str = typer.Option(
        ..., "--name", "-n", help="Who or what uses the key (shown in lists and logs)."
    ),
    role: str = typer.Option("screener", "--role", "-r", help="screener, reviewer or admin."),
    rate_limit: int | None = typer.Option(
        None,
        "--rate-limit",
        min=1,
        help="Requests per second for this key (default: the server's).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the key as JSON (for scripts)."),
) -> None:
    """Create a key; its full text is printed once and cannot be shown again."""
    from proscribe.store import InvalidRequestError
    from proscribe.store.keys import create_key

    with open_store() as store:
        try:
            created = create_key(store.engine, name, role, rate_limit)
        except InvalidRequestError as exc:
            err_console.print(f"[red]error[/red] {exc}")
            raise typer.Exit(2) from exc
        _audit_key(store.engine, created.key, "created")
    if as_json:
        print(json.dumps({"key": created.key.to_dict(), "token": created.token}))
        return
    console.print(
        f"created key [bold]{created.key.key_id}[/bold] ({created.key.role}) for {created.key.name}"
    )
    console.print("store it now, it is not shown again:")
    print(created.token)


@keys_app.command("ensure-local")
def keys_ensure_local(
    file: Path = typer.Option(
        ..., "--file", help="Where the local key is kept (created with mode 600)."
    ),
    role: str = typer.Option("admin", "--role", "-r", help="Role of a newly created key."),
) -> None:
    """Make sure `file` holds a working key for this machine's own use (what `make run` needs).

    An existing file whose key still verifies is kept; otherwise a new key is
    created and written there, so repeated `make run`s do not pile up keys.
    """
    from proscribe.store.keys import create_key, verify_token

    with open_store() as store:
        if file.exists():
            token = file.read_text(encoding="utf-8").strip()
            key = verify_token(store.engine, token)
            if key is not None:
                console.print(f"API key ({key.role}) in {file}: send it as header X-API-Key")
                return
        created = create_key(store.engine, f"local ({file})", role)
        _audit_key(store.engine, created.key, "created")
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(created.token + "\n")
    console.print(
        f"created API key {created.key.key_id} ({created.key.role}) in {file}: send it as header X-API-Key"
    )


@keys_app.command("list")
def keys_list(
    active: bool = typer.Option(False, "--active", help="Only keys that are not revoked."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """Every key with its role and status (never the secret)."""
    from proscribe.store.keys import list_keys

    with open_store() as store:
        keys = list_keys(store.engine, include_revoked=not active)
    if as_json:
        for key in keys:
            print(json.dumps(key.to_dict()))
        return
    table = Table("key id", "name", "role", "rate limit", "created", "status")
    for key in keys:
        status = (
            "active"
            if key.active
            else f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
            if key.revoked_at
            else "revoked"
        )
        table.add_row(
            key.key_id,
            key.name,
            key.role,
            str(key.rate_limit) if key.rate_limit else "default",
            f"{key.created_at:%Y-%m-%d %H:%M}",
            status,
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: str = typer.Argument(..., help="The key id (psk_<id>_... or just <id>)."),
) -> None:
    """Revoke a key for good (running servers stop accepting it within their key cache time, 5 s by default)."""
    from proscribe.store import NotFoundError
    from proscribe.store.keys import parse_token, revoke_key

    parsed = parse_token(key_id)
    wanted = parsed[0] if parsed else key_id.removeprefix("psk_").split("_", 1)[0]
    with open_store() as store:
        try:
            key = revoke_key(store.engine, wanted)
        except NotFoundError as exc:
            err_console.print(f"[red]error[/red] {exc}")
            raise typer.Exit(1) from exc
        _audit_key(store.engine, key, "revoked")
    console.print(f"revoked key [bold]{key.key_id}[/bold] ({key.role}, {key.name})")


def _audit_key(engine: Any, key: Any, change: str) -> None:
    """Key changes go into the audit trail at once (monitoring's catch-up would be later)."""
    from proscribe.cases import audit
    from proscribe.cases.settings import default_actor

    details = (
        {"name": key.name, "role": key.role, "via": "cli"}
        if change == "created"
        else {"via": "cli"}
    )
    audit.record_key_change(engine, default_actor(), key.key_id, change, details)


def register(app: typer.Typer) -> None:
    """Add `serve` and the `keys` sub-app to the main CLI (once, however often it is called)."""
    if not any(c.name == "serve" for c in app.registered_commands):
        app.command("serve")(serve)
    if not any(g.name == "keys" for g in app.registered_groups):
        app.add_typer(keys_app, name="keys", help="API keys: create, list, revoke.")
