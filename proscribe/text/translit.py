"""Any script to Latin: one canonical romanisation, plus the usual alternatives.

Each script has its own module because each has its own problem: Arabic
script does not write short vowels (`arabic`), Cyrillic serves a dozen
languages with different conventions (`cyrillic`), Greek, Georgian,
Armenian and Hebrew are letter tables (`alphabets`), Chinese, Japanese
and Korean are syllabic (`cjk`). Every other script (Thai, Devanagari,
Ethiopic, ...) goes through anyascii, whose per-character tables are the
best generic fallback available without ICU.

Results are cached: the same list names are romanised on every screening
run and the same query names recur.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from anyascii import anyascii

from proscribe.text import alphabets, arabic, cjk, cyrillic
from proscribe.text.scripts import script_counts, script_runs

# Upper bound on `latin_variants`: variants multiply candidate lookups.
MAX_VARIANTS = 8

_CJK = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
# Arabic-script alternatives, most useful first (consumers may keep only a
# few): Persian and French practice differ most from the canonical reading.
_ARABIC_ORDER = ("persian", "french", "lexicon", "plain", "egyptian", "letters")


def _romaniser(script: str) -> Callable[[str, str | None], str] | None:
    if script == "Latn":
        return None
    if script == "Cyrl":
        return cyrillic.romanise
    if script == "Arab":
        return arabic.romanise
    if script in alphabets.scripts():
        return lambda text, system: alphabets.romanise(text, script, system)
    if script in _CJK:
        return cjk.romanise
    return lambda text, system: _fallback(text, script)


def _fallback(text: str, script: str) -> str:
    """anyascii for the runs of `script` (Thai, Indic, Ethiopic, ...)."""
    return "".join(anyascii(run) if s == script else run for s, run in script_runs(text))


def _systems(script: str) -> tuple[str, ...]:
    if script == "Cyrl":
        return cyrillic.systems()
    if script == "Arab":
        return arabic.systems()
    if script in alphabets.scripts():
        return alphabets.systems(script)
    if script == "Hang":
        return cjk.hangul_systems()
    if script in ("Hira", "Kana"):
        return ("long_ou",)
    if script == "Hani":
        return ("wade_giles",)
    return ()


def _scripts_in(text: str) -> list[str]:
    counts = script_counts(text)
    # CJK scripts share one romaniser; run it once.
    seen: list[str] = []
    for script in counts:
        if script in _CJK and any(s in _CJK for s in seen):
            continue
        seen.append(script)
    return seen


def _apply(text: str, chosen: dict[str, str | None]) -> str:
    out = text
    for script in _scripts_in(text):
        romanise = _romaniser(script)
        if romanise is not None:
            out = romanise(out, chosen.get(script))
    return out


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """The canonical Latin spelling of `text`, whatever its scripts.

    Latin text comes back unchanged (accents included: folding is
    `normalize.fold`'s job); other scripts are romanised in place, so mixed
    text such as "ООО «Ромашка»" or "Ali محمد" keeps its Latin parts and
    punctuation. Never raises on a str.
    """
    if text.isascii():
        return text
    return _apply(text, {})


@lru_cache(maxsize=16384)
def _variants(text: str) -> tuple[str, ...]:
    canonical = to_latin(text)
    found: list[str] = []

    def add(value: str) -> None:
        if value != canonical and value not in found:
            found.append(value)

    for script in _scripts_in(text):
        if script == "Arab":
            alternatives = _arabic_alternatives(text)
            for choice in _ARABIC_ORDER:
                if choice in alternatives:
                    add(alternatives[choice])
                elif choice in arabic.systems():
                    add(_apply(text, {script: choice}))
            continue
        for system in _systems(script):
            add(_apply(text, {script: system}))
    if "Hang" in script_counts(text):
        for value in _korean_surnames(text):
            add(value)
    return tuple(found[:MAX_VARIANTS])


def latin_variants(text: str) -> list[str]:
    """Other plausible romanisations of `text`, most useful first, at most MAX_VARIANTS.

    These are whole-string alternatives produced by other romanisation
    systems (Cyrillic BGN/ICAO/ISO 9/German, Arabic Persian/French/Egyptian
    practice and the lexicon's less common spellings, Greek phonetic, Korean
    McCune-Reischauer and surname spellings, ...). Latin text has none here:
    spelling variation within Latin is handled by `keys` and `names`.
    """
    if text.isascii():
        return []
    return list(_variants(text))


def _arabic_alternatives(text: str) -> dict[str, str]:
    """The lexicon's second spelling ("lexicon"), and the letter reading ("letters"), of each word."""
    runs = script_runs(text)
    persianate = arabic.is_persianate(text)
    reading = "persian" if persianate else None  # as the canonical reading does
    alternatives: dict[str, str] = {}
    for choice in ("lexicon", "letters"):
        parts: list[str] = []
        changed = False
        for script, run in runs:
            if script != "Arab":
                parts.append(to_latin(run) if script not in (None, "Latn") else run)
                continue
            spellings = arabic.lexicon_spellings(run)
            if choice == "lexicon" and len(spellings) > 1:
                parts.append(spellings[1])
                changed = True
            elif choice == "letters" and spellings:
                parts.append(arabic.romanise_word(run, reading, False, persianate))
                changed = True
            else:
                parts.append(arabic.romanise_word(run, reading, True, persianate))
        if changed:
            alternatives[choice] = "".join(parts)
    return alternatives


def _korean_surnames(text: str) -> list[str]:
    """The text with the other usual spellings of a leading Korean surname."""
    runs = script_runs(text)
    out: list[str] = []
    for index, (script, run) in enumerate(runs):
        if script != "Hang" or not 1 <= len(run) <= 4:
            continue
        spellings = cjk.korean_surname_variants(run[0])
        for spelling in spellings[1:3]:
            rest = cjk.romanise_hangul(run[1:], "rr_plain")
            replaced = [to_latin(r) for _, r in runs]
            replaced[index] = f"{spelling} {rest}".strip()
            out.append("".join(replaced))
        break
    return out
