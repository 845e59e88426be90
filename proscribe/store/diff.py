"""What changed between two snapshots of a list, down to the field.

Analysts reviewing a list update need "3 added, 1 removed, 12 changed, and
for each change: names: added aka 'X'". The store finds added, removed and
changed entities in SQL by comparing content hashes, so the thousands of
unchanged entities are never loaded; only changed pairs are decoded and
compared field by field from their canonical JSON.

List-valued fields are compared as multisets of items (a name moving from
second to third place is not a change of names); when only the order moved,
the field is reported as reordered so a changed hash never shows no change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from sqlalchemy import Connection, and_, exists, func, select

from proscribe.model.codec import canonical_json
from proscribe.store.models import Snapshot
from proscribe.store.schema import entity_versions, snapshot_entities

ChangeKind = Literal["items", "scalar", "order"]

# Fields in the order a reviewer reads them; fields not named here follow alphabetically.
FIELD_ORDER = (
    "schema",
    "source_id",
    "gender",
    "names",
    "birth_dates",
    "death_dates",
    "birth_places",
    "nationalities",
    "citizenships",
    "countries",
    "addresses",
    "identifiers",
    "titles",
    "positions",
    "designations",
    "relations",
    "remarks",
    "properties",
)
_TEXT_LIMIT = 80


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's change: the items added and removed, or a scalar's old and new value.

    For a scalar field `removed` holds the old value and `added` the new one
    (an empty list where there was none). `kind="order"` means the same items
    in a different order.
    """

    field: str
    kind: ChangeKind
    added: list[Any] = dataclass_field(default_factory=list)
    removed: list[Any] = dataclass_field(default_factory=list)

    def describe(self) -> str:
        if self.kind == "order":
            return f"{self.field}: reordered"
        if self.kind == "scalar":
            old = _text(self.removed[0]) if self.removed else "none"
            new = _text(self.added[0]) if self.added else "none"
            return f"{self.field}: {old} -> {new}"
        if len(self.added) == 1 and len(self.removed) == 1:
            return f"{self.field}: {_replacement(self.field, self.removed[0], self.added[0])}"
        parts = []
        if self.added:
            parts.append("added " + ", ".join(describe_item(self.field, v) for v in self.added))
        if self.removed:
            parts.append("removed " + ", ".join(describe_item(self.field, v) for v in self.removed))
        return f"{self.field}: " + "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind,
            "added": self.added,
            "removed": self.removed,
            "description": self.describe(),
        }


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """An entity that appeared in or disappeared from a list, named enough to recognise it."""

    entity_id: str
    source_id: str
    schema: str
    caption: str
    content_hash: str

    def describe(self) -> str:
        return f"{self.caption} [{self.entity_id}] ({self.schema})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "source_id": self.source_id,
            "schema": self.schema,
            "caption": self.caption,
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True, slots=True)
class EntityChange:
    """An entity present in both snapshots whose content differs; `caption` is the newer one."""

    entity_id: str
    source_id: str
    schema: str
    caption: str
    old_hash: str
    new_hash: str
    changes: list[FieldChange]

    def describe(self) -> list[str]:
        """One line per changed field, e.g. `names: added aka 'X'`."""
        return [c.describe() for c in self.changes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "source_id": self.source_id,
            "schema": self.schema,
            "caption": self.caption,
            "old_hash": self.old_hash,
            "new_hash": self.new_hash,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    """The difference from `from_snapshot` (None: an empty list) to `to_snapshot`."""

    source: str
    from_snapshot: Snapshot | None
    to_snapshot: Snapshot
    added: list[EntitySummary]
    removed: list[EntitySummary]
    changed: list[EntityChange]
    unchanged: int

    @property
    def from_id(self) -> int | None:
        return self.from_snapshot.id if self.from_snapshot else None

    @property
    def to_id(self) -> int:
        return self.to_snapshot.id

    def summary(self) -> str:
        old = f"#{self.from_snapshot.id}" if self.from_snapshot else "(nothing)"
        return (
            f"{self.source} {old} -> #{self.to_snapshot.id}: {len(self.added)} added, "
            f"{len(self.removed)} removed, {len(self.changed)} changed, {self.unchanged} unchanged"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "from_snapshot": self.from_snapshot.to_dict() if self.from_snapshot else None,
            "to_snapshot": self.to_snapshot.to_dict(),
            "added": [e.to_dict() for e in self.added],
            "removed": [e.to_dict() for e in self.removed],
            "changed": [c.to_dict() for c in self.changed],
            "unchanged": self.unchanged,
        }


def diff_snapshots(conn: Connection, old: Snapshot | None, new: Snapshot) -> SnapshotDiff:
    """Compare two snapshots of one source; unchanged entities are matched by hash in SQL."""
    new_se = snapshot_entities.alias("n")
    old_se = snapshot_entities.alias("o")
    old_id = old.id if old is not None else -1

    added = list(_only_in(conn, new.id, old_id))
    removed = list(_only_in(conn, old_id, new.id)) if old is not None else []

    old_ev = entity_versions.alias("ov")
    new_ev = entity_versions.alias("nv")
    pairs = conn.execute(
        select(
            new_se.c.entity_id,
            new_se.c.source_id,
            new_ev.c.schema,
            new_ev.c.caption,
            old_se.c.content_hash,
            new_se.c.content_hash,
            old_ev.c.data,
            new_ev.c.data,
        )
        .select_from(new_se)
        .join(
            old_se,
            and_(
                old_se.c.snapshot_id == old_id,
                old_se.c.entity_id == new_se.c.entity_id,
                old_se.c.content_hash != new_se.c.content_hash,
            ),
        )
        .join(old_ev, old_ev.c.content_hash == old_se.c.content_hash)
        .join(new_ev, new_ev.c.content_hash == new_se.c.content_hash)
        .where(new_se.c.snapshot_id == new.id)
        .order_by(new_se.c.position)
    )
    changed = [
        EntityChange(
            entity_id=entity_id,
            source_id=source_id,
            schema=schema,
            caption=caption,
            old_hash=old_hash,
            new_hash=new_hash,
            changes=field_changes(json.loads(old_data), json.loads(new_data)),
        )
        for entity_id, source_id, schema, caption, old_hash, new_hash, old_data, new_data in pairs
    ]
    unchanged = conn.execute(
        select(func.count())
        .select_from(new_se)
        .join(
            old_se,
            and_(
                old_se.c.snapshot_id == old_id,
                old_se.c.entity_id == new_se.c.entity_id,
                old_se.c.content_hash == new_se.c.content_hash,
            ),
        )
        .where(new_se.c.snapshot_id == new.id)
    ).scalar_one()
    return SnapshotDiff(new.source, old, new, added, removed, changed, int(unchanged))


def _only_in(conn: Connection, snapshot_id: int, other_id: int) -> Iterator[EntitySummary]:
    se = snapshot_entities.alias("se")
    other = snapshot_entities.alias("other")
    rows = conn.execute(
        select(
            se.c.entity_id,
            se.c.source_id,
            entity_versions.c.schema,
            entity_versions.c.caption,
            se.c.content_hash,
        )
        .select_from(se)
        .join(entity_versions, entity_versions.c.content_hash == se.c.content_hash)
        .where(
            se.c.snapshot_id == snapshot_id,
            ~exists().where(other.c.snapshot_id == other_id, other.c.entity_id == se.c.entity_id),
        )
        .order_by(se.c.position)
    )
    for entity_id, source_id, schema, caption, content_hash in rows:
        yield EntitySummary(entity_id, source_id, schema, caption, content_hash)


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Field-level changes between two canonical entity dicts (`entity_to_dict(provenance=False)`)."""
    keys = set(old) | set(new)
    ordered = [k for k in FIELD_ORDER if k in keys] + sorted(keys - set(FIELD_ORDER))
    out: list[FieldChange] = []
    for key in ordered:
        out.extend(_compare(key, old.get(key), new.get(key)))
    return out


def _compare(name: str, old: Any, new: Any) -> list[FieldChange]:
    if old == new:
        return []
    if isinstance(old, dict) or isinstance(new, dict):
        old_d, new_d = old or {}, new or {}
        out: list[FieldChange] = []
        for key in sorted(set(old_d) | set(new_d)):
            out.extend(_compare(f"{name}.{key}", old_d.get(key), new_d.get(key)))
        return out
    if isinstance(old, list) or isinstance(new, list):
        return [_compare_items(name, old or [], new or [])]
    return [FieldChange(name, "scalar", [] if new is None else [new], [] if old is None else [old])]


def _compare_items(name: str, old: list[Any], new: list[Any]) -> FieldChange:
    old_keys = Counter(canonical_json(v) for v in old)
    new_keys = Counter(canonical_json(v) for v in new)
    added_keys = new_keys - old_keys
    removed_keys = old_keys - new_keys
    added = _pick(new, added_keys)
    removed = _pick(old, removed_keys)
    if not added and not removed:
        return FieldChange(name, "order")
    return FieldChange(name, "items", added, removed)


def _pick(items: list[Any], wanted: Counter[str]) -> list[Any]:
    """The items whose canonical form is in `wanted`, in their list order, with multiplicity."""
    left = Counter(wanted)
    out = []
    for item in items:
        key = canonical_json(item)
        if left[key] > 0:
            left[key] -= 1
            out.append(item)
    return out


def describe_item(field_name: str, item: Any) -> str:
    """A short human form of one item of a field, as a reviewer would name it."""
    base = field_name.split(".", 1)[0]
    if not isinstance(item, dict):
        return _text(item)
    if base == "names":
        script = f" [{item['script']}]" if item.get("script") else ""
        return f"{item.get('kind', 'primary')} {_text(item.get('full', ''))}{script}"
    if base in ("birth_dates", "death_dates"):
        value = item.get("value", "")
        if item.get("end"):
            value += f" to {item['end']}"
        if item.get("circa"):
            value = f"circa {value}"
        return value or _text(item.get("text", ""))
    if base == "birth_places":
        return _text(item.get("text", "")) + (
            f" ({item['country']})" if item.get("country") else ""
        )
    if base == "addresses":
        parts = [item.get(k) for k in ("street", "city", "postal_code", "region", "country_name")]
        text = item.get("full") or ", ".join(p for p in parts if p)
        return _text(text or "") + (f" ({item['country']})" if item.get("country") else "")
    if base == "identifiers":
        country = f" ({item['country']})" if item.get("country") else ""
        return f"{item.get('type', 'other')} {item.get('number', '')}{country}"
    if base == "designations":
        if item.get("programme"):
            return f"programme {item['programme']}"
        return f"{item.get('authority', '')} designation"
    if base == "relations":
        target = item.get("target_id") or _text(item.get("target_name", ""))
        role = f" ({item['role']})" if item.get("role") else ""
        return f"{item.get('kind', 'other')} {target}{role}"
    return canonical_json(item)


def _replacement(field_name: str, old: Any, new: Any) -> str:
    """`old -> new`, naming the differing attributes when the short forms look alike."""
    before, after = describe_item(field_name, old), describe_item(field_name, new)
    if before != after or not (isinstance(old, dict) and isinstance(new, dict)):
        return f"{before} -> {after}"
    details = [
        f"{key} {_text(old.get(key)) if key in old else 'none'} -> {_text(new.get(key)) if key in new else 'none'}"
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]
    return f"{before}: " + ", ".join(details)


def _text(value: Any) -> str:
    if isinstance(value, str):
        short = value if len(value) <= _TEXT_LIMIT else value[: _TEXT_LIMIT - 1] + "…"
        return f"'{short}'"
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return canonical_json(value)
