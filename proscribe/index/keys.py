"""Recall keys: the strings under which a name is filed, and their 64-bit hashes.

A name is filed under several keys per token so that every plausible query
finds it (recall first; precision is the scorer's job):

- `t:` the folded token itself;
- `p:` its phonetic form (Aleksei = Alexey, Mohammed ~ Mohamed);
- `s:` its consonant key (`proscribe.text.keys`), often the only key a
  romanised Arabic-script query shares with a Latin spelling, and the key
  with one consonant deleted;
- `d:` the phonetic form with one letter deleted (and the form itself): two
  tokens one typo apart always share one of these (SymSpell's trick);
- `n:` the whole name, word order ignored;
- the same keys for adjacent tokens written as one (Chun Il ~ Chunil,
  Al Qaida ~ Alqaida, Abd al Hai ~ Abdulhai), credited to each of them.

Each key carries a quality: how much a hit on it says, before rarity is
taken into account. Keys are hashed with 64-bit FNV-1a computed by numpy in
bulk, so building an index over millions of names stays fast and a query's
keys hash in microseconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np

from proscribe.index.forms import Role, Token, join_span, spans

Q_EXACT = 1.0
Q_PHONETIC = 0.95
Q_JOINED = 0.9
Q_DELETION = 0.8
Q_SKELETON = 0.7
Q_SKELETON_DELETION = 0.45
Q_WHOLE = 1.0
KEY_WIDTH = 48

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


def hash_keys(keys: Sequence[str]) -> np.ndarray:
    """64-bit FNV-1a of each key's first KEY_WIDTH UTF-8 bytes (zero-padded), as uint64."""
    if not keys:
        return np.zeros(0, dtype=np.uint64)
    if len(keys) <= _SCALAR_BATCH:
        # A query has a few dozen keys, mostly seen before: cached scalar hashes beat
        # KEY_WIDTH vectorised passes.
        return np.fromiter(map(key_hash, keys), dtype=np.uint64, count=len(keys))
    raw = np.array(
        [k.encode("utf-8", "surrogatepass")[:KEY_WIDTH] for k in keys], dtype=f"S{KEY_WIDTH}"
    )
    mat = raw.view(np.uint8).reshape(len(keys), KEY_WIDTH)
    h = np.full(len(keys), _FNV_OFFSET, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in range(KEY_WIDTH):
            h ^= mat[:, col].astype(np.uint64)
            h *= _FNV_PRIME
    return h


_SCALAR_BATCH = 2_000
_MASK64 = (1 << 64) - 1


@lru_cache(maxsize=1_000_000)
def key_hash(key: str) -> int:
    """`hash_keys` of one key, in plain integers (the same value)."""
    data = key.encode("utf-8", "surrogatepass")[:KEY_WIDTH]
    h = int(_FNV_OFFSET)
    prime = int(_FNV_PRIME)
    for byte in data:
        h = ((h ^ byte) * prime) & _MASK64
    # The zero padding: XOR with 0 changes nothing, the multiplication still applies.
    for _ in range(KEY_WIDTH - len(data)):
        h = (h * prime) & _MASK64
    return h


def _deletions(text: str) -> Iterator[str]:
    yield text
    for i in range(len(text)):
        yield text[:i] + text[i + 1 :]


def token_keys(token: Token) -> Iterator[tuple[str, float]]:
    """(key, quality) pairs for one token."""
    if token.role is Role.INITIAL or token.role is Role.TITLE:
        return
    if token.role is Role.NUMBER or token.role is Role.LEGAL:
        yield "t:" + token.text, Q_EXACT
        return
    yield "t:" + token.text, Q_EXACT
    if token.phon != token.text:
        yield "p:" + token.phon, Q_PHONETIC
    if len(token.phon) >= 4:
        for d in _deletions(token.phon):
            yield "d:" + d, Q_DELETION
    if len(token.skel) >= 2:
        yield "s:" + token.skel, Q_SKELETON
    if len(token.skel) >= 4:
        for d in _deletions(token.skel):
            if d != token.skel:
                yield "s:" + d, Q_SKELETON_DELETION


def name_keys(tokens: Sequence[Token]) -> list[list[tuple[str, float]]]:
    """Keys per token position, including the keys of adjacent tokens written as one.

    Each position gets the best quality per key, so a key reached twice
    (by the token and by a join) is counted once.
    """
    slots: list[dict[str, float]] = [{} for _ in tokens]
    for i, tok in enumerate(tokens):
        for key, q in token_keys(tok):
            if q > slots[i].get(key, 0.0):
                slots[i][key] = q
    for span in spans([t.role for t in tokens]):
        joined = join_span(tokens, span)
        for key, q in token_keys(joined):
            q = min(q, Q_JOINED)
            for slot in span:
                if q > slots[slot].get(key, 0.0):
                    slots[slot][key] = q
    return [list(s.items()) for s in slots]


def whole_name_key(tokens: Sequence[Token]) -> str | None:
    """One key for the whole name, order-free: an exact full-name match always ranks first.

    Without it a one-word alias ("Mohammad") ties with every other party
    having that word, and the cut-off of the candidate list is arbitrary.
    """
    words = sorted(t.phon for t in tokens if t.role is not Role.TITLE)
    return "n:" + " ".join(words) if words else None
