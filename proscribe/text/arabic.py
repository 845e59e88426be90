"""Romanising names in Arabic script (Arabic, Persian, Dari, Pashto, Urdu).

Arabic script writes consonants and long vowels but, outside the Quran and
children's books, not the short vowels: محمد is m-h-m-d and is read
Muhammad, Mohammed or Mehmet. A romanisation therefore has two jobs:

- produce the consonant skeleton faithfully, in the letters the keys in
  `proscribe.text.keys` expect (kh, gh, sh, th, dh, q), because the skeleton
  is what an Arabic-script query reliably shares with every Latin listing;
- supply vowels where they can be known: from the long-vowel letters
  (alef, waw, ya, whose consonant/vowel reading depends on position), from
  harakat when a name is vocalised, and for common names from a lexicon
  (``data/arabic_lexicon.json``, built from Wikidata by
  `proscribe.text.lexicon_build`).

Compounds that Arabic writes as one word but lists split (عبدالرحمن ->
abd al-rahman, سعيدالله -> sa'id allah, غياث‌الدين -> ghiyath al-din) are
split so the name analysis can re-join them however a list does.
Regional practices (Persian z/s/v, French ch/dj/ou/el, Egyptian g) are
alternative systems for `latin_variants`.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from proscribe.text.normalize import fold
from proscribe.text.resources import load_json, load_yaml
from proscribe.text.scripts import script_runs

SCRIPT = "Arab"

_ALEFS = frozenset("اأإآٱ")
_WAWS = frozenset("وۆۇۈۋ")
_YAS = frozenset("يیېےۍ")
_ALEF_MAQSURA = frozenset("ى")
_TAA_MARBUTA = frozenset("ةۃ")
_HES = frozenset("هہۀە")
_AYN = "ع"
_SHADDA = "\u0651"
_TATWEEL = "\u0640"
_ZWNJ = "\u200c"
# Letters after which waw and ya are consonants (w, y), not vowels.
_VOWEL_LETTERS = _ALEFS | _WAWS | _YAS | _ALEF_MAQSURA
# Letters only Persian, Urdu and Pashto use: in their texts ى is a ya
# (حاجى = Haji, نورزى = Noorzai), not the alef maqsura of Arabic موسى (Musa).
_NON_ARABIC_LETTERS = frozenset("پچژگکیۀہےٹڈڑںھټډړږښځڅڼګېۍ")
# Letters whose romanisation is an aspirated h that can follow t/d/s/k.
_H_LETTERS = frozenset("حهہ")


def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("arabic.yaml")
    return data


@cache
def _lexicon() -> dict[str, list[str]]:
    """Folded Arabic-script word -> romanisations, most common first."""
    entries: dict[str, list[str]] = load_json("arabic_lexicon.json")["entries"]
    return entries


@cache
def _consonants(system: str | None) -> dict[str, str]:
    table = dict(_data()["consonants"])
    if system is not None:
        table.update(_data()["systems"][system].get("consonants", {}))
    return table


def systems() -> tuple[str, ...]:
    """Names of the regional systems `romanise` accepts besides the canonical one."""
    return tuple(_data()["systems"])


def _system_value(system: str | None, key: str, default: str) -> str:
    if system is None:
        return default
    return str(_data()["systems"][system].get(key, default))


def _breaks_digraphs(system: str | None) -> bool:
    return system is None or bool(_data()["systems"][system].get("break_digraphs", True))


def _vowel(system: str | None, letter: str, default: str) -> str:
    if system is None:
        return default
    vowels: dict[str, str] = _data()["systems"][system].get("vowels", {})
    return vowels.get(letter, default)


def _prepare(word: str) -> str:
    word = unicodedata.normalize("NFKC", word)
    return word.replace(_TATWEEL, "").replace(_ZWNJ, "")


def _has_harakat(word: str) -> bool:
    return any(ch in _data()["harakat"] or ch == _SHADDA for ch in word)


def is_persianate(text: str) -> bool:
    """True when `text` uses letters of Persian, Urdu or Pashto that Arabic lacks."""
    return any(ch in _NON_ARABIC_LETTERS for ch in text)


def romanise_word(
    word: str, system: str | None = None, lexicon: bool = True, persianate: bool = False
) -> str:
    """Romanise one Arabic-script word (no spaces) in `system`.

    `lexicon` says whether to consult the lexicon (the canonical reading
    does; the regional systems are there to produce the spellings the
    lexicon's majority spelling is not). `persianate` (see `is_persianate`,
    decided on the whole name) reads ى as a ya.
    """
    word = _prepare(word)
    if not word:
        return ""
    if persianate or _system_value(system, "maqsura_is_ya", "") == "True":
        word = word.replace("ى", "ی")
    if _has_harakat(word):
        return _vocalised(word, system)
    folded = fold(word)
    words: dict[str, str] = _data()["words"]
    if folded in words:
        return _article(words[folded], system)
    if lexicon:
        hit = _lexicon().get(folded)
        # A spelling with the article fused in (eldeen for الدين) is a
        # regional habit; lists write the article apart, so when the word
        # without it is known too, split it below (but Elias, إلياس, stays).
        fused = folded.startswith("ال") and folded[2:] in _lexicon()
        if hit and not (fused and hit[0].startswith(("al", "el"))):
            return hit[0]
    abd = _data()["abd"]
    if folded.startswith(abd + "ال") and len(folded) > len(abd) + 3:
        rest = word[len(abd) :]
        return "abd " + romanise_word(rest, system, lexicon, persianate)
    for suffix, roman in _data()["joined_suffixes"].items():
        if folded.endswith(suffix) and len(folded) > len(suffix) + 1:
            stem = word[: len(word) - len(suffix)]
            return romanise_word(stem, system, lexicon, persianate) + " " + _article(roman, system)
    for prefix, roman in _data()["prefixes"].items():
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            rest = word[len(prefix) :]
            head = _article(roman, system) if roman == "al" else roman
            return head + "-" + romanise_word(rest, system, lexicon, persianate)
    return _letters(word, system)


def _article(text: str, system: str | None) -> str:
    article = _system_value(system, "article", "al")
    if text == "al":
        return article
    if text.startswith("al-"):
        return article + text[2:]
    return text


def _letters(word: str, system: str | None) -> str:
    """Letter-by-letter reading of an unvocalised word.

    Waw and ya are read as consonants (w, y) at the start of a word, after
    a vowel and before an alef, and as long vowels (u, i) elsewhere;
    whether the previous letter was read as a vowel decides, not which
    letter it was (in يوسف the ya is a consonant, so the waw is a vowel).
    """
    consonants = _consonants(system)
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        after_vowel = bool(out) and out[-1][-1:] in ("a", "e", "i", "o", "u")
        if ch in _ALEFS:
            out.append("i" if ch == "إ" else "a")
        elif ch == _AYN:
            out.append("a" if i == 0 else "'")
        elif ch in _WAWS:
            # Also a consonant before a final ya (Alawi/Alavi, Musawi/Mousavi).
            before_final_ya = nxt in _YAS and i + 2 == n
            if i == 0 or after_vowel or nxt in _ALEFS or before_final_ya:
                out.append(consonants.get("و", "w"))
            else:
                out.append(_vowel(system, "و", "u"))
        elif ch in _YAS:
            if ch == "ے" and not nxt:
                out.append("e")
            elif i == 0 or (nxt and (after_vowel or nxt in _ALEFS | _ALEF_MAQSURA)):
                out.append("y")
            else:
                out.append(_vowel(system, "ي", "i"))
        elif ch in _ALEF_MAQSURA:
            out.append("a" if not nxt else "y")
        elif ch in _TAA_MARBUTA:
            out.append(_system_value(system, "taa_marbuta", "a") if not nxt else "t")
        elif ch in _HES and not nxt and i > 1 and word[i - 1] not in _VOWEL_LETTERS:
            out.append(_system_value(system, "taa_marbuta", "a"))
        elif ch in _HES or ch in consonants:
            value = "h" if ch in _HES else consonants[ch]
            if (
                ch in _H_LETTERS
                and out
                and out[-1][-1:] in _data()["digraph_starts"]
                and _breaks_digraphs(system)
            ):
                value = "a" + value  # t+h is not th: Fathi, Taha
            out.append(value)
        else:
            out.append(ch)
    return "".join(out)


def _vocalised(word: str, system: str | None) -> str:
    """Reading of a word with harakat: short vowels as written, shadda doubling its consonant."""
    harakat: dict[str, str] = _data()["harakat"]
    consonants = _consonants(system)
    out: list[str] = []
    last_consonant = -1
    for ch in word:
        if ch in harakat:
            out.append(harakat[ch])
        elif ch == _SHADDA:
            # Unicode orders a fatha before the shadda of the same letter.
            if last_consonant >= 0:
                out.insert(last_consonant + 1, out[last_consonant][-1])
        elif ch in consonants:
            out.append(consonants[ch])
            last_consonant = len(out) - 1
        elif ch in _ALEFS:
            out.append("" if out and out[-1] == "a" else ("i" if ch == "إ" else "a"))
        elif ch in _WAWS:
            out.append("" if out and out[-1] == "u" else "w")
            last_consonant = len(out) - 1 if out[-1] else last_consonant
        elif ch in _YAS:
            out.append("" if out and out[-1] == "i" else "y")
            last_consonant = len(out) - 1 if out[-1] else last_consonant
        elif ch in _TAA_MARBUTA or ch in _ALEF_MAQSURA:
            out.append("a")
        elif ch in _HES:
            out.append("h")
            last_consonant = len(out) - 1
        elif ch == _AYN:
            out.append("'")
        else:
            out.append(ch)
    return "".join(out)


def romanise(text: str, system: str | None = None) -> str:
    """Romanise the Arabic-script words of `text`, leaving everything else as it is."""
    persianate = is_persianate(text)
    # Text with Persian, Dari, Pashto or Urdu letters is read the Persian way
    # (ض as z, ث as s: Zia, Sanaullah); the Arabic reading becomes its variant.
    effective = system
    if persianate and system is None:
        effective = "persian"
    elif persianate and system == "persian":
        effective = None
    use_lexicon = system is None
    out: list[str] = []
    for script, run in script_runs(text):
        if script == SCRIPT:
            out.append(romanise_word(run, effective, use_lexicon, persianate))
        else:
            out.append(run)
    return "".join(out)


def lexicon_spellings(word: str) -> list[str]:
    """Every lexicon spelling of one Arabic-script word (most common first), if any."""
    return list(_lexicon().get(fold(_prepare(word)), ()))
