"""Versioned, content-addressed snapshots of imported lists, and diffs between them.

from proscribe.sources.registry import open_list
from proscribe.store import Store

with Store.open() as store:
    result = store.import_list(open_list(path))
    print(store.diff(result.snapshot.source).summary())
"""

from proscribe.store.diff import EntityChange, EntitySummary, FieldChange, SnapshotDiff
from proscribe.store.errors import InvalidRequestError, NotFoundError, StoreError
from proscribe.store.models import EntityVersionRef, ImportResult, Snapshot
from proscribe.store.store import Store

__all__ = [
    "EntityChange",
    "EntitySummary",
    "EntityVersionRef",
    "FieldChange",
    "ImportResult",
    "InvalidRequestError",
    "NotFoundError",
    "Snapshot",
    "SnapshotDiff",
    "Store",
    "StoreError",
]
