"""What the alert-work routers share: who acts, the case settings, and the service's errors as HTTP.

The rules (four eyes, states, versions) are enforced by `proscribe.cases`;
the routers only translate. Each service error keeps its own message, so a
reviewer refused by the four-eyes rule reads why, exactly as on the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException

from proscribe.api.auth import Principal
from proscribe.api.models import ErrorResponse
from proscribe.cases.errors import (
    AlertNotFoundError,
    AlertStateError,
    FourEyesError,
    VersionConflictError,
)
from proscribe.cases.settings import CaseSettings, SettingsError
from proscribe.store.errors import InvalidRequestError, NotFoundError

CASE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Invalid request (e.g. a reason of only spaces)"},
    401: {"model": ErrorResponse, "description": "No valid API key"},
    403: {"model": ErrorResponse, "description": "The key's role may not do this"},
    404: {"model": ErrorResponse, "description": "No such alert or customer"},
    409: {
        "model": ErrorResponse,
        "description": "Refused by the alert's state or the four-eyes rule, or the alert changed "
        "since `expected_version` was read (re-read and retry)",
    },
    413: {"model": ErrorResponse, "description": "Request body too large"},
    429: {"model": ErrorResponse, "description": "Rate limit exceeded"},
}


def actor(principal: Principal) -> str:
    """Who acts, in alerts and the audit trail: the API key's id.

    The id is public, unique per key and never reused, so four-eyes checks
    compare keys, and the audit trail's `key.created` records name the
    key's holder and role.
    """
    return principal.key_id


def case_settings() -> CaseSettings:
    """The same environment settings the CLI and monitoring read; a bad value is the server's fault."""
    try:
        return CaseSettings.from_env()
    except SettingsError as exc:
        raise HTTPException(500, f"case settings of this server are invalid: {exc}") from exc


@contextmanager
def service_errors() -> Iterator[None]:
    """Map the case service's errors onto statuses: 404, 409 (state, four eyes, version), 400."""
    try:
        yield
    except (AlertNotFoundError, NotFoundError) as exc:
        raise HTTPException(404, str(exc)) from exc
    except VersionConflictError as exc:
        raise HTTPException(409, str(exc)) from exc
    except (FourEyesError, AlertStateError) as exc:
        raise HTTPException(409, str(exc)) from exc
    except InvalidRequestError as exc:
        raise HTTPException(400, str(exc)) from exc
