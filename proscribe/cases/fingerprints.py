"""What "changed in a way that matters" means for a cleared pair: names, birth dates, identifiers.

A false-positive decision holds for the facts the reviewer saw. When a list
entry gains an alias, a birth date or a passport number, or the customer's
name, birth date or document changes, the earlier reasoning may no longer
hold and the pair must be looked at again. Other changes (a new address, a
remark, a programme added) do not reopen it: the identity question is the
same.

Facts are normalised before hashing (case, spacing, punctuation of numbers,
order), so a list re-publishing the same entry with different casing or
alias order does not lift a suppression.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from proscribe.match.query import Query
from proscribe.model import PartialDate
from proscribe.model.codec import canonical_json

_ID_JUNK = re.compile(r"[^0-9a-z]+")
Facts = dict[str, list[str]]


def _name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _number(text: str) -> str:
    return _ID_JUNK.sub("", unicodedata.normalize("NFKC", text).casefold())


def _date(value: str, end: str | None = None, circa: bool = False) -> str:
    return ("~" if circa else "") + value + (f"..{end}" if end else "")


def _facts(names: Iterable[str], dates: Iterable[str], numbers: Iterable[str]) -> Facts:
    return {
        "names": sorted({n for n in (_name(x) for x in names) if n}),
        "birth_dates": sorted({d for d in dates if d}),
        "identifiers": sorted({n for n in (_number(x) for x in numbers) if n}),
    }


def entity_facts(data: dict[str, Any]) -> Facts:
    """The material facts of a stored entity (its canonical dict, as `entity_versions.data` holds)."""
    names = [n.get("full", "") for n in data.get("names", [])]
    dates = [
        _date(d.get("value", ""), d.get("end"), bool(d.get("circa")))
        for d in data.get("birth_dates", [])
    ]
    numbers = [i.get("number", "") for i in data.get("identifiers", [])]
    return _facts(names, dates, numbers)


def entity_facts_json(text: str) -> Facts:
    return entity_facts(json.loads(text))


def query_facts(query: Query) -> Facts:
    """The material facts of a screened party (a customer or a one-off query)."""
    dob: PartialDate | None = query.birth_date
    dates = [_date(dob.value, dob.end, dob.circa)] if dob is not None else []
    return _facts([query.name], dates, query.identifiers)


def material_hash(facts: Facts) -> str:
    return hashlib.sha256(canonical_json(facts).encode()).hexdigest()


def changed_fields(old: Facts, new: Facts) -> list[str]:
    """Which material fields differ, in reading order (names, birth_dates, identifiers)."""
    return [k for k in ("names", "birth_dates", "identifiers") if old.get(k, []) != new.get(k, [])]
