"""A vowel-keeping phonetic form of a Latin token, complementing text's consonant keys.

`proscribe.text.keys.token_key` reduces a token to its consonant classes
(Mohammed, Muhammad and Mahmud all give "mhmd"): ideal for recall and for
comparing with a romanised Arabic-script name, but too coarse to tell two
Latin spellings apart. `phonetic` collapses only the spelling alternatives
romanisations produce (Aleksei/Alexey, Yevgeny/Evgeniy, Kouznetsov/Kuznetsov,
Mohammed/Mohamed) and keeps the vowels, so an edit distance on it still
separates Muhammad from Mahmud. `vowel_slots` splits a spelling into its
consonant classes and the vowels that follow each, so two spellings with the
same consonants can be compared vowel by vowel.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Rewrite rules, applied in order to a lower-case ASCII token.
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"^ye", "e"),  # Yevgeny / Evgeny (Russian Е)
        (r"^yu", "iu"),
        (r"^ya", "ia"),
        (r"ck|q|c(?=[aou])|c$", "k"),
        (r"tsch|tch|ch", "c"),
        (r"dzh|dj|zh", "j"),
        (r"sch|sh", "s"),
        (r"kh", "h"),
        (r"ph", "f"),
        (r"([bdgt])h", r"\1"),  # dh, th, gh, bh: aspiration marks
        (r"ts|tz", "c"),
        (r"x", "ks"),
        (r"w", "v"),
        (r"ou|oo|uu", "u"),
        (r"ee|ii|ie|ei|ey|iy|yi|ij|y", "i"),
        (r"aa", "a"),
        (r"([a-z])\1+", r"\1"),  # doubled letters
        (r"(?<=[aeiou])h$", ""),  # Abdullah / Abdulla
    )
)

# Consonant classes used to line up the vowels of two spellings.
LATIN_CLASS = {
    "b": "b", "p": "b",
    "t": "t", "d": "d",
    "s": "s", "z": "z", "c": "s",
    "k": "k", "g": "g", "j": "g",
    "f": "f", "v": "f",
    "h": "h", "l": "l", "m": "m", "n": "n", "r": "r",
}  # fmt: skip


@lru_cache(maxsize=262_144)
def phonetic(token: str) -> str:
    """A lower-case ASCII token with romanisation variants collapsed, vowels kept."""
    if not token.isascii():
        return token
    out = token
    for pattern, repl in _PHONETIC_RULES:
        out = pattern.sub(repl, out)
    return out or token


def vowel_slots(spelling: str, vowels: str = "aeiou") -> tuple[str, list[str]]:
    """Consonant classes of a phonetic spelling and the vowels after each (slot 0: before the first)."""
    cons: list[str] = []
    after: list[str] = [""]
    prev: str | None = None
    for ch in spelling:
        if ch in vowels:
            after[-1] += ch
            prev = None
            continue
        cls = LATIN_CLASS.get(ch, ch)
        if cls == prev:
            continue
        cons.append(cls)
        after.append("")
        prev = cls
    return "".join(cons), after
