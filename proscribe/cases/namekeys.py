"""A customer's name prepared for matching once, at import, and stored compactly.

Preparing a name (normalising, transliterating, tokenising, variants) is the
expensive step of screening it: a third of a millisecond. Monitoring a
million customers after every list update cannot afford that a million
times, so the import stores each customer's prepared token forms, and
monitoring only decodes them. The forms are exactly what the matcher's own
`prepare_name` produces, so the tokens monitoring compares are the tokens a
full screening would compare.

The stored text is tied to the code that produced it (`forms_version`, the
fingerprint of the name-processing code); after an upgrade that changes
tokenisation, monitoring re-prepares the customers whose forms are stale.

Each form also carries its runs of adjacent words read as one word (the
aligner's `spans`: Abdul Rahman -> abdulrahman), so a customer written in
two words is found by a listed name written in one, as a full screening
finds it.

Encoding: forms separated by U+001E; within a form the tokens, then after
U+001C the joined runs, each separated by U+001F. A token is its role
digit, `a` (romanised from an abjad script) or `l`, its text, then its
phonetic form and consonant key after U+001D each, so monitoring rebuilds
tokens without re-running the phonetic code; a joined run is prefixed by
its first position (hex digit) and length. Token texts are folded Latin and
never contain those control characters.
"""

from __future__ import annotations

from functools import cache

from proscribe.index.forms import Role, Token, join_span, spans
from proscribe.index.prepare import prepare_name
from proscribe.match.align import MAX_TOKENS
from proscribe.match.query import Query
from proscribe.screen.lists import code_fingerprint

FORM_SEP = "\x1e"
TOKEN_SEP = "\x1f"
PART_SEP = "\x1d"
JOIN_SEP = "\x1c"

# Which secondary facts a customer has (bits 0-3): they bound how much a
# birth date, country, identifier or gender can add to a name's score.
EVIDENCE_BIRTH_DATE = 1
EVIDENCE_COUNTRY = 2
EVIDENCE_IDENTIFIER = 4
EVIDENCE_GENDER = 8
EVIDENCE_FACTS = 15
# Bits 4-6: the schema, which decides whether a person can match a company at all.
SCHEMA_CODES: tuple[str | None, ...] = (
    None,
    "Person",
    "Organization",
    "LegalEntity",
    "Vessel",
    "Aircraft",
)
SCHEMA_SHIFT = 4


def schema_code(schema: str | None) -> int:
    return SCHEMA_CODES.index(schema) if schema in SCHEMA_CODES else 0


# One encoded token (role digit, script flag, text): also the token's identity in vocabularies.
TokenSpec = str


@cache
def forms_version() -> str:
    return code_fingerprint()[:24]


def _clean(text: str) -> str:
    return text.replace(FORM_SEP, " ").replace(TOKEN_SEP, " ").replace(PART_SEP, " ")


def encode_token(t: Token) -> TokenSpec:
    return f"{int(t.role)}{'a' if t.abjad else 'l'}{_clean(t.text)}{PART_SEP}{_clean(t.phon)}{PART_SEP}{_clean(t.skel)}"


def _encode_form(form: tuple[Token, ...]) -> str:
    form = form[:MAX_TOKENS]
    text = TOKEN_SEP.join(encode_token(t) for t in form)
    runs = [
        f"{span[0]:x}{len(span)}{encode_token(join_span(form, span))}"
        for span in spans([t.role for t in form])
    ]
    return text + (JOIN_SEP + TOKEN_SEP.join(runs) if runs else "")


def encode_forms(forms: tuple[tuple[Token, ...], ...]) -> str:
    return FORM_SEP.join(_encode_form(form) for form in forms if form)


def decode_forms(text: str) -> list[tuple[list[TokenSpec], list[str]]]:
    """The stored forms: each its tokens and its joined runs (position, length and token in one string)."""
    if not text:
        return []
    out = []
    for form in text.split(FORM_SEP):
        words, _, runs = form.partition(JOIN_SEP)
        out.append((words.split(TOKEN_SEP), runs.split(TOKEN_SEP) if runs else []))
    return out


_ROLES = {str(int(r)): r for r in Role}


def make_token(spec: TokenSpec) -> Token:
    head, phon, skel = spec.split(PART_SEP)
    return Token(head[2:], phon, skel, _ROLES[head[0]], head[1] == "a")


def name_forms(name: str, schema: str | None) -> str:
    """The encoded forms of one name, as the matcher prepares it."""
    return encode_forms(prepare_name(name, schema).forms)


def evidence_flags(query: Query) -> int:
    flags = 0
    if query.birth_date is not None:
        flags |= EVIDENCE_BIRTH_DATE
    if query.country:
        flags |= EVIDENCE_COUNTRY
    if query.identifiers:
        flags |= EVIDENCE_IDENTIFIER
    if query.gender:
        flags |= EVIDENCE_GENDER
    return flags | (schema_code(query.schema) << SCHEMA_SHIFT)
