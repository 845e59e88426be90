"""Case-management settings, read from the environment like the rest of proscribe.

Deployments configure by environment so that the CLI, the API workers and a
scheduled `proscribe monitor run` all apply the same rules without a config
file to keep in sync:

- `PROSCRIBE_ALERT_THRESHOLD` (default: the matcher's threshold): a hit at or
  above this score becomes an alert.
- `PROSCRIBE_FOUR_EYES_SCORE` (default 0.85): clearing an alert that scored
  at or above this needs a second reviewer; a true-match decision always does.
- `PROSCRIBE_AUDIT_RETENTION_YEARS` (default 10): how long audit records and
  closed cases are kept. OFAC's recordkeeping rule (31 CFR 501.601) asked
  for five years until 2025; the 21st Century Peace through Strength Act
  (April 24, 2024) extended the statute of limitations for IEEPA and TWEA
  violations to ten years, and OFAC's final rule of March 21, 2025 (90 FR
  13286) raised record retention to ten years to match, so ten is the
  default. Lower it only where no US nexus exists and local law allows.
- `PROSCRIBE_AUDIT_SCREENING` (default off): also record every screening
  request with its query and results. Off by default because queries carry
  customers' personal data.
- `PROSCRIBE_JURISDICTION` (default US) and `PROSCRIBE_ACTIVITY` (default
  onboarding): the perspective an alert's obligations are assessed from.
- `PROSCRIBE_USER`: the default actor name for the CLI (else the OS user).
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from proscribe.match.score import DEFAULT_THRESHOLD

DEFAULT_FOUR_EYES_SCORE = 0.85
DEFAULT_RETENTION_YEARS = 10
DEFAULT_JURISDICTION = "US"
DEFAULT_ACTIVITY = "onboarding"
SYSTEM_ACTOR = "system"


class SettingsError(ValueError):
    """An environment variable holds a value that cannot be used."""


def _float(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"${name}={raw!r} is not a number") from exc
    if not low <= value <= high:
        raise SettingsError(f"${name}={raw} is not between {low} and {high}")
    return value


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"${name}={raw!r} is not on/off (1, true, yes / 0, false, no)")


@dataclass(frozen=True, slots=True)
class CaseSettings:
    threshold: float = DEFAULT_THRESHOLD
    four_eyes_score: float = DEFAULT_FOUR_EYES_SCORE
    retention_years: float = DEFAULT_RETENTION_YEARS
    audit_screening: bool = False
    jurisdiction: str | None = DEFAULT_JURISDICTION
    activity: str = DEFAULT_ACTIVITY

    @classmethod
    def from_env(cls) -> CaseSettings:
        jurisdiction = os.environ.get("PROSCRIBE_JURISDICTION", DEFAULT_JURISDICTION).strip()
        return cls(
            threshold=_float("PROSCRIBE_ALERT_THRESHOLD", DEFAULT_THRESHOLD, 0.0, 1.0),
            four_eyes_score=_float("PROSCRIBE_FOUR_EYES_SCORE", DEFAULT_FOUR_EYES_SCORE, 0.0, 1.0),
            retention_years=_float(
                "PROSCRIBE_AUDIT_RETENTION_YEARS", DEFAULT_RETENTION_YEARS, 1.0, 100.0
            ),
            audit_screening=_flag("PROSCRIBE_AUDIT_SCREENING"),
            # An empty value turns obligations off (e.g. a deployment without a fixed jurisdiction).
            jurisdiction=jurisdiction or None,
            activity=os.environ.get("PROSCRIBE_ACTIVITY", DEFAULT_ACTIVITY).strip()
            or DEFAULT_ACTIVITY,
        )


def default_actor() -> str:
    """$PROSCRIBE_USER, else the operating-system user: who the CLI acts as unless told."""
    name = os.environ.get("PROSCRIBE_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
