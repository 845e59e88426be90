"""Name analysis: everything matching needs to know about one name string.

`analyse_name` is the entry point the candidate index and the scorer use,
for every list name and every query. It turns a name in any script into
folded Latin tokens in natural order, with the parts that should not be
compared (titles, legal forms, bracketed remarks) taken out and reported,
a phonetic key per token, and a small bounded set of alternative token
sequences that cover how else the same name is commonly written:

- particles joined or split (Al-Qadi / Al Qadi / Alqadi, Abd al-Rahman /
  Abdul Rahman / Abdulrahman), hyphenated words joined (Seit-Umarovich),
  adjacent short tokens joined (Kim Chol Nam / Kim Cholnam), an
  apostrophe split (O'Brien / O Brien);
- other romanisation systems for names not written in Latin script
  (Yevgeniy / Evgenii, Persian and French readings of Arabic, Korean
  McCune-Reischauer), and Chinese/Korean syllables joined into given names;
- the other names of a string that holds several separated by ";".

"SURNAME, Given" is put back in natural order for people, and each token
gets a role (given, family, patronymic, particle, initial) where one can be
inferred. Results are cached per name string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from proscribe.text.honorifics import might_be_honorific, strip_honorifics
from proscribe.text.keys import name_keys, token_key
from proscribe.text.legal_forms import might_be_legal_form, split_cjk_form, strip_legal_form
from proscribe.text.normalize import fold, is_separator
from proscribe.text.resources import load_yaml
from proscribe.text.scripts import dominant_script
from proscribe.text.translit import latin_variants, to_latin

# Upper bound on the alternative token sequences of one name.
MAX_VARIANTS = 16
# Names longer than this are analysed on their first MAX_LENGTH characters:
# no real name is this long, and the cost of analysis grows with length.
MAX_LENGTH = 1000

PERSON = "Person"
# Schemas whose names carry legal forms; unknown schema (None) is checked too.
_ORG_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})

_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|\{([^{}]*)\}")
_APOSTROPHES = frozenset("'`´’‘ʼʻ")
_CJK_SCRIPTS = frozenset({"Hani", "Hang", "Jpan", "Kore"})
_SYLLABIC_SCRIPTS = frozenset({"Hani", "Hang", "Kore"})


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name, analysed for matching. Built by `analyse_name`; never mutated.

    - `original`: the string as given.
    - `script`: ISO 15924 code of its dominant script (None: no letters).
    - `latin`: the whole string romanised and folded, titles and forms included.
    - `tokens`: folded Latin tokens in natural order (given names first),
      without titles, legal form and bracketed remarks; hyphenated words split.
    - `keys`: phonetic key of each token (`keys.token_key`), aligned with `tokens`.
    - `variants`: other token sequences for the same name (see the module
      docstring), at most MAX_VARIANTS, none equal to `tokens`.
    - `variant_keys` (property): keys of each variant, aligned with `variants`.
    - `legal_form`: the legal-form class (`legal_forms`), e.g. "llc", or None.
    - `honorifics`: ids of the titles removed, e.g. ("dr",) or ("haji", "mullah").
    - `initials`: for each token, whether it is a single letter (an initial).
    - `roles`: for each token of a person's name, "given", "family",
      "patronymic", "particle" or "initial"; "" where nothing can be inferred
      and for names that are not people's.
    """

    original: str
    script: str | None
    latin: str
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...]
    legal_form: str | None
    honorifics: tuple[str, ...]
    initials: tuple[bool, ...]
    roles: tuple[str, ...]

    @property
    def variant_keys(self) -> tuple[tuple[str, ...], ...]:
        """Keys of each variant, aligned with `variants` (computed on use: keys are cached per token)."""
        return tuple(name_keys(v) for v in self.variants)

    @property
    def token_set(self) -> frozenset[str]:
        """Every token of the name and its variants (for candidate retrieval)."""
        return frozenset(t for seq in (self.tokens, *self.variants) for t in seq)

    @property
    def key_set(self) -> frozenset[str]:
        """Every key of the name and its variants (for candidate retrieval)."""
        return frozenset(k for seq in (self.keys, *self.variant_keys) for k in seq)


class _Piece(NamedTuple):
    """A stretch of a raw word between separators, with its romanisation."""

    raw: str
    orig: str  # folded, in its own script: what titles and legal forms are matched on
    latin: tuple[str, ...]  # folded Latin tokens
    script: str | None
    apostrophe: bool


# In ASCII, what `fold` turns into a word break (everything but letters,
# digits and the apostrophe-like marks it removes).
_ASCII_SEPARATORS = re.compile(r"[^A-Za-z0-9'`^]+")

_ORIG = attrgetter("orig")
_LATIN = attrgetter("latin")

# Token flags (see `_flags`).
_PARTICLE = 1
_TAIL = 2
_ARTICLE = 4
_ARTICLE_TAIL = 8
_PATRONYMIC = 16
_MARKER = 32
_INITIAL = 64


@cache
def _particle_data() -> dict[str, frozenset[str]]:
    data = load_yaml("particles.yaml")
    return {
        "particles": frozenset(data["particles"]),
        "tails": frozenset(data["compound_tails"]),
        "article_tails": frozenset(token_key(t) for t in data["article_tails"]),
        "articles": frozenset(data["articles"]),
        "markers": frozenset(data["patronymic_markers"]),
        "endings": frozenset(data["patronymic_endings"]),
    }


@lru_cache(maxsize=262144)
def _flags(token: str) -> int:
    """What a token is, as bit flags: computed once per distinct token."""
    data = _particle_data()
    flags = 0
    if token in data["particles"]:
        flags |= _PARTICLE
    if token in data["tails"]:
        flags |= _TAIL
    if token in data["articles"]:
        flags |= _ARTICLE
    if token_key(token) in data["article_tails"]:
        flags |= _ARTICLE_TAIL
    if len(token) > 5 and token.endswith(tuple(data["endings"])):
        flags |= _PATRONYMIC
    if token in data["markers"]:
        flags |= _MARKER
    if len(token) == 1 and token.isalpha():
        flags |= _INITIAL
    return flags


def _is_initial(flags: int) -> bool:
    return bool(flags & _INITIAL)


def is_particle(token: str) -> bool:
    """True for name particles (al, bin, abu, abd, van, de, ...)."""
    return bool(_flags(token) & _PARTICLE)


def is_patronymic(token: str) -> bool:
    """True for tokens shaped like a patronymic (Viktorovich, Ivanovna, Aliyev oglu)."""
    return bool(_flags(token) & _PATRONYMIC)


def analyse_name(name: str, schema: str | None = None) -> NameForm:
    """Analyse one name (any script) for matching.

    `schema` is a FollowTheMoney schema name ("Person", "Organization",
    "Vessel", ...) or None when unknown: titles are removed only from
    people's (and unknown) names, legal forms only from organisations' (and
    unknown) names, and "SURNAME, Given" is reordered only for people.
    Never raises on a str; an empty or letterless name gives empty tokens.
    """
    return _analyse(name if isinstance(name, str) else str(name), schema)


@lru_cache(maxsize=65536)
def _analyse(name: str, schema: str | None) -> NameForm:
    text = name[:MAX_LENGTH]
    others: list[str] = []
    main = text
    if ";" in text:
        main, *others = [part for part in text.split(";") if part.strip()] or [""]
    remarks: list[str] = []
    if "(" in main or "[" in main or "{" in main:
        main, remarks = _split_brackets(main)
    person = schema == PERSON
    family_words = 0
    if "," in main:
        main, family_words = _reorder_comma(main, person)
    pieces, words = _pieces(main)

    honorifics: tuple[str, ...] = ()
    if (schema is None or person) and pieces and might_be_honorific(pieces[0].orig):
        honorifics, count = _strip_honorifics(pieces)
        pieces, words = pieces[count:], words[count:]
    legal_form: str | None = None
    if (
        (schema is None or schema in _ORG_SCHEMAS)
        and len(pieces) > 1
        and might_be_legal_form(pieces[0].orig, pieces[-1].orig)
    ):
        found = strip_legal_form([p.orig for p in pieces])
        if found.form is not None:
            legal_form = found.form
            stop = len(pieces) - found.end
            pieces, words = pieces[found.start : stop], words[found.start : stop]

    ascii_text = text.isascii()
    if ascii_text:
        # ASCII pieces are single tokens: the piece's folded text is its token.
        tokens = tuple(map(_ORIG, pieces))
        script = "Latn" if honorifics or legal_form or any(p.script for p in pieces) else None
        latin = fold(text)
    else:
        tokens = tuple(chain.from_iterable(map(_LATIN, pieces)))
        script = dominant_script(text)
        latin = fold(to_latin(text))
    flags = tuple(map(_flags, tokens))
    plain = (
        len(tokens) < 3
        and ascii_text
        and not (others or remarks or any(flags))
        and (not words or words[-1] - words[0] + 1 == len(words))  # one piece per word
        and "'" not in main
        and "`" not in main
    )
    if plain:
        variants: tuple[tuple[str, ...], ...] = ()  # nothing to join, split or re-spell
    else:
        variants = _variants(pieces, words, tokens, flags, person, others, remarks, schema, main)
    roles = _roles(pieces, words, tokens, flags, family_words) if person else ("",) * len(tokens)
    return NameForm(
        original=name,
        script=script,
        latin=latin,
        tokens=tokens,
        keys=tuple(map(token_key, tokens)),
        variants=variants,
        legal_form=legal_form,
        honorifics=honorifics,
        initials=tuple(map(_is_initial, flags)),
        roles=roles,
    )


def _split_brackets(text: str) -> tuple[str, list[str]]:
    """The text without bracketed remarks, and the remarks ("(KTJ)", "(Tigrinya)")."""
    remarks: list[str] = []
    if "(" not in text and "[" not in text and "{" not in text:
        return text, remarks

    def keep(match: re.Match[str]) -> str:
        remarks.append(next(g for g in match.groups() if g is not None))
        return " "

    stripped = _BRACKETS.sub(keep, text)
    if not fold(stripped):
        return text, []  # the whole name is bracketed: keep it
    return stripped, [r for r in remarks if fold(r)]


def _reorder_comma(text: str, person: bool) -> tuple[str, int]:
    """Put "SURNAME, Given Names" in natural order for a person.

    Returns the text and how many words at its end are the family name
    (0 when there was nothing to reorder). A trailing comma is dropped.
    """
    if "," not in text:
        return text, 0
    head, _, tail = text.partition(",")
    if not tail.strip():
        return head, 0
    if not person or "," in tail or not head.strip():
        return text, 0
    family = head.split()
    if len(family) > 4:
        return text, 0
    return f"{tail.strip()} {head.strip()}", len(family)


def _pieces(text: str) -> tuple[list[_Piece], list[int]]:
    """The pieces of `text` and, aligned with them, the index of the word each came from."""
    pieces: list[_Piece] = []
    words: list[int] = []
    for index, word in enumerate(text.split()):
        specs = _word_pieces(word)
        pieces.extend(specs)
        words.extend([index] * len(specs))
    return pieces, words


@lru_cache(maxsize=262144)
def _word_pieces(word: str) -> tuple[_Piece, ...]:
    """The pieces of one whitespace-separated word; names share words, so this is cached."""
    if word.isascii():
        raws = [raw for raw in _ASCII_SEPARATORS.split(word) if raw]
    else:
        raws = []
        start = 0
        for i, ch in enumerate(word):
            if is_separator(ch):
                if i > start:
                    raws.append(word[start:i])
                start = i + 1
        if start < len(word):
            raws.append(word[start:])
    return tuple(piece for raw in raws for piece in _make_pieces(raw))


def _make_pieces(raw: str) -> list[_Piece]:
    folded = fold(raw)
    if not folded:
        return []
    apostrophe = any(ch in _APOSTROPHES for ch in raw)
    if raw.isascii():
        script = "Latn" if any(c.isalpha() for c in raw) else None
        return [_Piece(raw, t, (t,), script, apostrophe) for t in folded.split()]
    script = dominant_script(raw)
    parts = folded.split()
    out: list[_Piece] = []
    for part in parts:
        # Romanise the raw text when it is one part: it keeps what folding
        # drops (harakat, the Hebrew geresh, alef maqsura).
        source = raw if len(parts) == 1 else part
        form_piece: _Piece | None = None
        if script in _CJK_SCRIPTS:
            rest, form = split_cjk_form(part)
            if form is not None:
                form_text = part.replace(rest, "", 1)
                # No Latin tokens: it is there so that the legal form is found at the edge.
                form_piece = _Piece(form_text, form_text, (), script, False)
                source = rest
                if part.startswith(form_text):
                    out.append(form_piece)
                    form_piece = None
        latin = tuple(fold(to_latin(source)).split())
        out.append(_Piece(source, fold(source), latin, script, apostrophe))
        if form_piece is not None:
            out.append(form_piece)
    return out


def _strip_honorifics(pieces: list[_Piece]) -> tuple[tuple[str, ...], int]:
    """Titles at the start of the name: (their ids, how many pieces they take)."""

    def units(start: int) -> int:
        return len(join_compounds(tuple(t for p in pieces[start:] for t in p.latin)))

    stripped = strip_honorifics([p.orig for p in pieces], units)
    return stripped.removed, stripped.count


def _roles(
    pieces: list[_Piece],
    words: list[int],
    tokens: tuple[str, ...],
    flags: tuple[int, ...],
    family_words: int,
) -> tuple[str, ...]:
    """Given/family/patronymic/particle/initial for each token of a person's name."""
    n = len(tokens)
    roles = [""] * n
    named: list[int] = []
    previous = 0
    for i, f in enumerate(flags):
        if f & _INITIAL:
            roles[i] = "initial"
        elif f & _PARTICLE:
            roles[i] = "particle"
        elif f & _PATRONYMIC or previous & _MARKER:
            roles[i] = "patronymic"
        else:
            named.append(i)
        previous = f
    if not named:
        return tuple(roles)
    single = len(pieces) == n  # one token per piece: token i comes from piece i
    if family_words:
        # "SURNAME, Given" was reordered: the last words are the family name.
        first_family = sorted(set(words))[-family_words]
        token_words = (
            words if single else [w for p, w in zip(pieces, words, strict=True) for _ in p.latin]
        )
        for i in named:
            roles[i] = "family" if token_words[i] >= first_family else "given"
        return tuple(roles)
    # In mixed case, an all-capitals word is the surname ("Aleksei Viktorovich PIMANOV").
    upper: set[int] = set()
    if len(named) > 1:
        raws = [p.raw for p in pieces] if single else [p.raw for p in pieces for _ in p.latin]
        capitals = {i for i in named if len(raws[i]) > 1 and raws[i].isupper()}
        if capitals and len(capitals) < len(named):
            upper = capitals
    if len(pieces) == 1 and pieces[0].script in _SYLLABIC_SCRIPTS:
        family = named[0]  # Chinese and Korean names start with the surname
    elif upper:
        family = max(upper)
    elif n >= 3 and roles[n - 1] == "patronymic" and named[0] == 0 and len(named) >= 2:
        family = 0  # Russian order: Umarov Doku Khamatovich
    elif len(named) >= 2:
        family = named[-1]
    else:
        family = -1
    for i in named:
        roles[i] = "family" if i == family or i in upper else "given"
    return tuple(roles)


def _variants(
    pieces: list[_Piece],
    words: list[int],
    tokens: tuple[str, ...],
    flags: tuple[int, ...],
    person: bool,
    others: list[str],
    remarks: list[str],
    schema: str | None,
    text: str,
) -> tuple[tuple[str, ...], ...]:
    found: list[tuple[str, ...]] = []

    def add(candidate: tuple[str, ...]) -> None:
        if candidate and candidate != tokens and candidate not in found:
            found.append(candidate)

    joined = tokens
    compound = _PARTICLE | _TAIL | _ARTICLE
    if any(f & compound for f in flags):
        joined = join_compounds(tokens)
        add(joined)
        add(_join_particles(tokens, with_next=False))
    if words and words[-1] - words[0] + 1 < len(words):  # some word has several pieces
        add(_join_words(pieces, words))
    if not text.isascii():
        for variant in _romanisations(pieces):
            add(variant)
            add(join_compounds(variant))
        for variant in _syllable_joins(pieces, person):
            add(variant)
    if ("'" in text or "`" in text or not text.isascii()) and any(p.apostrophe for p in pieces):
        add(_split_apostrophes(pieces))
    for variant in _adjacent_joins(tokens):
        add(variant)
    if joined != tokens:
        for variant in _adjacent_joins(joined):
            add(variant)
    for other in others:
        add(_analyse(other, schema).tokens)
    for remark in remarks:
        add(tokens + tuple(fold(to_latin(remark)).split()))
    return tuple(found[:MAX_VARIANTS])


def join_compounds(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name with every compound written as one word, the way many lists write it.

    Compound tails join the word before them (najib allah -> najiballah,
    shams al din -> shamsaldin, kaka zada -> kakazada) and runs of particles
    join the word after them (abd al rahman -> abdalrahman, bin laden ->
    binladen, abu bakr -> abubakr).
    """
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i]
        flags = _flags(token)
        if out and flags & _TAIL:
            out[-1] += token
        elif out and flags & _ARTICLE and i + 1 < n and _flags(tokens[i + 1]) & _ARTICLE_TAIL:
            out[-1] += token + tokens[i + 1]
            i += 1
        else:
            out.append(token)
        i += 1
    return _join_particles(tuple(out), with_next=True)


def _join_particles(tokens: tuple[str, ...], with_next: bool) -> tuple[str, ...]:
    """Join each run of particles to the token after it (or only to each other)."""
    out: list[str] = []
    run: list[str] = []
    for token in tokens:
        if _flags(token) & _PARTICLE:
            run.append(token)
            continue
        if run:
            if with_next:
                out.append("".join(run) + token)
            else:
                out.append("".join(run))
                out.append(token)
            run = []
        else:
            out.append(token)
    if run:
        out.append("".join(run))
    return tuple(out)


def _join_words(pieces: list[_Piece], words: list[int]) -> tuple[str, ...]:
    """Tokens of one whitespace-separated word (Al-Qadi, Seit-Umarovich) joined."""
    out: list[str] = []
    last_word = -1
    for piece, word in zip(pieces, words, strict=True):
        if piece.script in _SYLLABIC_SCRIPTS:
            out.extend(piece.latin)
        elif word == last_word and out:
            out[-1] += "".join(piece.latin)
        elif piece.latin:
            out.append("".join(piece.latin))
        last_word = word
    return tuple(out)


def _split_apostrophes(pieces: list[_Piece]) -> tuple[str, ...]:
    """O'Brien as "o brien": the apostrophe as a word break instead of nothing."""
    out: list[str] = []
    for piece in pieces:
        if piece.apostrophe and piece.raw.isascii():
            out.extend(fold(re.sub(r"['`]", " ", piece.raw)).split())
        else:
            out.extend(piece.latin)
    return tuple(out)


def _romanisations(pieces: list[_Piece]) -> list[tuple[str, ...]]:
    """The name's tokens under each alternative romanisation of its non-Latin words."""
    alternatives = {
        i: latin_variants(p.raw)
        for i, p in enumerate(pieces)
        if not p.raw.isascii() and p.script not in (None, "Latn")
    }
    depth = max((len(a) for a in alternatives.values()), default=0)
    out: list[tuple[str, ...]] = []
    for k in range(depth):
        tokens: list[str] = []
        for i, piece in enumerate(pieces):
            options = alternatives.get(i, [])
            if k < len(options):
                tokens.extend(fold(options[k]).split())
            else:
                tokens.extend(piece.latin)
        out.append(tuple(tokens))
    return out


def _syllable_joins(pieces: list[_Piece], person: bool) -> list[tuple[str, ...]]:
    """Chinese/Korean syllables joined: a person's given name, or every word whole."""
    if not any(p.script in _SYLLABIC_SCRIPTS and len(p.latin) > 1 for p in pieces):
        return []
    given_joined: list[str] = []
    whole: list[str] = []
    for piece in pieces:
        if piece.script in _SYLLABIC_SCRIPTS and len(piece.latin) > 1:
            given_joined.extend([piece.latin[0], "".join(piece.latin[1:])])
            whole.append("".join(piece.latin))
        else:
            given_joined.extend(piece.latin)
            whole.extend(piece.latin)
    # A person's name keeps the surname apart (Kim Jongun): joining it too
    # would turn a full name into one token that matches any one-word alias.
    # Several words each joined (a foreign name in Hangul) stay several tokens.
    if not person:
        return [tuple(whole), tuple(given_joined)]
    return [tuple(given_joined), tuple(whole)] if len(whole) > 1 else [tuple(given_joined)]


def _adjacent_joins(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each pair of adjacent short tokens joined (Kim Chol Nam / Kim Cholnam).

    Only for names of three to six tokens: a two-token name joined is a
    single token, which would match any one-word alias of the same sound.
    """
    if len(tokens) < 3 or len(tokens) > 6:
        return []
    out: list[tuple[str, ...]] = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if len(a) > 1 and len(b) > 1 and len(a) + len(b) <= 12:
            out.append((*tokens[:i], a + b, *tokens[i + 2 :]))
    return out
