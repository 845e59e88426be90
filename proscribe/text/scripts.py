"""Which writing system a name is written in.

Matching needs the script to pick a romanisation (Arabic and Cyrillic need
different rules) and to record `Name.script`. The Unicode Script property
comes from rigour's compiled core (a pinned dependency); this module maps
its names to ISO 15924 codes, which is what the data model stores, and
caches the answer per character because screening looks at every character
of every name.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from rigour._core import codepoint_script

# Unicode Script property value -> ISO 15924 code.
_ISO15924: dict[str, str] = {
    "Latin": "Latn",
    "Cyrillic": "Cyrl",
    "Arabic": "Arab",
    "Hebrew": "Hebr",
    "Greek": "Grek",
    "Georgian": "Geor",
    "Armenian": "Armn",
    "Han": "Hani",
    "Hiragana": "Hira",
    "Katakana": "Kana",
    "Hangul": "Hang",
    "Bopomofo": "Bopo",
    "Ethiopic": "Ethi",
    "Thai": "Thai",
    "Lao": "Laoo",
    "Khmer": "Khmr",
    "Myanmar": "Mymr",
    "Tibetan": "Tibt",
    "Mongolian": "Mong",
    "Devanagari": "Deva",
    "Bengali": "Beng",
    "Gurmukhi": "Guru",
    "Gujarati": "Gujr",
    "Oriya": "Orya",
    "Tamil": "Taml",
    "Telugu": "Telu",
    "Kannada": "Knda",
    "Malayalam": "Mlym",
    "Sinhala": "Sinh",
    "Syriac": "Syrc",
    "Thaana": "Thaa",
    "Tifinagh": "Tfng",
    "Nko": "Nkoo",
    "Cherokee": "Cher",
    "Canadian_Aboriginal": "Cans",
    "Yi": "Yiii",
    "Javanese": "Java",
    "Balinese": "Bali",
    "Sundanese": "Sund",
    "Tagalog": "Tglg",
    "Coptic": "Copt",
    "Vai": "Vaii",
    "Ol_Chiki": "Olck",
    "Samaritan": "Samr",
    "Mandaic": "Mand",
    "Adlam": "Adlm",
    "Hanifi_Rohingya": "Rohg",
    "Runic": "Runr",
    "Ogham": "Ogam",
    "Braille": "Brai",
}

# Scripts with no letters of their own: digits, punctuation, combining marks.
_NEUTRAL = frozenset({"Common", "Inherited", "Unknown"})

# Per-character cache; the set of distinct characters seen in names is small.
# The kana prolonged-sound mark is "Common" in Unicode (both kana use it) but
# is part of a kana word for romanisation purposes.
_CHAR_SCRIPT: dict[str, str | None] = {"ー": "Kana"}


def char_script(char: str) -> str | None:
    """ISO 15924 code of one character, or None for script-neutral characters.

    Digits, spaces, punctuation and combining marks belong to no script here,
    so that "Al-Qadi 2" is plain Latin. Scripts without a table entry get
    "Zzzz" (uncoded) rather than a guessed code.
    """
    try:
        return _CHAR_SCRIPT[char]
    except KeyError:
        pass
    name = codepoint_script(ord(char)) if len(char) == 1 else None
    code: str | None
    code = None if name is None or name in _NEUTRAL else _ISO15924.get(name, "Zzzz")
    _CHAR_SCRIPT[char] = code
    return code


def script_counts(text: str) -> Counter[str]:
    """How many characters of each script `text` has (neutral characters not counted)."""
    counts: Counter[str] = Counter()
    if text.isascii():
        letters = sum(1 for ch in text if ch.isalpha())
        if letters:
            counts["Latn"] = letters
        return counts
    for ch in text:
        code = char_script(ch)
        if code is not None:
            counts[code] += 1
    return counts


def dominant_script(text: str) -> str | None:
    """The script most of the letters of `text` are written in, as ISO 15924.

    Japanese and Korean are reported as the writing systems the data model
    uses for them: any kana makes a name "Jpan" (kanji mixed with kana), any
    Hangul makes it "Kore". Han alone is "Hani" (Chinese, or Japanese written
    in kanji only, which cannot be told apart). Returns None when the text
    has no letters at all.
    """
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else None
    counts = script_counts(text)
    if not counts:
        return None
    if counts.get("Hira") or counts.get("Kana"):
        cjk = counts.get("Hira", 0) + counts.get("Kana", 0) + counts.get("Hani", 0)
        if cjk >= max(counts.values()):
            return "Jpan"
    if counts.get("Hang"):
        cjk = counts.get("Hang", 0) + counts.get("Hani", 0)
        if cjk >= max(counts.values()):
            return "Kore"
    return counts.most_common(1)[0][0]


def is_latin(text: str) -> bool:
    """True when every letter of `text` is Latin (or it has no letters)."""
    if text.isascii():
        return True
    return all(char_script(ch) in (None, "Latn") for ch in text)


def script_runs(text: str) -> list[tuple[str | None, str]]:
    """Split `text` into maximal runs of one script, in order.

    Combining marks stay with the letter before them (a stress mark inside a
    Cyrillic word, harakat inside an Arabic word), so a word is never cut
    in two by its own diacritics. Script-neutral characters (spaces,
    punctuation, digits) form runs with script None.
    """
    runs: list[tuple[str | None, str]] = []
    current: str | None = None
    start = 0
    for i, ch in enumerate(text):
        code = char_script(ch)
        if code is None and i > start and current is not None and _is_mark(ch):
            continue
        if i == 0:
            current = code
            continue
        if code != current:
            runs.append((current, text[start:i]))
            start = i
            current = code
    if text:
        runs.append((current, text[start:]))
    return runs


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"
