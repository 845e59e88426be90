"""Romanising Greek, Georgian, Armenian and Hebrew names from letter tables.

These scripts need no language guessing and no dictionary: their
romanisation systems are letter (or letter-pair) tables with a few
word-edge rules, all in ``data/alphabets.yaml``. Hebrew is written without
vowels, so its canonical output is the usual English reading (initial ו is
v, medial ו is o, final ה is a) and the variants cover the hard/soft letter
ambiguity (ב b/v, כ k/kh, פ p/f).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from proscribe.text.resources import load_yaml
from proscribe.text.rules import LetterRules
from proscribe.text.scripts import script_runs

# An ASCII apostrophe after a Hebrew letter is a geresh (ג'ורג' = George).
_HEBREW_GERESH = re.compile("([\u05d0-\u05ea])['\u2019`]")


def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("alphabets.yaml")
    return data


@cache
def _by_script() -> dict[str, str]:
    return {spec["script"]: name for name, spec in _data().items()}


@cache
def _rules(alphabet: str, system: str | None) -> LetterRules:
    spec = _data()[alphabet]
    rules = LetterRules.from_tables(spec["canonical"], spec["vowels"])
    if system is not None:
        rules = rules.overlay(spec["variants"][system])
    return rules


def scripts() -> frozenset[str]:
    """ISO 15924 codes of the scripts this module romanises."""
    return frozenset(_by_script())


def systems(script: str) -> tuple[str, ...]:
    """Names of the alternative systems for `script` (an ISO 15924 code)."""
    alphabet = _by_script().get(script)
    if alphabet is None:
        return ()
    return tuple(_data()[alphabet]["variants"])


def romanise(text: str, script: str, system: str | None = None) -> str:
    """Romanise the words of `text` written in `script`; other characters are kept.

    `system` is None for the canonical system or one of `systems(script)`.
    """
    alphabet = _by_script().get(script)
    if alphabet is None:
        return text
    spec = _data()[alphabet]
    rules = _rules(alphabet, system)
    if script == "Hebr":
        text = _HEBREW_GERESH.sub("\\1\u05f3", text)
    out: list[str] = []
    for run_script, run in script_runs(text):
        if run_script != script:
            out.append(run)
            continue
        if spec["strip_marks"]:
            decomposed = unicodedata.normalize("NFD", run)
            run = "".join(c for c in decomposed if unicodedata.category(c)[0] != "M")
            run = unicodedata.normalize("NFC", run)
        out.append(rules.romanise_word(run))
    return "".join(out)
