"""Titles and honorifics before a person's name (Mr, Dr, Sheikh, Haji, Mullah, General...).

Lists put titles in a separate field or drop them, queries add them, and
the eval's perturbed names prefix them, so they are removed from the tokens
that are compared and reported separately. The table
(``data/honorifics.yaml``) has spellings in several languages and scripts;
titles that are also common given names or surnames (Amir, Sayed, Major)
are `weak` and removed only when two name tokens remain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from proscribe.text.phrases import PhraseTable
from proscribe.text.resources import load_yaml


@dataclass(frozen=True, slots=True)
class Honorifics:
    """What `strip_honorifics` removed and what is left."""

    tokens: tuple[str, ...]
    removed: tuple[str, ...]
    count: int  # how many leading tokens were removed


@cache
def _table() -> PhraseTable:
    groups = load_yaml("honorifics.yaml")["honorifics"]
    return PhraseTable.build((name, spec["spellings"]) for name, spec in groups.items())


@cache
def _weak() -> frozenset[str]:
    groups = load_yaml("honorifics.yaml")["honorifics"]
    return frozenset(name for name, spec in groups.items() if spec.get("weak"))


def might_be_honorific(token: str) -> bool:
    """False when no title starts with this folded token (a cheap pre-check)."""
    return token in _table().first


def honorific_of(tokens: Sequence[str]) -> str | None:
    """The honorific id whose spelling is exactly `tokens` (folded), if any."""
    return _table().phrases.get(tuple(tokens))


def strip_honorifics(
    tokens: Sequence[str], units: Callable[[int], int] | None = None
) -> Honorifics:
    """Remove leading titles from folded name tokens.

    Only leading titles go: inside a name a title-like word is part of the
    name as listed (Abd al-Tawwab Mullah Huwaysh). At least one name unit
    always remains, two when the title is weak. `units(start)` counts the
    name units in `tokens[start:]` (default: tokens); name analysis counts
    "Abd Allah" as one unit, as "Abdullah" is.
    """
    table = _table()
    weak = _weak()
    removed: list[str] = []
    start = 0
    while start < len(tokens):
        found = table.match_start(tokens, start)
        if found is None:
            break
        group, size = found
        remaining = units(start + size) if units is not None else len(tokens) - start - size
        if remaining < (2 if group in weak else 1):
            break
        removed.append(group)
        start += size
    return Honorifics(tuple(tokens[start:]), tuple(removed), start)
