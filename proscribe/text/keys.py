"""Phonetic keys that collapse the romanisation variants of one name token.

Lists and queries spell the same name many ways: Mohammed/Muhammad/
Mohamad, Hussein/Husayn/Hocine, Yevgeny/Evgeniy, Abdurrahman/Abdul Rahman,
and an Arabic-script query romanises to a bare consonant skeleton
(محمد -> mhmd) because the script does not write short vowels. A token's
key is what all of these share:

- vowels dropped, except that a word-initial vowel leaves a marker "a"
  (Omar/Umar/Amor -> amr, and Arabic عمر, whose initial ayn is a vowel
  onset, -> amr too); semi-vowels y and w inside a word are vowels (they
  are how romanisations write long vowels: Yousef, Mahmoud/Mahmud), and
  consonants at the start (Yahya, Walid);
- digraphs and letters that transliterations confuse share a class:
  sh/ch/sch/tch (ش ч ш), zh/j/dj/dzh (ж ج), kh/h (х خ ح),
  q/k/ck/hard c/g/gh (ق is q, k or g by region: Qasim/Kacem/Gassim; غ is
  gh or g; Korean 김 is Kim or Gim), th/dh/z (ث ذ ظ ض: Kazim/Kadhim/Kathim),
  soft c/s, v/w at the start of a word (Vladimir/Wladimir), ph/f, p/b
  (Arabic writes p as ب: Paul -> بول; Korean 박 is Park, Pak or Bak);
- doubled letters collapsed, a final h dropped (Abdallah/Abdalla);
- the article assimilated to a sun letter is restored (Abdurrahman ->
  Abdalrahman, Nasreddine -> Nasraldin), so joined and split forms agree;
- a table of spellings the rules cannot join (Mehmet, Gamal, Ihor,
  Brahim; ``data/name_equivalents.yaml``) maps them to one canonical
  spelling before the rules run, and gives a few very common names whose
  skeleton is another common name's their own key (Mahmud is not
  Muhammad, Husayn is not Hasan).

A key is a recall device and a piece of evidence, not proof: distinct
names can share one (Hasan/Husayn both give hsn), so a scorer should use
key equality alongside a string similarity of the tokens themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache

from proscribe.text.resources import load_yaml

_GRAPHEMES = re.compile(
    r"tsch|dsch|sch|tch|tsh|dzh|ch|sh|sz|cz|zh|dj|kh|gh|ph|th|dh|ck|[a-z]|[^a-z]"
)

# Grapheme -> class letter (lower case, so keys read like words).
_CLASS: dict[str, str] = {
    "tsch": "x",
    "sch": "x",
    "tch": "x",
    "tsh": "x",
    "ch": "x",
    "sh": "x",
    "sz": "x",
    "cz": "x",
    "dsch": "j",
    "dzh": "j",
    "zh": "j",
    "dj": "j",
    "j": "j",
    "kh": "h",
    "h": "h",
    "gh": "k",
    "g": "k",
    "q": "k",
    "k": "k",
    "ck": "k",
    "th": "z",
    "s": "s",
    "dh": "z",
    "z": "z",
    "ph": "f",
    "f": "f",
    "v": "v",
    "b": "b",
    "p": "b",
    "d": "d",
    "t": "t",
    "l": "l",
    "m": "m",
    "n": "n",
    "r": "r",
    "x": "ks",
}
_VOWELS = frozenset("aeiouy")
_SOFTENING = frozenset("eiy")
# Initial Ye- before these letters is Russian Е, which lists write E or Ye.
_RUSSIAN_YE = re.compile(r"^ye(?=[vlgkrmsfnzt])")

# Sun-letter assimilation of the article inside a compound, restored.
_ASSIMILATION: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^abd(?:ou|[aeiou])?(sh|th|dh|[rstdzn])\1"), r"abdal\1"),
    (re.compile(r"(?<=[a-z]{2})(?:ou|[aeiou])rr(?=[ae]h?m)"), "alr"),
    (re.compile(r"(?<=[a-z]{2})(?:ou|[aeiou])dd(?:ee|ea|i|y)ne?$"), "aldin"),
)


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, str]:
    """Spelling -> canonical spelling of its group."""
    table: dict[str, str] = {}
    groups: dict[str, list[str]] = load_yaml("name_equivalents.yaml")["groups"]
    for canonical, spellings in groups.items():
        table[canonical] = canonical
        for spelling in spellings:
            table.setdefault(spelling, canonical)
    return table


@lru_cache(maxsize=1)
def _key_overrides() -> dict[str, str]:
    keys: dict[str, str] = load_yaml("name_equivalents.yaml").get("keys", {})
    return keys


def canonical_spelling(token: str) -> str:
    """The canonical spelling of `token`'s equivalence group, or `token` itself."""
    return _equivalents().get(token, token)


@lru_cache(maxsize=262144)
def token_key(token: str) -> str:
    """The phonetic key of one folded Latin token (see the module docstring).

    Tokens that are not plain ASCII letters (digits, text left in a script
    that has no romanisation) are their own key.
    """
    if not token or not token.isascii() or not token.isalpha():
        return token
    word = canonical_spelling(token)
    override = _key_overrides().get(word)
    if override is not None:
        return override
    for pattern, replacement in _ASSIMILATION:
        word = pattern.sub(replacement, word)
    word = _RUSSIAN_YE.sub("e", word)
    graphemes = _GRAPHEMES.findall(word)
    out: list[str] = []
    last = ""
    n = len(graphemes)
    for i, grapheme in enumerate(graphemes):
        cls = _class_of(grapheme, i, graphemes)
        if cls is None:
            continue
        if i == n - 1 and cls == "h" and grapheme == "h" and out:
            break  # final h: Abdallah/Abdalla, Jumah/Juma
        if cls != last:
            out.append(cls)
            last = cls
    key = "".join(out)
    return key or word


def _class_of(grapheme: str, index: int, graphemes: list[str]) -> str | None:
    if grapheme in _VOWELS or grapheme == "w":
        if index != 0:
            return None
        if grapheme == "w":
            return "v"
        if grapheme == "y":
            return "y"
        return "a"
    if grapheme == "c":
        following = graphemes[index + 1] if index + 1 < len(graphemes) else ""
        return "s" if following in _SOFTENING else "k"
    return _CLASS.get(grapheme, grapheme)


def name_keys(tokens: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Keys of a sequence of tokens, aligned with it."""
    return tuple(token_key(token) for token in tokens)
