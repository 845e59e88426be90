"""Finding table phrases (titles, legal forms) at the edges of a token list.

Honorifics and legal forms are both multi-word phrases from a table
("lieutenant general", "sp z o o", "общество с ограниченной
ответственностью") that sit at the start or end of a name. The table is
indexed by its phrases' folded token tuples so that a lookup is a few dict
probes, whatever the table's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from proscribe.text.normalize import fold


@dataclass(frozen=True, slots=True)
class PhraseTable:
    """Folded phrase (as a token tuple) -> the id of its group."""

    phrases: dict[tuple[str, ...], str]
    longest: int
    first: frozenset[str]  # first tokens of the phrases: a cheap "could match here" test
    last: frozenset[str]  # last tokens of the phrases

    @classmethod
    def build(cls, groups: Iterable[tuple[str, Iterable[str]]]) -> PhraseTable:
        """Index `(id, spellings)` pairs; spellings are folded here."""
        phrases: dict[tuple[str, ...], str] = {}
        for group, spellings in groups:
            for spelling in spellings:
                tokens = tuple(fold(str(spelling)).split())
                if tokens:
                    phrases.setdefault(tokens, group)
        return cls.of(phrases)

    @classmethod
    def of(cls, phrases: dict[tuple[str, ...], str]) -> PhraseTable:
        """A table of already folded phrases."""
        return cls(
            phrases,
            max((len(p) for p in phrases), default=0),
            frozenset(p[0] for p in phrases),
            frozenset(p[-1] for p in phrases),
        )

    def match_start(self, tokens: Sequence[str], start: int = 0) -> tuple[str, int] | None:
        """The longest phrase beginning at `tokens[start]`: (group id, token count)."""
        if start >= len(tokens) or tokens[start] not in self.first:
            return None
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            group = self.phrases.get(tuple(tokens[start : start + size]))
            if group is not None:
                return group, size
        return None

    def match_end(self, tokens: Sequence[str], end: int | None = None) -> tuple[str, int] | None:
        """The longest phrase ending just before `tokens[end]` (default: the end)."""
        stop = len(tokens) if end is None else end
        if stop < 1 or tokens[stop - 1] not in self.last:
            return None
        for size in range(min(self.longest, stop), 0, -1):
            group = self.phrases.get(tuple(tokens[stop - size : stop]))
            if group is not None:
                return group, size
        return None

    def __contains__(self, phrase: object) -> bool:
        return phrase in self.phrases
