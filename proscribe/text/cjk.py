"""Romanising Chinese (pinyin), Japanese kana (Hepburn) and Korean Hangul.

Han characters become toneless pinyin syllables (from anyascii's tables,
which give the common Mandarin reading of each character); Japanese names
written in kanji therefore come out in Chinese readings, a limitation no
table-based system avoids (kanji readings of names need a name dictionary).
Kana and Hangul are phonetic and are romanised exactly, by table
(``data/kana.yaml``) and by syllable decomposition (``data/hangul.yaml``).

Han and Hangul syllables are separated by spaces ("wang xiao ming",
"kim jeong eun") because lists split them inconsistently (Kim Jong Un,
Kim Jong-un, Kim Jongun); name analysis re-joins them as variants.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from anyascii import anyascii

from proscribe.text.resources import load_yaml
from proscribe.text.scripts import script_runs

_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3

# Katakana and hiragana differ by a fixed offset for the letters both have.
_KATAKANA_FIRST = 0x30A1
_KATAKANA_LAST = 0x30F6
_KANA_OFFSET = 0x60
_LONG_MARK = "ー"
_SOKUON = "っ"

KANA_SCRIPTS = frozenset({"Hira", "Kana"})


def _kana() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("kana.yaml")
    return data


@cache
def _kana_letters() -> dict[str, str]:
    data = _kana()
    return {**data["letters"], **data["katakana_extra"]}


def _hangul() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("hangul.yaml")
    return data


def _to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(c) - _KANA_OFFSET) if _KATAKANA_FIRST <= ord(c) <= _KATAKANA_LAST else c
        for c in text
    )


def romanise_kana(word: str, long_vowels: bool = False) -> str:
    """Hepburn for one word of hiragana/katakana.

    `long_vowels` keeps "ou"/"uu" as written (Shinzou) instead of the
    passport spelling (Shinzo).
    """
    letters = _kana_letters()
    text = _to_hiragana(word)
    out: list[str] = []
    double_next = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == _SOKUON:
            double_next = True
            i += 1
            continue
        if ch == _LONG_MARK:
            if long_vowels and out and out[-1] and out[-1][-1] in "aeiou":
                out.append(out[-1][-1])
            i += 1
            continue
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in letters:
            value, i = letters[pair], i + 2
        elif ch in letters:
            value, i = letters[ch], i + 1
        else:
            value, i = ch, i + 1
        if double_next and value and value[0] not in "aeiouyn":
            value = ("t" if value.startswith("ch") else value[0]) + value
        double_next = False
        out.append(value)
    result = "".join(out)
    if not long_vowels:
        for long, short in _kana()["long_vowels"].items():
            result = result.replace(long, short)
    return result


def romanise_han(run: str, system: str | None = None) -> str:
    """Pinyin syllables of a run of Han characters, separated by spaces.

    `system` "wade_giles" spells them the Taiwanese way (Chih-ming, Hsu).
    """
    syllables = [anyascii(ch).lower() for ch in run if not ch.isspace()]
    if system == "wade_giles":
        syllables = [wade_giles(s) for s in syllables]
    return " ".join(syllables)


# Whole syllables whose Wade-Giles spelling is irregular.
_WG_SYLLABLES = {
    "zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu",
    "si": "ssu", "er": "erh", "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh",
    "e": "o", "ge": "ko", "ke": "ko", "he": "ho",
}  # fmt: skip
# Initials, longest first (apostrophes of the aspirates are dropped, as lists do).
_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("d", "t"), ("g", "k"),
    ("j", "ch"), ("q", "ch"), ("x", "hs"), ("r", "j"), ("z", "ts"), ("c", "ts"),
)  # fmt: skip
# Finals, longest first.
_WG_FINALS = (("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ue", "ueh"))


def wade_giles(syllable: str) -> str:
    """One toneless pinyin syllable in Wade-Giles (xiao -> hsiao, zhi -> chih, jie -> chieh)."""
    if syllable in _WG_SYLLABLES:
        return _WG_SYLLABLES[syllable]
    initial, final = "", syllable
    for pinyin, wg in _WG_INITIALS:
        if syllable.startswith(pinyin) and len(syllable) > len(pinyin):
            initial, final = wg, syllable[len(pinyin) :]
            break
    for pinyin, wg in _WG_FINALS:
        if final.endswith(pinyin):
            final = final[: -len(pinyin)] + wg
            break
    return initial + final


def hangul_systems() -> tuple[str, ...]:
    """Alternative Korean systems `romanise_hangul` accepts."""
    return ("mr", "rr_plain")


def romanise_hangul(run: str, system: str | None = None) -> str:
    """Romanise a run of Hangul syllables, one space-separated token per syllable.

    The first syllable of a word of up to four syllables (the shape of a
    Korean personal name, or a surname alone) is spelt as the surname
    usually is (김 -> kim);
    `system` "rr_plain" turns that off, "mr" uses McCune-Reischauer.
    """
    data = _hangul()
    table = data["mr" if system == "mr" else "rr"]
    surnames: dict[str, list[str]] = data["surnames"]
    syllables: list[str] = []
    use_surname = system != "rr_plain" and 1 <= len(run) <= 4
    for index, ch in enumerate(run):
        cp = ord(ch)
        if not _HANGUL_FIRST <= cp <= _HANGUL_LAST:
            syllables.append(anyascii(ch).lower())
            continue
        if index == 0 and use_surname and ch in surnames:
            syllables.append(surnames[ch][0])
            continue
        offset = cp - _HANGUL_FIRST
        initial, vowel, final = offset // 588, (offset % 588) // 28, offset % 28
        initials = table["initials"]
        if system == "mr" and index > 0:
            initials = table["initials_voiced"]
        syllables.append(initials[initial] + table["vowels"][vowel] + table["finals"][final])
    return " ".join(s for s in syllables if s)


def korean_surname_variants(syllable: str) -> list[str]:
    """Other spellings of a Korean surname syllable (Lee/Yi/Rhee), canonical first."""
    surnames: dict[str, list[str]] = _hangul()["surnames"]
    return list(surnames.get(syllable, ()))


def romanise(text: str, system: str | None = None) -> str:
    """Romanise the Han, kana and Hangul runs of `text`; other characters are kept.

    `system`: None (canonical), "mr"/"rr_plain" (Korean), "long_ou"
    (Japanese long vowels kept) or "wade_giles" (Chinese).
    """
    out: list[str] = []
    runs = script_runs(text)
    for index, (script, run) in enumerate(runs):
        if script == "Hani":
            value = romanise_han(run, system)
        elif script in KANA_SCRIPTS:
            value = romanise_kana(run, long_vowels=system == "long_ou")
        elif script == "Hang":
            value = romanise_hangul(run, system)
        else:
            out.append(run)
            continue
        if out and out[-1] and not out[-1][-1].isspace() and index > 0:
            value = " " + value
        out.append(value)
    return "".join(out)
