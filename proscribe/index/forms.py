"""Comparable tokens: the unit the index files names under and the matcher compares.

A token keeps three forms of one folded Latin word: the text itself, a
vowel-keeping phonetic form (`phonetic`) and the consonant key of
`proscribe.text.keys`. A token romanised from a script that does not write
short vowels (Arabic, Persian, Urdu, Hebrew) is flagged `abjad`: its
consonants are reliable, its vowels are guesses, and the matcher compares it
accordingly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from proscribe.index.phonetic import phonetic
from proscribe.text.keys import token_key


class Role(IntEnum):
    """What a token is within its name; drives its weight and how it may match."""

    NAME = 0
    PARTICLE = 1  # al, bin, abu, van, de: part of the name, weak evidence
    LEGAL = 2  # a legal form's class (llc, jsc): hardly evidence
    INITIAL = 3  # a single letter standing for a given name
    NUMBER = 4  # digits: vessel 1 is not vessel 2
    TITLE = 5  # an honorific kept in the name: hardly evidence
    PATRONYMIC = 6  # Viktorovich, Ivanovna: shared by siblings, often left out


@dataclass(frozen=True, slots=True)
class Token:
    """One comparable token: `text` (folded Latin), `phon` (phonetic), `skel` (consonant key)."""

    text: str
    phon: str
    skel: str
    role: Role = Role.NAME
    abjad: bool = False

    @classmethod
    def make(cls, text: str, role: Role = Role.NAME, abjad: bool = False) -> Token:
        return _make(text, role, abjad)

    @property
    def key(self) -> str:
        """The token's identity in vocabularies."""
        return ("~" if self.abjad else "") + self.text + "\x00" + str(int(self.role))


@lru_cache(maxsize=262_144)
def _make(text: str, role: Role, abjad: bool) -> Token:
    if role is Role.NUMBER or role is Role.LEGAL:
        return Token(text, text, text, role, False)
    return Token(text, phonetic(text), token_key(text), role, abjad)


@lru_cache(maxsize=65_536)
def join(a: Token, b: Token) -> Token:
    """Two adjacent tokens written as one word (Abdul Rahman -> Abdulrahman)."""
    return _make(a.text + b.text, Role.NAME, a.abjad or b.abjad)


_JOINABLE = (Role.NAME, Role.PARTICLE, Role.PATRONYMIC)


_JOINABLE_CODES = frozenset(int(r) for r in _JOINABLE)


def spans(roles: Sequence[Role]) -> list[tuple[int, ...]]:
    """Runs of adjacent tokens that may be read as one word.

    Two adjacent name words or particles (Abdul Rahman, Chun Il, Al Qaida),
    and three when the middle one is a particle (Abd al Hai -> Abdulhai).
    """
    return list(spans_of_codes(tuple(int(r) for r in roles)))


@lru_cache(maxsize=4096)
def spans_of_codes(codes: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """`spans` for role codes (as stored in the index); cached, the patterns are few."""
    out: list[tuple[int, ...]] = []
    n = len(codes)
    for i in range(n - 1):
        if codes[i] in _JOINABLE_CODES and codes[i + 1] in _JOINABLE_CODES:
            out.append((i, i + 1))
            if i + 2 < n and codes[i + 1] == Role.PARTICLE and codes[i + 2] in _JOINABLE_CODES:
                out.append((i, i + 1, i + 2))
    return tuple(out)


def join_span(tokens: Sequence[Token], span: tuple[int, ...]) -> Token:
    joined = tokens[span[0]]
    for k in span[1:]:
        joined = join(joined, tokens[k])
    return joined
