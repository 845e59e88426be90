"""A name as the index files it and the matcher compares it: one or more token sequences.

Built on `proscribe.text.names.analyse_name`, which owns normalisation,
transliteration, titles, legal forms, token roles and spelling variants.
This module decides what each token is for matching (a name part, a
particle, a legal form, an initial, a number) and which of text's variants
become extra forms to compare: other romanisations and other names of the
same string, but not joined or split particles, because the alignment pairs
one token with two adjacent ones by itself.

Both the index (list names) and the matcher (queries) call `prepare_name`,
so the two sides are always comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from proscribe.index.forms import Role, Token
from proscribe.text.legal_forms import strip_legal_form
from proscribe.text.names import analyse_name, is_particle, is_patronymic
from proscribe.text.normalize import fold
from proscribe.text.resources import load_yaml

# Scripts that do not write short vowels: their romanised vowels are guesses.
ABJAD_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})
# Extra forms kept per name (other romanisations, other ";"-separated names).
MAX_EXTRA_FORMS = 3
MAX_TOKENS = 24

_ROLES = {"particle": Role.PARTICLE, "initial": Role.INITIAL, "patronymic": Role.PATRONYMIC}
_ORG_SCHEMAS = frozenset({"Organization", "LegalEntity", None})
# How many trailing words may hold a misspelt legal form.
_LEGAL_TAIL = 4
# A dash with spaces around it separates two names of an organisation.
_DASH = re.compile(r"\s+[-–—]\s+")


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name's comparable forms: the first is the main one; others are alternatives."""

    original: str
    script: str | None
    forms: tuple[tuple[Token, ...], ...]

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.forms[0] if self.forms else ()


def _role(token: str, text_role: str) -> Role:
    if token.isdigit():
        return Role.NUMBER
    if text_role in _ROLES:
        return _ROLES[text_role]
    if len(token) == 1 and token.isalpha():
        return Role.INITIAL
    if is_particle(token):
        return Role.PARTICLE
    if is_patronymic(token):
        return Role.PATRONYMIC
    return Role.NAME


def _form(
    words: tuple[str, ...], roles: tuple[str, ...], legal: str | None, abjad: bool
) -> tuple[Token, ...]:
    tokens = [
        Token.make(w, _role(w, roles[i] if i < len(roles) else ""), abjad)
        for i, w in enumerate(words[:MAX_TOKENS])
        if w
    ]
    # A name made only of particles ("The Base") is a name, not glue.
    if tokens and all(t.role is Role.PARTICLE for t in tokens):
        tokens = [Token.make(t.text, Role.NAME, abjad) for t in tokens]
    if legal and tokens:
        tokens.append(Token.make(legal, Role.LEGAL))
    return tuple(tokens)


@cache
def _legal_words() -> tuple[frozenset[str], list[str]]:
    """Every Latin word of four letters or more in text's legal-form spellings."""
    words = {
        w
        for spec in load_yaml("legal_forms.yaml")["classes"].values()
        for spelling in spec["spellings"]
        for w in fold(str(spelling)).split()
        if len(w) >= 4 and w.isascii()
    }
    return frozenset(words), sorted(words)


def repair_legal_form(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """A legal form with one typo in it ("Compnay", "Cporporation", "Joint Stovck Company").

    Text recognises legal forms spelt right; a query typed by hand may not
    be. Trailing words one edit from a legal-form word are corrected and the
    form stripped as text would; nothing changes unless the corrected words
    are a legal form.
    """
    if len(tokens) < 2:
        return tokens, None
    known, words = _legal_words()
    fixed = list(tokens)
    changed = False
    for i in range(max(1, len(tokens) - _LEGAL_TAIL), len(tokens)):
        word = fixed[i]
        shortest = 4 if i == len(fixed) - 1 else 5
        if len(word) < shortest or word in known or not word.isascii():
            continue
        found = process.extractOne(word, words, scorer=OSA.distance, score_cutoff=1)
        if found is not None:
            fixed[i] = found[0]
            changed = True
    if not changed:
        return tokens, None
    stripped = strip_legal_form(fixed)
    if stripped.form is None or stripped.start:
        return tokens, None
    return stripped.tokens, stripped.form


@lru_cache(maxsize=65_536)
def prepare_name(text: str, schema: str | None = None) -> PreparedName:
    """The comparable forms of one name. Never raises on any string; a name without letters has no forms."""
    analysed = analyse_name(text, schema)
    abjad = analysed.script in ABJAD_SCRIPTS
    forms: list[tuple[Token, ...]] = []
    words, legal, roles = analysed.tokens, analysed.legal_form, analysed.roles
    if schema in _ORG_SCHEMAS and schema is not None:
        repaired, fixed_form = repair_legal_form(tuple(analysed.latin.split()))
        if fixed_form is not None and len(repaired) < len(words):
            words, legal, roles = repaired, fixed_form, ()
    main = _form(words, roles, legal, abjad)
    if main:
        forms.append(main)
    spelled = {"".join(words)}
    for variant in analysed.variants:
        if len(forms) > MAX_EXTRA_FORMS:
            break
        joined = "".join(variant)
        if joined in spelled:
            continue  # the same letters joined or split differently: alignment covers it
        spelled.add(joined)
        form = _form(variant, (), legal, abjad)
        if form:
            forms.append(form)
    if schema != "Person" and _DASH.search(text):
        # "AL HAQ - LAW IN THE SERVICE OF MANKIND": a short name, then what it
        # stands for. Each part is also a name of the organisation.
        for part in _DASH.split(text):
            if len(forms) > MAX_EXTRA_FORMS + 2 or not part.strip():
                continue
            sub = prepare_name(part, schema)
            if sub.forms and sub.forms[0] not in forms:
                forms.append(sub.forms[0])
    return PreparedName(text, analysed.script, tuple(forms))
