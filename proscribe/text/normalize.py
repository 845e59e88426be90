"""Folding a string to the form two spellings of one name share.

`fold` is applied to every list name and every query, so it has two hard
requirements: it never raises, whatever Unicode arrives (lone surrogates,
control characters, 10,000-character strings), and it is cheap. It works
per character through a table that fills itself on first sight of each
character, with a pure-ASCII fast path for the common case.

What folding does, and why:

- NFKC, so that compatibility forms (full-width Latin, Arabic presentation
  forms such as ﻣﺤﻤﺪ pasted from PDFs, ligatures) become ordinary letters.
- Case folding (ß -> ss, final sigma -> sigma).
- Diacritics removed from Latin, Greek and Cyrillic letters, because lists
  spell the same person Müller/Muller and Milošević/Milosevic; Cyrillic й
  and ї stay distinct letters (ё -> е, as Russian writes it). Arabic
  harakat and Hebrew points are removed (lists rarely vocalise, and when
  they do the unvocalised form is what queries use). Indic vowel signs are
  letters, not decoration, and are kept.
- Arabic-script letter variants that writers use interchangeably are
  unified (أ/إ/آ -> ا, Persian ی and Arabic ى -> ي, Persian ک -> ك, ة -> ه,
  Urdu ہ/ھ -> ه), and Hebrew final letters -> their ordinary forms.
- Apostrophes, ayn/hamza marks and backticks are removed without a space
  (Sa'id -> said, O'Brien -> obrien, Jama`at -> jamaat): in romanised
  Arabic they stand for a consonant inside the word. Every other
  punctuation mark, symbol and separator becomes a space (Al-Qadi ->
  al qadi). Digits in any script become ASCII digits.
- Format characters (ZWJ/ZWNJ, bidi marks, soft hyphen), unassigned and
  private-use code points and lone surrogates are removed.
"""

from __future__ import annotations

import unicodedata

# Marks removed from any letter: combining diacritics, Cyrillic titlo/stress,
# Arabic harakat, Hebrew points. Other combining marks (Indic vowel signs) stay.
_STRIP_MARK_RANGES: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E8),
    (0x06EA, 0x06ED),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)

# Letters whose accents are decoration (decomposed and stripped).
_DECORATED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")

# Cyrillic letters that are letters of their own, not accented ones.
_KEEP_COMPOSED = frozenset("йїўЙЇЎ")

# Letters NFD does not decompose but that readers treat as accented ASCII.
_SPECIAL: dict[str, str] = {
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ı": "i",
    "ŀ": "l",
    "ħ": "h",
    "ŧ": "t",
    "ĸ": "k",
    "ſ": "s",
    "ŋ": "ng",
    "ə": "e",
    "ɛ": "e",
    "ɔ": "o",
    "ƒ": "f",
    "ё": "е",
    # Arabic-script letters written interchangeably.
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ے": "ي",
    "ۓ": "ي",
    "ک": "ك",
    "ڪ": "ك",
    "ة": "ه",
    "ۃ": "ه",
    "ہ": "ه",
    "ھ": "ه",
    "ۀ": "ه",
    "ـ": "",  # tatweel: typographic stretching
    # Hebrew final forms.
    "ך": "כ",
    "ם": "מ",
    "ן": "נ",
    "ף": "פ",
    "ץ": "צ",
}

# Marks that stand for a consonant (ayn, hamza) or an elision: removed, not spaced.
_APOSTROPHES = frozenset("'`´’‘‛′ʹʻʼʽʾʿˈˊˋ‵＇｀״׳")

_SPACE = " "


def _strip_mark(char: str) -> bool:
    cp = ord(char)
    return any(lo <= cp <= hi for lo, hi in _STRIP_MARK_RANGES)


def _fold_char(char: str) -> str:
    """The folded form of one already NFKC-normalised, case-folded character."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char in _APOSTROPHES:
        return ""
    category = unicodedata.category(char)
    major = category[0]
    if major == "L":
        if category == "Lm" and 0x02B0 <= ord(char) <= 0x02FF:
            return ""  # modifier letters used as apostrophes (ʿ ʾ ˁ)
        if char.isascii() or char in _KEEP_COMPOSED:
            return char
        name = unicodedata.name(char, "")
        if name.startswith(_DECORATED_SCRIPTS):
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not _strip_mark(c))
            return "".join(_SPECIAL.get(c, c) for c in base)
        return char
    if major == "M":
        return "" if _strip_mark(char) else char
    if major == "N":
        if category == "Nd":
            return str(unicodedata.digit(char, 0))
        return char
    if major == "Z":
        return _SPACE
    if major == "C":
        # Tabs and newlines (Cc) separate words; format characters such as
        # ZWNJ join parts of one word; surrogates and private use are noise.
        return _SPACE if category == "Cc" else ""
    if category == "Sk":
        return ""  # spacing accents (´ ` ^ ¨) used as apostrophes
    return _SPACE  # punctuation and symbols


class _FoldTable(dict[int, str]):
    """A `str.translate` table that computes and remembers unseen characters."""

    def __missing__(self, codepoint: int) -> str:
        value = _fold_char(chr(codepoint))
        self[codepoint] = value
        return value


_TABLE = _FoldTable()

# ASCII fast path: letters lower-cased by str.lower, digits kept, apostrophes
# and spacing accents removed, every other non-alphanumeric becomes a space.
_ASCII_TABLE: dict[int, str] = {}
for _cp in range(128):
    _ch = chr(_cp)
    if _ch.isalnum():
        continue
    _ASCII_TABLE[_cp] = "" if _ch in "'`^" else _SPACE


def fold(text: str) -> str:
    """Fold `text` for comparison: see the module docstring for the rules.

    Idempotent (fold(fold(x)) == fold(x)), total (never raises on a str) and
    script-preserving: it does not transliterate, so Cyrillic stays Cyrillic;
    use `translit.to_latin` first to compare across scripts.
    """
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_TABLE).split())
    result = text
    # Removing a format character between a letter and a combining mark can
    # make a string compose differently, so repeat until it is a fixed point
    # (one pass in practice, at most three).
    for _ in range(3):
        normal = _nfkc(result).casefold()
        folded = normal.translate(_TABLE)
        folded = " ".join(folded.split())
        if folded == result:
            break
        result = folded
    return result


def _nfkc(text: str) -> str:
    try:
        return unicodedata.normalize("NFKC", text)
    except UnicodeError:  # pragma: no cover - normalize does not raise on str today
        return text


def is_separator(char: str) -> bool:
    """True when `fold` turns `char` into a word break (space, hyphen, most punctuation).

    Apostrophes are not separators: they are removed inside the word.
    """
    if len(char) != 1:
        return False
    return _TABLE[ord(char)] == _SPACE


def tokens(text: str) -> list[str]:
    """The folded words of `text`."""
    return fold(text).split()
