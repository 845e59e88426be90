"""Screening many customers against a few listed entities without screening each customer.

Monitoring must answer "which of a million customers does today's list change
hit?" in seconds. Running the matcher per customer (retrieval over the whole
index, then scoring) costs milliseconds each: an hour. But a delta is small:
a few hundred entities, a few thousand distinct name tokens. So the work is
turned around.

1. The targets' name tokens (and adjacent pairs read as one word) are filed
   under the matcher's own recall keys (`proscribe.index.keys.token_keys`).
2. Every distinct customer token (a million names have a few hundred
   thousand distinct words) looks up its keys once, and the pairs that share
   a key are compared with the matcher's own token similarity. Long tokens,
   which can be alike at two edits without sharing a key, are also compared
   by edit distance. A customer's adjacent words read as one (stored at
   import: Abdul Rahman -> abdulrahman) are looked up the same way, so a
   name written in two words is found by a listed name written in one.
3. Each (customer name form, listed name form) pair reached through a name
   word gets an upper bound of its alignment score, computed for all pairs at
   once with numpy. The aligner's score is the larger of a weighted average
   of token similarities, in which a token left unmatched costs a share of
   its weight (`EXTRA_QUERY`, `EXTRA_CANDIDATE`, or less under the shared and
   contained rules when two or more name words match strongly), and, under
   those rules, a floor that grows with the strongly matched words' weight.
   Choosing for every token either its best similarity or "unmatched", at
   the cheapest share the rules allow, and keeping the best ratio bounds the
   average from above; the floor is bounded by the same best similarities.
   Initials, titles and legal forms are counted as matched (they carry
   little weight). Birth date, country, identifier and gender evidence add
   at most their "same" weights, for the facts both sides have; the schema
   verdict is exact (a person is never a company).
4. Only pairs whose bound can reach the threshold are scored, with the real
   scorer against the full index (the same token weights, the same
   evidence), so an alert from monitoring carries exactly the score and
   explanation a full screening gives that pair.

The bound rests on the assumption the candidate index makes: two tokens that
share no recall key (and are not long tokens within a few edits) are not
alike, and a pair that shares no name word (only particles, legal forms or
titles) is no name match. Tests compare monitoring with full screening on
real list deltas.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from proscribe.cases.namekeys import (
    EVIDENCE_BIRTH_DATE,
    EVIDENCE_COUNTRY,
    EVIDENCE_FACTS,
    EVIDENCE_GENDER,
    EVIDENCE_IDENTIFIER,
    PART_SEP,
    SCHEMA_CODES,
    SCHEMA_SHIFT,
    TokenSpec,
    decode_forms,
    make_token,
    schema_code,
)
from proscribe.index.build import ROLE_WEIGHT, rarity, rarity_keys
from proscribe.index.candidates import CandidateIndex
from proscribe.index.forms import Role, Token, join_span, spans
from proscribe.index.keys import hash_keys, token_keys
from proscribe.match.align import (
    CONTAINED_EXTRA,
    CONTAINED_MAX,
    CONTAINED_WEIGHT,
    EXTRA_CANDIDATE,
    EXTRA_QUERY,
    MAX_TOKENS,
    SHARED_EXTRA,
    SHARED_MAX,
    SHARED_WEIGHT,
    STRONG_PAIR,
)
from proscribe.match.evidence import (
    COUNTRY_MATCH,
    DOB_SAME_DAY,
    GENDER_MATCH,
    ID_MATCH,
    compare_schema,
)
from proscribe.match.query import Query
from proscribe.match.score import (
    PreparedQuery,
    Scored,
    name_logit,
    prepare_query,
    score_entity,
    secondary_evidence,
    sigmoid,
)
from proscribe.match.tokens import similarity, similarity_matrix

# Tokens at least this long can be alike at two or three edits without sharing a key.
LONG_TOKEN = 8
LONG_EDITS = 3
# Rows per bulk similarity call (see Vocabulary._similarities).
SIM_BLOCK = 128
# Subjects per vectorised batch: bounds memory at a few hundred megabytes.
CHUNK = 100_000
# Name words as the aligner counts them: a pair reached only through
# particles, legal forms or titles shares no name word.
_STRONG = (Role.NAME, Role.NUMBER, Role.PATRONYMIC)
# Tokens the bulk similarity compares by spelling (the others by rule).
_PLAIN = (Role.NAME, Role.PARTICLE, Role.PATRONYMIC)
# Tokens with no fuzzy keys: bounded as if they matched (they weigh little).
DIRECT_ROLES = (Role.INITIAL, Role.TITLE, Role.LEGAL)
_EPS = 1e-9
# Vocabulary prefix keeping a customer's joined runs apart from single tokens with the same text.
RUN = "J"
# The vocabulary entry alike to nothing.
_NOTHING = Token("", "", "", Role.TITLE)
EMPTY = 0
_WIDTH = MAX_TOKENS
_POSITIONS = [tuple(range(k)) for k in range(_WIDTH + 1)]
_ONES = [(1,) * k for k in range(_WIDTH + 1)]


def _facts_code(dob: bool, country: bool, ident: bool, gender: bool) -> int:
    return (
        (EVIDENCE_BIRTH_DATE if dob else 0)
        | (EVIDENCE_COUNTRY if country else 0)
        | (EVIDENCE_IDENTIFIER if ident else 0)
        | (EVIDENCE_GENDER if gender else 0)
    )


def secondary_max(shared: int) -> float:
    """The most birth date, country, identifier and gender can add when both sides state `shared` facts."""
    total = 0.0
    if shared & EVIDENCE_BIRTH_DATE:
        total += DOB_SAME_DAY
    if shared & EVIDENCE_COUNTRY:
        total += COUNTRY_MATCH
    if shared & EVIDENCE_IDENTIFIER:
        total += ID_MATCH
    if shared & EVIDENCE_GENDER:
        total += GENDER_MATCH
    return total


def min_name_score(threshold: float, secondary: float) -> float:
    """The least name similarity that, with `secondary` log-odds of other evidence, reaches the threshold."""
    if sigmoid(name_logit(1.0) + secondary) < threshold - _EPS:
        return 2.0
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2.0
        if sigmoid(name_logit(mid) + secondary) >= threshold - _EPS:
            hi = mid
        else:
            lo = mid
    return lo


def floor_table(threshold: float) -> np.ndarray:
    """[customer code, entity code] -> the least name bound worth scoring (2: the pair can never alert).

    A code is the facts a side states (bits 0-3) plus its schema (bits
    4-6). The schema verdict is exact (a person is never a company); the
    other evidence counts at its best.
    """
    size = len(SCHEMA_CODES) << SCHEMA_SHIFT
    table = np.full((size, size), 2.0)
    cache: dict[float, float] = {}
    for q_schema, q_name in enumerate(SCHEMA_CODES):
        for c_schema, c_name in enumerate(SCHEMA_CODES):
            schema = compare_schema(q_name, c_name).weight if c_name is not None else 0.0
            for q in range(EVIDENCE_FACTS + 1):
                for c in range(EVIDENCE_FACTS + 1):
                    total = round(secondary_max(q & c) + schema, 9)
                    if total not in cache:
                        cache[total] = min_name_score(threshold, total)
                    table[(q_schema << SCHEMA_SHIFT) | q, (c_schema << SCHEMA_SHIFT) | c] = cache[
                        total
                    ]
    return table


class Targets:
    """The listed entities to match against (a delta, or a whole index), unpacked for lookups."""

    def __init__(self, index: CandidateIndex, entities: Iterable[int]) -> None:
        self.index = index
        self.entities = sorted(set(entities))
        form_entity: list[int] = []
        weights: list[tuple[float, ...]] = []
        direct: list[tuple[bool, ...]] = []
        names: list[tuple[bool, ...]] = []
        token_occ: dict[int, list[tuple[int, int, int]]] = {}
        join_occ: dict[tuple[int, ...], list[tuple[int, int, int]]] = {}
        facts: list[int] = []
        for e in self.entities:
            rec = index.record(e)
            code = _facts_code(
                bool(rec.birth_dates),
                bool(rec.countries),
                bool(rec.identifiers),
                rec.gender is not None and rec.schema == "Person",
            ) | (schema_code(rec.schema) << SCHEMA_SHIFT)
            for n in index.entity_names(e):
                for form in index.name_forms(n):
                    tids = form.tids[:_WIDTH]
                    f = len(form_entity)
                    toks = [index.token(t) for t in tids]
                    form_entity.append(e)
                    facts.append(code)
                    weights.append(tuple(form.weights[: len(tids)]))
                    direct.append(tuple(t.role in DIRECT_ROLES for t in toks))
                    names.append(tuple(t.role in _STRONG for t in toks))
                    for pos, t in enumerate(tids):
                        token_occ.setdefault(t, []).append((f, pos, 1))
                    # The runs of listed words the aligner reads as one word.
                    for span in spans([t.role for t in toks]):
                        run = tuple(tids[k] for k in span)
                        join_occ.setdefault(run, []).append((f, span[0], len(span)))
        n_forms = len(form_entity)
        self.n_forms = n_forms
        self.form_entity = np.asarray(form_entity, dtype=np.int64)
        self.form_facts = np.asarray(facts, dtype=np.int64)
        self.form_w = np.zeros((n_forms, _WIDTH))
        self.form_direct = np.zeros((n_forms, _WIDTH), dtype=bool)
        self.form_present = np.zeros((n_forms, _WIDTH), dtype=bool)
        self.form_name = np.zeros((n_forms, _WIDTH), dtype=bool)
        for f, (ws, ds, ns) in enumerate(zip(weights, direct, names, strict=True)):
            self.form_w[f, : len(ws)] = ws
            self.form_direct[f, : len(ds)] = ds
            self.form_name[f, : len(ns)] = ns
            self.form_present[f, : len(ws)] = True
        # Units: the listed tokens, then adjacent pairs read as one word.
        self.units: list[Token] = []
        self.occurrences: list[list[tuple[int, int, int]]] = []
        for tid, occ in token_occ.items():
            self.units.append(index.token(tid))
            self.occurrences.append(occ)
        for run, occ in join_occ.items():
            toks = [index.token(t) for t in run]
            self.units.append(join_span(toks, tuple(range(len(toks)))))
            self.occurrences.append(occ)
        self.key_units: dict[str, list[int]] = {}
        for u, tok in enumerate(self.units):
            for key, _quality in token_keys(tok):
                self.key_units.setdefault(key, []).append(u)
        self.long_units = [
            u for u, t in enumerate(self.units) if len(t.text) >= LONG_TOKEN and t.role in _PLAIN
        ]
        self.long_texts = [self.units[u].text for u in self.long_units]


def run_keys(token: Token) -> list[str]:
    """The exact, phonetic and consonant keys of a joined run, as `index.keys.token_keys` writes them."""
    keys = ["t:" + token.text]
    if token.phon != token.text:
        keys.append("p:" + token.phon)
    if len(token.phon) >= 4:
        keys.append("d:" + token.phon)
    if len(token.skel) >= 2:
        keys.append("s:" + token.skel)
    return keys


def token_weights(index: CandidateIndex, tokens: Sequence[Token]) -> list[float]:
    """`index.token_weight` for many tokens at once (it hashes per call, which is slow one by one)."""
    if not tokens:
        return []
    hashes = hash_keys([rarity_keys(tok)[0] for tok in tokens])
    table = index.rarity_hash
    pos = np.searchsorted(table, hashes)
    clipped = np.minimum(pos, max(len(table) - 1, 0))
    present = (
        (pos < len(table)) & (table[clipped] == hashes)
        if len(table)
        else np.zeros(len(tokens), dtype=bool)
    )
    out = []
    for tok, ok, p in zip(tokens, present, clipped, strict=True):
        df = int(index.rarity_df[p]) if ok else 0
        out.append(ROLE_WEIGHT[tok.role] * rarity(df, index.n_entities))
    return out


@dataclass(slots=True)
class Vocabulary:
    """Distinct customer tokens, each looked up against the targets once."""

    targets: Targets
    ids: dict[TokenSpec, int] = field(default_factory=dict)
    tokens: list[Token] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    # Per token: (target form, position, run length, similarity) for every target token or run it is alike to.
    marks: list[list[tuple[int, int, int, float]]] = field(default_factory=list)
    compared: int = 0
    _arrays: tuple[np.ndarray, ...] | None = None

    def __post_init__(self) -> None:
        # Entry EMPTY: a token alike to nothing, for the many runs that share no key with the targets.
        self.tokens.append(_NOTHING)
        self.weights.append(0.0)
        self.marks.append([])

    def add(self, specs: Iterable[TokenSpec], runs: Iterable[TokenSpec] = ()) -> None:
        """Look up every new token and joined run: keys, long-token edit distance; similarities in bulk.

        A customer's words read as one (`runs`, kept apart in the vocabulary
        as `RUN + spec`) are looked up under their exact, phonetic and
        consonant keys only: they are many (one per adjacent pair of words)
        and long, and the listed side's keys already include every
        one-letter deletion.
        """
        fresh = [(spec, False) for spec in set(specs).difference(self.ids)]
        key_units = self.targets.key_units
        for spec in {RUN + r for r in runs}.difference(self.ids):
            # Most runs (one per pair of adjacent words) share no key with the targets: file them
            # under the empty entry without building a token.
            head, phon, skel = spec[len(RUN) :].split(PART_SEP)
            text = head[2:]
            if (
                ("t:" + text) in key_units
                or ("p:" + phon) in key_units
                or (len(phon) >= 4 and ("d:" + phon) in key_units)
                or (len(skel) >= 2 and ("s:" + skel) in key_units)
            ):
                fresh.append((spec, True))
            else:
                self.ids[spec] = EMPTY
        if not fresh:
            return
        self._arrays = None
        new: list[int] = []
        for spec, is_run in fresh:
            self.ids[spec] = len(self.tokens)
            new.append(len(self.tokens))
            self.tokens.append(make_token(spec[len(RUN) :] if is_run else spec))
        t = self.targets
        # Runs only mark the words they join; the words carry the weights.
        plain = [i for i, (_spec, is_run) in enumerate(fresh) if not is_run]
        weights = [0.0] * len(new)
        for i, w in zip(
            plain, token_weights(t.index, [self.tokens[new[i]] for i in plain]), strict=True
        ):
            weights[i] = w
        self.weights.extend(weights)
        found: list[set[int]] = []
        for vid, (_spec, is_run) in zip(new, fresh, strict=True):
            units: set[int] = set()
            tok = self.tokens[vid]
            for key in run_keys(tok) if is_run else (k for k, _q in token_keys(tok)):
                hit = t.key_units.get(key)
                if hit:
                    units.update(hit)
            found.append(units)
        longs = [
            i
            for i in plain
            if len(self.tokens[new[i]].text) >= LONG_TOKEN and self.tokens[new[i]].role in _PLAIN
        ]
        if longs and t.long_units:
            dist = process.cdist(
                [self.tokens[new[i]].text for i in longs],
                t.long_texts,
                scorer=OSA.distance,
                score_cutoff=LONG_EDITS,
                dtype=np.int32,
            )
            for row, col in zip(*np.nonzero(dist <= LONG_EDITS), strict=True):
                found[longs[int(row)]].add(t.long_units[int(col)])
        computed = self._similarities([self.tokens[v] for v in new], found)
        for sims in computed:
            self.marks.append(
                [
                    (f, pos, span, sim)
                    for u, sim in sims.items()
                    for f, pos, span in t.occurrences[u]
                ]
            )

    def _similarities(self, tokens: list[Token], found: list[set[int]]) -> list[dict[int, float]]:
        """The matcher's similarity for each (token, unit) pair found.

        `similarity_matrix` costs a fixed overhead per call and little per
        cell, and the scalar function is slow, so name words are compared in
        blocks of rows against the union of the units they need; legal
        forms, numbers and initials (few, and compared by rule) one by one.
        """
        units = self.targets.units
        out: list[dict[int, float]] = [{} for _ in tokens]
        for i, tok in enumerate(tokens):
            rest = (
                found[i]
                if tok.role not in _PLAIN
                else {u for u in found[i] if units[u].role not in _PLAIN}
            )
            for u in rest:
                sim = similarity(tok, units[u])
                if sim > 0.0:
                    out[i][u] = sim
            self.compared += len(rest)
        rows = sorted(
            (i for i, tok in enumerate(tokens) if tok.role in _PLAIN and found[i]),
            key=lambda i: min(found[i]),
        )
        for start in range(0, len(rows), SIM_BLOCK):
            block = rows[start : start + SIM_BLOCK]
            cols = sorted({u for i in block for u in found[i] if units[u].role in _PLAIN})
            if not cols:
                continue
            where = {u: c for c, u in enumerate(cols)}
            matrix = similarity_matrix([tokens[i] for i in block], [units[u] for u in cols])
            for r, i in enumerate(block):
                row = matrix[r]
                for u in found[i]:
                    c = where.get(u)
                    if c is not None:
                        self.compared += 1
                        if row[c] > 0.0:
                            out[i][u] = float(row[c])
        return out

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The marks as CSR arrays by token: (ptr, form, position, span, similarity), plus per-token facts."""
        if self._arrays is None:
            counts = np.fromiter(
                (len(m) for m in self.marks), dtype=np.int64, count=len(self.marks)
            )
            ptr = np.zeros(len(self.marks) + 1, dtype=np.int64)
            np.cumsum(counts, out=ptr[1:])
            flat = [m for marks in self.marks for m in marks]
            data = np.asarray(flat, dtype=np.float64).reshape(-1, 4)
            roles = [t.role for t in self.tokens]
            self._arrays = (
                ptr,
                data[:, 0].astype(np.int64),
                data[:, 1].astype(np.int64),
                data[:, 2].astype(np.int64),
                data[:, 3],
                np.asarray([r in _STRONG for r in roles], dtype=bool),
                np.asarray([r in DIRECT_ROLES for r in roles], dtype=bool),
                np.asarray([r in _STRONG for r in roles], dtype=bool),
                np.asarray(self.weights, dtype=np.float64),
            )
        return self._arrays


def _prefix_bound(b: np.ndarray, w: np.ndarray, f: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Per row: max over token choices of (sum b*w/2 over matched) / (sum w/2 over matched + sum f*w over the rest).

    Tokens whose matching lowers the total (f >= 1/2) are always taken when
    alike at all; the others are taken in order of similarity, and the best
    prefix ratio is the optimum (a fractional knapsack ordered by b).
    """
    alike = present & (b > 0.0)
    base_den = np.where(present, f * w, 0.0).sum(axis=1)
    fixed = alike & (f >= 0.5)
    num = np.where(fixed, b * w / 2.0, 0.0).sum(axis=1)
    den = base_den + np.where(fixed, (0.5 - f) * w, 0.0).sum(axis=1)
    free = alike & ~fixed
    key = np.where(free, -b, 1.0)
    order = np.argsort(key, axis=1, kind="stable")
    a = np.take_along_axis(np.where(free, b * w / 2.0, 0.0), order, axis=1)
    d = np.take_along_axis(np.where(free, (0.5 - f) * w, 0.0), order, axis=1)
    nums = num[:, None] + np.concatenate([np.zeros((len(b), 1)), np.cumsum(a, axis=1)], axis=1)
    dens = den[:, None] + np.concatenate([np.zeros((len(b), 1)), np.cumsum(d, axis=1)], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(dens > 0.0, nums / dens, np.where(nums > 0.0, 1.0, 0.0))
    return np.minimum(1.0, ratios.max(axis=1))


def name_bounds(
    qb: np.ndarray,
    qw: np.ndarray,
    qname: np.ndarray,
    q_present: np.ndarray,
    cb: np.ndarray,
    cw: np.ndarray,
    cname: np.ndarray,
    c_present: np.ndarray,
) -> np.ndarray:
    """Upper bounds of alignment scores for rows of (query tokens, candidate tokens).

    `qb`/`cb` are each token's best similarity to any token (or run of
    tokens read as one word) of the other name, 0 for none; `qw`/`cw` the
    weights the scorer gives them; `qname`/`cname` mark name words. The
    aligner's score is the larger of a weighted average (matched pairs at
    their similarity, left-over words charged a share of their weight) and,
    when two or more name words match strongly, a floor that grows with
    their weight. With fewer than two strong name matches, left-overs cost
    `EXTRA_QUERY` / `EXTRA_CANDIDATE`; with two or more, as little as the
    cheapest of the shared and contained rules, and the floor is bounded by
    the strong tokens' best weight.
    """
    b = np.concatenate([qb, cb], axis=1)
    w = np.concatenate([qw, cw], axis=1)
    present = np.concatenate([q_present, c_present], axis=1)
    f_few = np.concatenate(
        [np.full(qb.shape, EXTRA_QUERY), np.full(cb.shape, EXTRA_CANDIDATE)], axis=1
    )
    bound = _prefix_bound(b, w, f_few, present)
    strong_q = (q_present & qname & (qb >= STRONG_PAIR - _EPS)).sum(axis=1)
    strong_c = (c_present & cname & (cb >= STRONG_PAIR - _EPS)).sum(axis=1)
    many = (strong_q >= 2) & (strong_c >= 2)
    if not many.any():
        return bound
    fq = min(EXTRA_QUERY, SHARED_EXTRA, CONTAINED_EXTRA)
    fc = min(EXTRA_CANDIDATE, CONTAINED_EXTRA)
    bm, wm, pm = b[many], w[many], present[many]
    f_many = np.concatenate(
        [np.full((len(bm), qb.shape[1]), fq), np.full((len(bm), cb.shape[1]), fc)], axis=1
    )
    ratio = _prefix_bound(bm, wm, f_many, pm)
    evidence = np.where(pm & (bm >= STRONG_PAIR - _EPS), bm * wm / 2.0, 0.0).sum(axis=1)
    floor = np.maximum(
        CONTAINED_MAX * np.minimum(1.0, evidence / CONTAINED_WEIGHT),
        SHARED_MAX * np.minimum(1.0, evidence / SHARED_WEIGHT),
    )
    out = bound.copy()
    out[many] = np.minimum(1.0, np.maximum.reduce([bound[many], ratio, floor]))
    return out


@dataclass(slots=True)
class MatchStats:
    subjects: int = 0
    vocabulary: int = 0
    token_comparisons: int = 0
    marks: int = 0
    reached_pairs: int = 0
    bounded_pairs: int = 0
    candidate_pairs: int = 0
    scored_pairs: int = 0
    hits: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def merge(self, other: MatchStats) -> None:
        for name in (
            "subjects",
            "vocabulary",
            "token_comparisons",
            "marks",
            "reached_pairs",
            "bounded_pairs",
            "candidate_pairs",
            "scored_pairs",
            "hits",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.seconds.items():
            self.seconds[k] = self.seconds.get(k, 0.0) + v

    def add_time(self, stage: str, started: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

    def to_dict(self) -> dict[str, object]:
        return {
            "subjects": self.subjects,
            "vocabulary": self.vocabulary,
            "token_comparisons": self.token_comparisons,
            "marks": self.marks,
            "reached_pairs": self.reached_pairs,
            "bounded_pairs": self.bounded_pairs,
            "candidate_pairs": self.candidate_pairs,
            "scored_pairs": self.scored_pairs,
            "hits": self.hits,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


def _group_max(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size)
    np.maximum.at(out, keys, values)
    return out


def candidate_pairs(
    targets: Targets,
    vocab: Vocabulary,
    forms: Sequence[str],
    evidence: Sequence[int],
    floors: np.ndarray,
    stats: MatchStats,
) -> list[tuple[int, int, float]]:
    """(subject position, entity, name bound) of the pairs whose bound can reach the threshold.

    `floors` comes from `floor_table`; the bound is the best over the
    pair's name forms, for the exact evidence check before scoring.
    """
    started = time.perf_counter()
    sf_subject: list[int] = []
    tok_sf: list[int] = []
    tok_pos: list[int] = []
    tok_len: list[int] = []
    tok_spec: list[TokenSpec] = []
    run_specs: list[TokenSpec] = []
    for s_pos, text in enumerate(forms):
        for words, runs in decode_forms(text):
            if len(words) > _WIDTH:
                words = words[:_WIDTH]
            k = len(words)
            sf = len(sf_subject)
            sf_subject.append(s_pos)
            tok_sf.extend([sf] * k)
            tok_pos.extend(_POSITIONS[k])
            tok_len.extend(_ONES[k])
            tok_spec.extend(words)
            for run in runs:
                tok_sf.append(sf)
                tok_pos.append(int(run[0], 16))
                tok_len.append(int(run[1]))
                tok_spec.append(RUN + run[2:])
                run_specs.append(run[2:])
    stats.add_time("decode", started)
    started = time.perf_counter()
    vocab.add((spec for spec in tok_spec if not spec.startswith(RUN)), run_specs)
    tok_vid = np.fromiter(map(vocab.ids.__getitem__, tok_spec), dtype=np.int64, count=len(tok_spec))
    del tok_spec, run_specs
    stats.add_time("vocabulary", started)
    started = time.perf_counter()
    ptr, m_form, m_pos, m_span, m_sim, strong, direct, namelike, weights = vocab.arrays()
    t_sf = np.asarray(tok_sf, dtype=np.int64)
    t_pos = np.asarray(tok_pos, dtype=np.int64)
    t_len = np.asarray(tok_len, dtype=np.int64)
    counts = ptr[tok_vid + 1] - ptr[tok_vid]
    has = counts > 0
    rep = np.repeat(np.nonzero(has)[0], counts[has])
    if len(rep) == 0:
        stats.add_time("bounds", started)
        return []
    run_start = np.repeat(np.cumsum(counts[has]) - counts[has], counts[has])
    idx = ptr[tok_vid[rep]] + (np.arange(len(rep)) - run_start)
    stats.marks += len(idx)
    sf_code = np.asarray(evidence, dtype=np.int64)[np.asarray(sf_subject, dtype=np.int64)]
    mk_sf, mk_form = t_sf[rep], m_form[idx]
    # Pairs that can never alert (a person and a company) are dropped before grouping.
    possible = floors[sf_code[mk_sf], targets.form_facts[mk_form]] <= 1.0
    rep, idx, mk_sf, mk_form = rep[possible], idx[possible], mk_sf[possible], mk_form[possible]
    mk_q, mk_qlen, mk_strong = t_pos[rep], t_len[rep], strong[tok_vid[rep]]
    mk_c, mk_span, mk_sim = m_pos[idx], m_span[idx], m_sim[idx]
    # Pairs of (subject form, target form); reached only through a name word.
    pair_key = mk_sf * targets.n_forms + mk_form
    keys, inv = np.unique(pair_key, return_inverse=True)
    n_pairs = len(keys)
    reached = np.zeros(n_pairs, dtype=bool)
    reached[inv[mk_strong]] = True
    top = _group_max(inv, mk_sim, n_pairs)
    p_sf, p_form = keys // targets.n_forms, keys % targets.n_forms
    floor = floors[sf_code[p_sf], targets.form_facts[p_form]]
    # A weighted average never exceeds its largest term.
    keep = reached & (top >= floor - _EPS)
    stats.reached_pairs += int(reached.sum())
    stats.bounded_pairs += int(keep.sum())
    if not keep.any():
        stats.add_time("bounds", started)
        return []
    new_id = np.full(n_pairs, -1, dtype=np.int64)
    new_id[keep] = np.arange(int(keep.sum()))
    sel = new_id[inv] >= 0
    pid = new_id[inv[sel]]
    mk_q, mk_qlen, mk_c, mk_span, mk_sim = (
        mk_q[sel],
        mk_qlen[sel],
        mk_c[sel],
        mk_span[sel],
        mk_sim[sel],
    )
    p_sf, p_form, floor = p_sf[keep], p_form[keep], floor[keep]
    n = len(p_sf)
    # Each mark gives its similarity to every token of the runs it joins, on both sides.
    qb = np.zeros((n, _WIDTH))
    cb = np.zeros((n, _WIDTH))
    for extra in range(int(max(mk_qlen.max(), mk_span.max()))):
        q_in = mk_qlen > extra
        np.maximum.at(qb, (pid[q_in], mk_q[q_in] + extra), mk_sim[q_in])
        c_in = mk_span > extra
        np.maximum.at(cb, (pid[c_in], mk_c[c_in] + extra), mk_sim[c_in])
    # The subject forms' token weights, as dense rows.
    used_sf, sf_row = np.unique(p_sf, return_inverse=True)
    sf_slot = np.full(len(sf_subject), -1, dtype=np.int64)
    sf_slot[used_sf] = np.arange(len(used_sf))
    t_slot = sf_slot[t_sf]
    on = (t_slot >= 0) & (t_len == 1)
    q_w = np.zeros((len(used_sf), _WIDTH))
    q_present = np.zeros((len(used_sf), _WIDTH), dtype=bool)
    q_direct = np.zeros((len(used_sf), _WIDTH), dtype=bool)
    q_name = np.zeros((len(used_sf), _WIDTH), dtype=bool)
    q_w[t_slot[on], t_pos[on]] = weights[tok_vid[on]]
    q_present[t_slot[on], t_pos[on]] = True
    q_direct[t_slot[on], t_pos[on]] = direct[tok_vid[on]]
    q_name[t_slot[on], t_pos[on]] = namelike[tok_vid[on]]
    qw, qp, qd, qn = q_w[sf_row], q_present[sf_row], q_direct[sf_row], q_name[sf_row]
    cw, cp, cd = targets.form_w[p_form], targets.form_present[p_form], targets.form_direct[p_form]
    cn = targets.form_name[p_form]
    qb = np.where(qd & qp, 1.0, qb)
    cb = np.where(cd & cp, 1.0, cb)
    bound = name_bounds(qb, qw, qn, qp, cb, cw, cn, cp)
    passed = bound >= floor - _EPS
    subj = np.asarray(sf_subject, dtype=np.int64)[p_sf[passed]]
    ent = targets.form_entity[p_form[passed]]
    best: dict[tuple[int, int], float] = {}
    for pair, value in zip(
        zip(subj.tolist(), ent.tolist(), strict=True), bound[passed].tolist(), strict=True
    ):
        if value > best.get(pair, -1.0):
            best[pair] = value
    stats.candidate_pairs += len(best)
    stats.add_time("bounds", started)
    return sorted((s, e, b) for (s, e), b in best.items())


@dataclass(frozen=True, slots=True)
class Hit:
    """A (customer, listed entity) pair that scored at or above the threshold."""

    subject: int
    entity: int
    scored: Scored


QueryLoader = Callable[[Sequence[int]], dict[int, Query]]
ScoreJob = list[tuple[int, Query, list[tuple[int, float]]]]

# Worker state for parallel runs: set in the parent, inherited by forked workers.
_JOB: tuple[Targets, Sequence[str], Sequence[int], float] | None = None


def _candidates_slice(bounds: tuple[int, int]) -> tuple[list[tuple[int, int, float]], MatchStats]:
    assert _JOB is not None
    targets, forms, evidence, threshold = _JOB
    lo, hi = bounds
    stats = MatchStats(subjects=hi - lo)
    vocab = Vocabulary(targets)
    floors = floor_table(threshold)
    out: list[tuple[int, int, float]] = []
    for start in range(lo, hi, CHUNK):
        end = min(hi, start + CHUNK)
        found = candidate_pairs(
            targets, vocab, forms[start:end], evidence[start:end], floors, stats
        )
        out.extend((start + s, e, b) for s, e, b in found)
    stats.vocabulary = len(vocab.tokens)
    stats.token_comparisons = vocab.compared
    return out, stats


def score_pair(prepared: PreparedQuery, index: CandidateIndex, entity: int) -> Scored:
    """The real scorer on all the entity's names, their similarities computed first as `Screener.screen` does."""
    names = list(index.entity_names(entity))
    for form in prepared.forms:
        form.prefetch(index, names)
    return score_entity(prepared, index, entity, names)


def _score_slice(job: ScoreJob) -> tuple[list[tuple[int, int, float]], int, float]:
    """Score candidate pairs with the real scorer; (subject key, entity, score) of those that hit.

    The pair's name bound with the *actual* birth date, country, identifier,
    gender and schema evidence is checked first: most pairs that the
    evidence flags let through (a customer with some passport, an entity
    with some identifier) fail here, before the costly scoring.
    """
    assert _JOB is not None
    targets, _forms, _evidence, threshold = _JOB
    index = targets.index
    started = time.perf_counter()
    out: list[tuple[int, int, float]] = []
    scored = 0
    for key, query, entities in job:
        prepared: PreparedQuery | None = None
        for e, bound in entities:
            evidence = sum(v.weight for v in secondary_evidence(query, index.record(e)))
            if sigmoid(name_logit(bound) + evidence) < threshold - _EPS:
                continue
            if prepared is None:
                prepared = prepare_query(query, index)
            scored += 1
            score = score_pair(prepared, index, e).score
            if score >= threshold:
                out.append((key, e, score))
    return out, scored, time.perf_counter() - started


def match_subjects(
    targets: Targets,
    keys: Sequence[int],
    forms: Sequence[str],
    evidence: Sequence[int],
    load_queries: QueryLoader,
    threshold: float,
    workers: int = 1,
) -> tuple[list[Hit], MatchStats]:
    """Every (subject, target entity) pair scoring at or above `threshold`, with its real score.

    `keys`, `forms` and `evidence` are parallel: each subject's key (what
    `load_queries` takes, called in this process only), its encoded name
    forms and its evidence flags. With `workers > 1` the bounds and the
    scoring run in forked processes that share the index and the targets.
    """
    global _JOB
    stats = MatchStats()
    n = len(keys)
    if n == 0 or not targets.n_forms:
        stats.subjects = n
        return [], stats
    slices = _slices(n, workers)
    _JOB = (targets, forms, evidence, threshold)
    pool = None
    jobs: ScoreJob = []
    raw: list[tuple[int, int, float]] = []
    try:
        if len(slices) > 1 and sys.platform != "win32":
            pool = multiprocessing.get_context("fork").Pool(len(slices))
            parts = pool.map(_candidates_slice, slices)
        else:
            parts = [_candidates_slice(s) for s in slices]
        by_subject: dict[int, list[tuple[int, float]]] = {}
        for found, part_stats in parts:
            stats.merge(part_stats)
            for s_pos, e, bound in found:
                by_subject.setdefault(s_pos, []).append((e, bound))
        started = time.perf_counter()
        queries = load_queries([keys[p] for p in sorted(by_subject)])
        stats.add_time("load", started)
        jobs = [
            (keys[p], queries[keys[p]], sorted(es))
            for p, es in sorted(by_subject.items())
            if keys[p] in queries
        ]
        chunks = _chunks(jobs, len(slices) * 4 if pool is not None else 1)
        scored = (
            pool.map(_score_slice, chunks)
            if pool is not None
            else [_score_slice(c) for c in chunks]
        )
        for part_hits, n_scored, seconds in scored:
            raw.extend(part_hits)
            stats.scored_pairs += n_scored
            stats.seconds["scoring"] = stats.seconds.get("scoring", 0.0) + seconds
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _JOB = None
    stats.hits = len(raw)
    return _rescore(targets.index, raw, {k: q for k, q, _e in jobs}), stats


def _slices(n: int, workers: int) -> list[tuple[int, int]]:
    parts = max(1, min(workers, n // 5000 + 1))
    step = -(-n // parts)
    return [(i, min(n, i + step)) for i in range(0, n, step)]


def _chunks(jobs: ScoreJob, parts: int) -> list[ScoreJob]:
    if not jobs:
        return []
    step = -(-len(jobs) // max(1, parts))
    return [jobs[i : i + step] for i in range(0, len(jobs), step)]


def _rescore(
    index: CandidateIndex, raw: list[tuple[int, int, float]], queries: dict[int, Query]
) -> list[Hit]:
    """The full `Scored` of each hit (workers return only scores, which pickle cheaply)."""
    prepared: dict[int, PreparedQuery] = {}
    out: list[Hit] = []
    for key, e, _value in raw:
        if key not in prepared:
            prepared[key] = prepare_query(queries[key], index)
        out.append(Hit(key, e, score_pair(prepared[key], index, e)))
    out.sort(key=lambda h: (h.subject, -h.scored.score, h.scored.record.id))
    return out
