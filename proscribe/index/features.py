"""Token facts for bulk similarity, as arrays: computed once per vocabulary, gathered per query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from proscribe.index.forms import Role, Token

# Roles compared as plain words (edit distance, phonetic form, consonant key).
PLAIN_ROLES = frozenset({Role.NAME, Role.PARTICLE, Role.PATRONYMIC})


@dataclass(frozen=True, slots=True)
class TokenFeatures:
    """What `similarity_matrix` needs of a set of tokens, as lists and arrays.

    A candidate index computes these once for its whole vocabulary and
    gathers the columns a query needs (`take`), instead of rebuilding
    thousands of small Python objects per query.
    """

    tokens: Callable[[int], Token]
    text: list[str]
    phon: list[str]
    skel: list[str]
    length: np.ndarray
    phon_length: np.ndarray
    first: np.ndarray
    skel_id: np.ndarray
    skel_long: np.ndarray
    plain: np.ndarray
    abjad: np.ndarray
    patronymic: np.ndarray

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> TokenFeatures:
        text = [t.text for t in tokens]
        phon = [t.phon for t in tokens]
        skel = [t.skel for t in tokens]
        return cls(
            tokens.__getitem__,
            text,
            phon,
            skel,
            np.fromiter(map(len, text), dtype=np.int64, count=len(text)),
            np.fromiter(map(len, phon), dtype=np.int64, count=len(phon)),
            np.fromiter((ord(x[0]) if x else -1 for x in text), dtype=np.int64, count=len(text)),
            np.fromiter(map(hash, skel), dtype=np.int64, count=len(skel)),
            np.fromiter((len(k) >= 4 for k in skel), dtype=bool, count=len(skel)),
            np.fromiter((t.role in PLAIN_ROLES for t in tokens), dtype=bool, count=len(text)),
            np.fromiter((t.abjad for t in tokens), dtype=bool, count=len(text)),
            np.fromiter((t.role is Role.PATRONYMIC for t in tokens), dtype=bool, count=len(text)),
        )

    def take(self, positions: Sequence[int]) -> TokenFeatures:
        """The features of the tokens at `positions`, in that order."""
        at = np.asarray(positions, dtype=np.int64)
        pick = [int(p) for p in positions]
        get = self.tokens
        return TokenFeatures(
            lambda k: get(pick[k]),
            [self.text[p] for p in pick],
            [self.phon[p] for p in pick],
            [self.skel[p] for p in pick],
            self.length[at],
            self.phon_length[at],
            self.first[at],
            self.skel_id[at],
            self.skel_long[at],
            self.plain[at],
            self.abjad[at],
            self.patronymic[at],
        )

    def __len__(self) -> int:
        return len(self.text)
