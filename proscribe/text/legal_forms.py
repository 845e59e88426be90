"""Organisation legal forms (LLC, OOO, ООО, Ltd, JSC, AO, GmbH, SARL, ...) as classes.

A legal form says little about which organisation is meant and is the
part of a name lists translate most freely (a Russian OOO appears as LLC,
Ltd or OOO; an AO as JSC), so it is removed from the tokens that are
compared and reported as a class from ``data/legal_forms.yaml``. Forms are
recognised at the end of a name, and at its start for the forms written
first (ООО «Ромашка», PT Maju); Chinese, Japanese and Korean forms also
inside the word they are written joined to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from proscribe.text.normalize import fold
from proscribe.text.phrases import PhraseTable
from proscribe.text.resources import load_yaml


@dataclass(frozen=True, slots=True)
class LegalForm:
    """What `strip_legal_form` found: the class, the tokens left, and where."""

    tokens: tuple[str, ...]
    form: str | None
    start: int  # tokens removed at the start
    end: int  # tokens removed at the end


def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("legal_forms.yaml")
    return data


@cache
def _suffixes() -> PhraseTable:
    return PhraseTable.build((name, spec["spellings"]) for name, spec in _data()["classes"].items())


@cache
def _prefixes() -> PhraseTable:
    allowed = {tuple(fold(str(s)).split()) for s in _data()["prefixes"]}
    return PhraseTable.of(
        {phrase: cls for phrase, cls in _suffixes().phrases.items() if phrase in allowed}
    )


@cache
def _cjk_forms() -> tuple[tuple[str, str], ...]:
    """(folded spelling, class) of the forms written without spaces in CJK, longest first."""
    forms = [
        (phrase[0], cls)
        for phrase, cls in _suffixes().phrases.items()
        if len(phrase) == 1 and not phrase[0].isascii() and _is_cjk(phrase[0])
    ]
    return tuple(sorted(forms, key=lambda item: -len(item[0])))


def _is_cjk(text: str) -> bool:
    return all(
        0x3040 <= ord(c) <= 0x30FF or 0x4E00 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7A3
        for c in text
    )


def might_be_legal_form(first: str, last: str) -> bool:
    """False when no legal form ends with `last` or starts with `first` (a cheap pre-check)."""
    return last in _suffixes().last or first in _prefixes().first


def legal_form_family(form: str) -> str | None:
    """The family of a class (llc and ltd are both "limited"), for lenient comparison."""
    spec = _data()["classes"].get(form)
    return None if spec is None else str(spec["family"])


def legal_form_classes() -> tuple[str, ...]:
    """Every class name."""
    return tuple(_data()["classes"])


def legal_form_of(tokens: Sequence[str]) -> str | None:
    """The class whose spelling is exactly `tokens` (folded), if any."""
    return _suffixes().phrases.get(tuple(tokens))


def strip_legal_form(tokens: Sequence[str]) -> LegalForm:
    """Remove legal forms from the end (repeatedly: "Co., Ltd.") and the start of folded tokens.

    At least one token always remains. The class reported is the last form
    of the name (the one that governs: "X GmbH & Co. KG" is a KG).
    """
    found: str | None = None
    start, end = 0, len(tokens)
    while end - start > 1:
        match = _suffixes().match_end(tokens[start:end])
        if match is None or end - start - match[1] < 1:
            break
        found = found or match[0]
        end -= match[1]
    while end - start > 1:
        match = _prefixes().match_start(tokens[start:end])
        if match is None or end - start - match[1] < 1:
            break
        found = found or match[0]
        start += match[1]
    return LegalForm(tuple(tokens[start:end]), found, start, len(tokens) - end)


def split_cjk_form(word: str) -> tuple[str, str | None]:
    """Split a CJK legal form off a folded word: (rest, class), or (word, None).

    Chinese, Japanese and Korean write the form joined to the name
    (長安海連技術有限公司 is 長安海連技術 + 有限公司); the form is removed
    from the end, or from the start (株式会社トヨタ).
    """
    for form, cls in _cjk_forms():
        if word.endswith(form) and len(word) > len(form):
            return word[: -len(form)], cls
        if word.startswith(form) and len(word) > len(form):
            return word[len(form) :], cls
    return word, None
