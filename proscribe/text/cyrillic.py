"""Romanising Cyrillic names: Russian, Ukrainian, Belarusian, Bulgarian,
Serbian, Macedonian and the Turkic/Iranian languages written in Cyrillic.

The language is guessed from letters only it uses (Ukrainian і/ї/є/ґ,
Serbian ђ/ћ/џ/ј/љ/њ, Belarusian ў, Macedonian ѓ/ќ/ѕ, Bulgarian ъ inside a
word); names give too little text for anything cleverer, and the
alternative systems in `latin_variants` cover a wrong guess. Tables are in
``data/cyrillic.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from proscribe.text.resources import load_yaml
from proscribe.text.rules import LetterRules
from proscribe.text.scripts import script_runs

SCRIPT = "Cyrl"

# Stress marks and other combining decoration inside Cyrillic words.
_DECORATION = re.compile("[\u0300-\u0305\u0307-\u036f\u0483-\u0489]")


def _data() -> Any:
    return load_yaml("cyrillic.yaml")


@cache
def _rules(language: str | None, system: str | None) -> LetterRules:
    data = _data()
    vowels = str(data["vowels"]) + str(data["after_vowel_also"])
    rules = LetterRules.from_tables(data["common"], vowels)
    if language is not None:
        rules = rules.overlay(data["languages"][language])
    if system is not None:
        rules = rules.overlay(data["variants"][system])
    return rules


def systems() -> tuple[str, ...]:
    """Names of the alternative romanisation systems `romanise` accepts.

    "russian" reads the text with the Russian table whatever language was
    detected (lists often romanise Ukrainian or Belarusian names the Russian
    way); the others are Russian-based systems (BGN, ICAO, ISO 9, German).
    """
    return ("russian", *_data()["variants"])


def detect_language(text: str) -> str | None:
    """The Cyrillic language whose distinctive letters `text` uses, if any."""
    lower = text.lower()
    languages: dict[str, dict[str, str]] = _data()["languages"]
    for name, spec in languages.items():
        letters = spec.get("detect")
        if letters and any(ch in lower for ch in letters):
            return name
        pattern = spec.get("detect_pattern")
        if pattern and re.search(pattern, lower):
            return name
    return None


def romanise(text: str, system: str | None = None) -> str:
    """Romanise the Cyrillic words of `text`, leaving everything else as it is.

    `system` is None for the canonical spelling (the UN/OFAC English practice)
    or one of `systems()` for an alternative.
    """
    language = detect_language(text) if system is None else None
    rules = _rules(language, None if system == "russian" else system)
    out: list[str] = []
    for script, run in script_runs(text):
        if script != SCRIPT:
            out.append(run)
            continue
        word = _DECORATION.sub("", unicodedata.normalize("NFC", run))
        out.append(rules.romanise_word(word))
    return "".join(out)
