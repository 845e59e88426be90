"""A small interpreter for letter-table romanisation systems.

Cyrillic, Greek, Armenian, Georgian and Hebrew romanisation systems are
mostly "this letter (or letter pair) becomes these Latin letters", with a
few positional exceptions: word-initial (Russian е -> ye in BGN, Armenian
ո -> vo), after a vowel (BGN е -> ye), word-final (Russian -ий -> -iy).
Writing each system as data (see ``data/*.yaml``) and interpreting it here
keeps the systems reviewable and lets one script have several systems that
share most of their letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LetterRules:
    """One romanisation system: letter keys (one or more characters) to Latin.

    Lookups are on lower-case letters; `romanise_word` restores the case of
    the source word (Шевченко -> Shevchenko, ШЕВЧЕНКО -> SHEVCHENKO).
    """

    letters: Mapping[str, str]
    initial: Mapping[str, str]
    after_vowel: Mapping[str, str]
    final: Mapping[str, str]
    vowels: frozenset[str]
    max_len: int

    @classmethod
    def from_tables(
        cls, tables: Mapping[str, Any], vowels: str | frozenset[str] = ""
    ) -> LetterRules:
        """Build from a mapping with `letters` and optional `initial`/`after_vowel`/`final`."""
        parts = {
            key: {str(k): str(v) for k, v in (tables.get(key) or {}).items()}
            for key in ("letters", "initial", "after_vowel", "final")
        }
        keys = [k for table in parts.values() for k in table]
        return cls(
            letters=parts["letters"],
            initial=parts["initial"],
            after_vowel=parts["after_vowel"],
            final=parts["final"],
            vowels=frozenset(vowels),
            max_len=max((len(k) for k in keys), default=1),
        )

    def overlay(self, tables: Mapping[str, Any] | None) -> LetterRules:
        """A copy with the entries of `tables` replacing or adding to this system's."""
        if not tables:
            return self
        merged: dict[str, dict[str, str]] = {
            "letters": dict(self.letters),
            "initial": dict(self.initial),
            "after_vowel": dict(self.after_vowel),
            "final": dict(self.final),
        }
        for key, table in merged.items():
            for k, v in (tables.get(key) or {}).items():
                table[str(k)] = str(v)
        return LetterRules.from_tables(merged, self.vowels)

    def romanise_word(self, word: str) -> str:
        """Romanise one word (a run of letters of this system's script)."""
        lower = word.lower()
        out = self._romanise_lower(lower)
        if not out or lower == word:
            return out
        if word.isupper() and len(word) > 1:
            return out.upper()
        if word[0].isupper():
            return out[0].upper() + out[1:]
        return out

    def _romanise_lower(self, word: str) -> str:
        out: list[str] = []
        i = 0
        n = len(word)
        while i < n:
            for size in range(min(self.max_len, n - i), 0, -1):
                piece = word[i : i + size]
                value = self._lookup(piece, i, i + size == n, i > 0 and word[i - 1] in self.vowels)
                if value is not None:
                    out.append(value)
                    i += size
                    break
            else:
                out.append(word[i])
                i += 1
        return "".join(out)

    def _lookup(self, piece: str, start: int, at_end: bool, after_vowel: bool) -> str | None:
        if at_end and piece in self.final:
            return self.final[piece]
        if start == 0 and piece in self.initial:
            return self.initial[piece]
        if after_vowel and piece in self.after_vowel:
            return self.after_vowel[piece]
        return self.letters.get(piece)
