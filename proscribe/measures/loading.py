"""Strict reading of the measures data files: every error names the file and the entry.

The data files decide what a hit obliges someone to do, so a typo must stop
the load with a message a data maintainer can act on, never change an
answer silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml


class MeasureDataError(ValueError):
    """The measures data files say something that cannot be right; names the file and entry."""

    def __init__(self, file: Path | str, where: str, message: str) -> None:
        self.file = str(file)
        self.where = where
        super().__init__(f"{file}: {where}: {message}")


def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise MeasureDataError(path, where, f"not valid YAML: {exc}") from exc


def as_date(value: Any, file: Path, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise MeasureDataError(file, where, f"{value!r} is not an ISO date")


def check_keys(data: Mapping[str, Any], allowed: set[str], file: Path, where: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise MeasureDataError(
            file,
            where,
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(sorted(allowed))}",
        )


def as_mapping(value: Any, file: Path, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MeasureDataError(file, where, f"expected a mapping, found {type(value).__name__}")
    return value


def as_list(value: Any, file: Path, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise MeasureDataError(file, where, f"expected a list, found {type(value).__name__}")
    return value


def as_text(value: Any, file: Path, where: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise MeasureDataError(file, where, "expected non-empty text")
    return " ".join(value.split())
