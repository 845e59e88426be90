"""Errors of case management, each meant to be shown to the person who caused it.

They subclass the store's errors where the meaning is the same (not found,
invalid request), so the CLI and the API map them to one exit code or HTTP
status each without knowing every module.
"""

from __future__ import annotations

from proscribe.store.errors import InvalidRequestError, NotFoundError, StoreError


class CaseError(StoreError):
    """Base class of case-management errors."""


class AlertNotFoundError(NotFoundError, CaseError):
    """No alert (or customer) with that id."""


class AlertStateError(InvalidRequestError, CaseError):
    """The action does not apply to the alert in its current state (e.g. deciding a closed alert)."""


class FourEyesError(InvalidRequestError, CaseError):
    """A decision that needs a second reviewer was confirmed by the reviewer who proposed it."""


class VersionConflictError(CaseError):
    """The alert changed since the caller read it: someone else acted first. Re-read and retry."""


class CustomerFileError(CaseError, ValueError):
    """A customer file that cannot be imported; names the file and the lines at fault."""

    def __init__(
        self, file: str, problems: list[tuple[int | None, str]], unit: str = "line"
    ) -> None:
        self.file = file
        self.problems = problems
        self.unit = unit
        shown = "; ".join(
            f"{unit} {line}: {msg}" if line is not None else msg for line, msg in problems[:10]
        )
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{file}: {shown}{more}")
