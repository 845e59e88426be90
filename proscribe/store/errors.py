"""Errors of the store itself (as opposed to a bad list file, which is a ListError)."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked: unknown snapshot, database newer than this code, ..."""


class NotFoundError(StoreError, KeyError):
    """A snapshot or source the store does not hold (a KeyError, so lookups can catch it as one)."""

    def __str__(self) -> str:
        # KeyError quotes its argument; this message is meant for people.
        return str(self.args[0]) if self.args else ""


class InvalidRequestError(StoreError, ValueError):
    """A request that contradicts itself, e.g. diffing snapshots of two different sources."""
