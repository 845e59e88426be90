"""How alike two name tokens are, across spellings and scripts.

Similarity is in [0, 1]: 1 for the same token, about 0.9 for one typo or a
romanisation variant, 0 for unrelated tokens. Below `FLOOR` a pair counts as
unrelated, so that two names are never "half alike" because their tokens
share a few letters.

Two Latin spellings are compared by edit distance (optimal string alignment,
so a transposition is one edit) on the text and on the phonetic form; when
their consonants agree, vowel by vowel (Mohammed/Muhammad agree in every
vowel slot, Hassan/Hussein in none). A token romanised from an abjad script
is compared by its consonant key, and its written long vowels are checked
against the Latin vowels in the same place: محمود (m-h-m-u-d) agrees with
Mahmud, not with Muhammad.

Edit distances come from rapidfuzz (C++); results are cached per pair of
forms, since the same few thousand tokens recur across queries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from proscribe.index.features import TokenFeatures
from proscribe.index.forms import Role, Token
from proscribe.index.phonetic import phonetic, vowel_slots
from proscribe.text.legal_forms import legal_form_family

FLOOR = 0.8
INITIAL_SIM = 0.9
PHONETIC_FACTOR = 0.97
# Factor on an edit similarity that no typo or romanisation rule explains.
UNEXPLAINED = 0.95
# Phonetic equality of very short words (Chieh/Chi, Shu/Su) proves nothing.
MIN_PHONETIC_LENGTH = 4
CROSS_SCRIPT_CAP = 0.95
SAME_KEY_BASE = 0.75
SAME_KEY_VOWELS = 0.2
MIN_VOWEL_AGREEMENT = 0.75
# Two patronymics of the same father's name in different languages.
PATRONYMIC_STEM_SIM = 0.92
# Two legal forms lists use as translations of each other (LLC / Ltd / OOO).
LEGAL_FAMILY_SIM = 0.9

# Cross-script similarity of tokens whose consonants agree, by consonant count.
_SAME_CONSONANTS = {0: 0.0, 1: 0.0, 2: 0.8, 3: 0.82, 4: 0.86}
_COMPATIBLE = {"a": "ae", "e": "eai", "i": "ie", "o": "ou", "u": "uo"}


def typo_similarity(
    distance: np.ndarray | int, length: np.ndarray | int, same_first: np.ndarray | bool = True
) -> np.ndarray | float:
    """Similarity of two spellings from their edit distance and the longer one's length.

    A plain normalised similarity (1 - d/L) calls a transposed pair of
    letters in a six-letter name only 0.67 alike; typists and transcribers
    make one slip per word regardless of its length, so edits within the
    word's budget (one edit from four letters, two from ten, three from
    fifteen) score as a typo: 0.8 for a four-letter word, 0.88 up to seven
    letters, 0.92 beyond, 0.1 less per further edit. Slips rarely hit the
    first letter, and two short names differing in it are usually two
    names (Bong/Song, Maria/Naria): differences no typo explains count at
    UNEXPLAINED times the plain ratio.
    """
    d = np.asarray(distance, dtype=np.float64)
    n = np.maximum(np.asarray(length, dtype=np.float64), 1.0)
    plain = 1.0 - d / n
    first = np.where(n >= 8, 0.92, np.where(n >= 5, 0.88, 0.8))
    typo = first - 0.1 * (d - 1)
    budget = np.where(n >= 15, 3, np.where(n >= 10, 2, np.where(n >= 4, 1, 0)))
    within = (d >= 1) & (d <= budget) & np.asarray(same_first, dtype=bool)
    out = np.where(within, np.maximum(plain, typo), plain * UNEXPLAINED)
    out = np.where(d == 0, 1.0, out)
    return float(out) if out.ndim == 0 else out


def _edit_sim(a: str, b: str) -> float:
    """Surface similarity: edit distance with the typo allowance."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return float(typo_similarity(OSA.distance(a, b), max(len(a), len(b)), a[0] == b[0]))


def _plain_sim(a: str, b: str) -> float:
    """Similarity of two derived forms (phonetic): the plain ratio, no typo allowance on top."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return float(OSA.normalized_similarity(a, b)) * UNEXPLAINED


def _edit_matrix(
    rows: list[str],
    cols: list[str],
    row_len: np.ndarray,
    col_len: np.ndarray,
    first: np.ndarray | None,
) -> np.ndarray:
    """Edit similarities of every pair; with `first` (same first letter), with the typo allowance."""
    dist = process.cdist(rows, cols, scorer=OSA.distance, dtype=np.int32)
    lengths = np.maximum(row_len[:, None], col_len[None, :])
    if first is not None:
        sim = np.asarray(typo_similarity(dist, lengths, first))
    else:
        sim = np.where(dist == 0, 1.0, (1.0 - dist / np.maximum(lengths, 1)) * UNEXPLAINED)
    empty = (row_len == 0)[:, None] | (col_len == 0)[None, :]
    return np.where(empty & (dist > 0), 0.0, sim)


def _vowel_agreement(a_phon: str, b_phon: str, written_only: bool) -> float | None:
    """Share of vowel slots two same-consonant spellings agree on, or None if not comparable.

    With `written_only`, only the vowels of `a` count (an abjad romanisation
    writes long vowels; a Latin spelling may add short ones anywhere).
    """
    a_cons, a_after = vowel_slots(a_phon)
    b_cons, b_after = vowel_slots(b_phon)
    if a_cons != b_cons or len(a_cons) < 2:
        return None
    agree = slots = 0
    for k, (va, vb) in enumerate(zip(a_after, b_after, strict=True)):
        if written_only and (not va or k == 0):
            continue  # unwritten; or word-initial, where alef and ayn carry any vowel (Osama/Usama)
        if not va and not vb:
            continue
        slots += 1
        if va == vb or (
            len(va) == len(vb)
            and all(y in _COMPATIBLE.get(x, x) for x, y in zip(va, vb, strict=True))
        ):
            agree += 1
        elif written_only and va and any(y in _COMPATIBLE.get(va[0], va[0]) for y in vb):
            # A written long vowel heard among the Latin vowels there (ي in Zubaidi's "ai").
            agree += 1
    return agree / slots if slots else None


@lru_cache(maxsize=1_000_000)
def _latin_sim(a: str, a_phon: str, a_skel: str, b: str, b_phon: str, b_skel: str) -> float:
    sim = _edit_sim(a, b)
    if a_phon == b_phon:
        if min(len(a), len(b)) >= MIN_PHONETIC_LENGTH:
            sim = max(sim, PHONETIC_FACTOR)
    elif sim < PHONETIC_FACTOR:
        sim = max(sim, PHONETIC_FACTOR * _plain_sim(a_phon, b_phon))
        if a_skel == b_skel:
            # Romanisations of one name differ in vowels more than in consonants.
            agreement = _vowel_agreement(a_phon, b_phon, written_only=False)
            if agreement is not None and agreement >= MIN_VOWEL_AGREEMENT:
                sim = max(sim, SAME_KEY_BASE + SAME_KEY_VOWELS * agreement)
    return sim if sim >= FLOOR else 0.0


@lru_cache(maxsize=500_000)
def _cross_script(
    abjad: str, abjad_skel: str, latin: str, latin_phon: str, latin_skel: str
) -> float:
    if not abjad_skel or not latin_skel:
        return 0.0
    # A lexicon romanisation may spell the name exactly as the list does.
    sim = _edit_sim(abjad, latin)
    if abjad_skel == latin_skel:
        agreement = _vowel_agreement(phonetic(abjad), latin_phon, written_only=True)
        if agreement is None:
            # Consonants agree and no long vowel is written to check: the
            # more consonants, the stronger the evidence.
            sim = max(sim, _SAME_CONSONANTS.get(len(abjad_skel), _SAME_CONSONANTS[4]))
        elif agreement >= MIN_VOWEL_AGREEMENT:
            sim = max(sim, SAME_KEY_BASE + SAME_KEY_VOWELS * agreement)
    elif len(abjad_skel) >= 4 and len(latin_skel) >= 4:
        sim = max(sim, 0.9 * float(Levenshtein.normalized_similarity(abjad_skel, latin_skel)))
    sim = min(CROSS_SCRIPT_CAP, sim)
    return sim if sim >= FLOOR else 0.0


_PATRONYMIC_END = re.compile(
    r"[iy]*(?:ovych|evych|ovich|evich|ovitch|evitch|ovitj|evitj|ovna|evna|ivna|ichna)$"
)


def _patronymic_stem(token: str) -> str:
    return _PATRONYMIC_END.sub("", token) or token


@lru_cache(maxsize=100_000)
def _patronymic_sim(a: str, b: str) -> float:
    """Two patronymics compared by the father's name in them (Hennadiyovych ~ Gennadevich)."""
    sa, sb = _patronymic_stem(a), _patronymic_stem(b)
    if sa == sb:
        return PATRONYMIC_STEM_SIM
    # Ukrainian writes h where Russian writes g (Hennadiy / Gennadiy): the
    # first letter may differ.
    sim = max(
        _latin_sim(sa, phonetic(sa), sa, sb, phonetic(sb), sb),
        float(typo_similarity(OSA.distance(sa, sb), max(len(sa), len(sb)))),
    )
    return PATRONYMIC_STEM_SIM * sim if PATRONYMIC_STEM_SIM * sim >= FLOOR else 0.0


def similarity(a: Token, b: Token) -> float:
    """How alike two tokens are, in [0, 1]; 0 below `FLOOR`."""
    if a.role is Role.LEGAL and b.role is Role.LEGAL:
        if a.text == b.text:
            return 1.0
        family = legal_form_family(a.text)
        return (
            LEGAL_FAMILY_SIM if family is not None and family == legal_form_family(b.text) else 0.0
        )
    if (
        a.role is Role.NUMBER
        or b.role is Role.NUMBER
        or a.role is Role.LEGAL
        or b.role is Role.LEGAL
    ):
        return 1.0 if a.text == b.text and a.role == b.role else 0.0
    if a.text == b.text:
        return 1.0
    if a.role is Role.INITIAL or b.role is Role.INITIAL:
        if a.role is Role.INITIAL and b.role is Role.INITIAL:
            return 0.0
        short, long = (a, b) if a.role is Role.INITIAL else (b, a)
        return INITIAL_SIM if long.text.startswith(short.text) else 0.0
    if a.role is Role.PATRONYMIC and b.role is Role.PATRONYMIC:
        return max(
            _latin_sim(a.text, a.phon, a.skel, b.text, b.phon, b.skel),
            _patronymic_sim(a.text, b.text),
        )
    if a.abjad and not b.abjad:
        return _cross_script(a.text, a.skel, b.text, b.phon, b.skel)
    if b.abjad and not a.abjad:
        return _cross_script(b.text, b.skel, a.text, a.phon, a.skel)
    return _latin_sim(a.text, a.phon, a.skel, b.text, b.phon, b.skel)


def similarity_matrix(rows: Sequence[Token], cols: Sequence[Token]) -> np.ndarray:
    """`similarity` for every (row, column) pair, computed in bulk; equal to the scalar function.

    rapidfuzz computes the edit similarities of all pairs in C++; Python
    only visits the few pairs that need a closer look (same consonant key
    with different vowels, initials, numbers and legal forms).
    """
    return feature_matrix(TokenFeatures.of(rows), TokenFeatures.of(cols))


def feature_matrix(r: TokenFeatures, c: TokenFeatures) -> np.ndarray:
    """`similarity_matrix` from token features (see `TokenFeatures`)."""
    rows = r.tokens
    cols = c.tokens
    out = np.zeros((len(r), len(c)), dtype=np.float64)
    if not len(r) or not len(c):
        return out
    first = r.first[:, None] == c.first[None, :]
    text = _edit_matrix(r.text, c.text, r.length, c.length, first)
    phon = _edit_matrix(r.phon, c.phon, r.phon_length, c.phon_length, None)
    long_enough = np.minimum(r.length[:, None], c.length[None, :]) >= MIN_PHONETIC_LENGTH
    skel_eq = r.skel_id[:, None] == c.skel_id[None, :]
    plain = r.plain[:, None] & c.plain[None, :] & ~(r.patronymic[:, None] & c.patronymic[None, :])
    cross = r.abjad[:, None] != c.abjad[None, :]
    same_script = plain & ~cross
    cross_script = plain & cross

    # Latin against Latin (or romanised against romanised): text, phonetic form, then vowels.
    phon_eq = (phon >= 1.0) & long_enough
    sim = np.where(
        text < PHONETIC_FACTOR,
        np.maximum(text, np.where(phon >= 1.0, 0.0, PHONETIC_FACTOR * phon)),
        text,
    )
    sim = np.where(phon_eq, np.maximum(sim, PHONETIC_FACTOR), sim)
    closer = (
        same_script & skel_eq & ~phon_eq & (phon < 1.0) & (sim < SAME_KEY_BASE + SAME_KEY_VOWELS)
    )
    for i, j in zip(*np.nonzero(closer), strict=True):
        a, b = rows(int(i)), cols(int(j))
        sim[i, j] = _latin_sim(a.text, a.phon, a.skel, b.text, b.phon, b.skel)
    out[same_script] = np.where(sim >= FLOOR, sim, 0.0)[same_script]

    # Romanised abjad against Latin: the text itself, else the consonant keys.
    if cross_script.any():
        csim = text.copy()
        keys = process.cdist(
            r.skel, c.skel, scorer=Levenshtein.normalized_similarity, dtype=np.float64
        )
        near = cross_script & ~skel_eq & r.skel_long[:, None] & c.skel_long[None, :]
        csim = np.where(near, np.maximum(csim, 0.9 * keys), csim)
        for i, j in zip(*np.nonzero(cross_script & skel_eq), strict=True):
            a, b = rows(int(i)), cols(int(j))
            csim[i, j] = similarity(a, b)
        csim = np.minimum(csim, CROSS_SCRIPT_CAP)
        csim = np.where(csim >= FLOOR, csim, 0.0)
        out[cross_script] = csim[cross_script]

    # Initials, numbers and legal forms: the scalar rules (few rows and columns).
    for i, j in zip(*np.nonzero(~plain), strict=True):
        out[i, j] = similarity(rows(int(i)), cols(int(j)))
    out[plain & (text >= 1.0)] = 1.0
    return out
