"""The factory uvicorn workers call: settings come from `PROSCRIBE_API_*` (see `settings`)."""

from __future__ import annotations

import logging
import sys

from fastapi import FastAPI

from proscribe.api.app import create_app
from proscribe.api.settings import ApiSettings


def app_from_env() -> FastAPI:
    settings = ApiSettings.from_env()
    _configure_logging(settings)
    return create_app(settings)


def _configure_logging(settings: ApiSettings) -> None:
    """Uvicorn configures its own loggers only; give proscribe's a handler in each worker."""
    logger = logging.getLogger("proscribe")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(settings.log_level.upper())
    logging.getLogger("proscribe.api.access").disabled = not settings.access_log
