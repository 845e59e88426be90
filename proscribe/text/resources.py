"""Loading the text package's data tables.

The linguistic tables (letter maps, honorifics, legal forms, name
equivalences) live as YAML/JSON under ``proscribe/text/data/`` so that a
compliance analyst can review or extend them without reading Python, and so
that the code stays a thin interpreter of the tables. Each table is parsed
once per process.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml


def _read(name: str) -> str:
    return resources.files("proscribe.text").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str) -> Any:
    """Parse ``data/<name>`` (YAML) once; callers must not mutate the result."""
    return yaml.safe_load(_read(name))


@cache
def load_json(name: str) -> Any:
    """Parse ``data/<name>`` (JSON) once; callers must not mutate the result."""
    return json.loads(_read(name))
