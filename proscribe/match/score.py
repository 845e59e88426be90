"""The graded score: name evidence and secondary evidence added in log-odds, squashed to (0, 1).

    score = sigmoid( NAME_SLOPE * (name_similarity - NAME_MIDPOINT)
                     + weak-alias penalty
                     + birth date + country + identifier + gender + schema weights )

The name similarity (see `align`) is the best over every name of the listed
party and every form of both names (abjad, romanised, variants). Adding the
other evidence in log-odds means each fact moves the score by an amount
that does not depend on the others, and the logistic keeps the score inside
(0, 1) without saturating: an identical name with no other facts scores
0.95, with the same birth date 0.996, with a conflicting one 0.60. The
constants were set on the public evaluation bundle (docs/matching.md,
"Tuning"), the same for every list and every query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from proscribe.index.build import ROLE_WEIGHT
from proscribe.index.candidates import CandidateIndex, NameForm
from proscribe.index.forms import Role, Token, join_span, spans
from proscribe.index.prepare import PreparedName, prepare_name
from proscribe.index.records import EntityRecord
from proscribe.match.align import MAX_TOKENS, Alignment, Pair, align, align_matrices, namelike
from proscribe.match.evidence import (
    Verdict,
    compare_birth_dates,
    compare_countries,
    compare_gender,
    compare_identifiers,
    compare_schema,
)
from proscribe.match.query import Query
from proscribe.match.tokens import similarity_matrix

_JOINABLE = (Role.NAME, Role.PARTICLE)
_NAMELIKE_CODES = frozenset({int(Role.NAME), int(Role.NUMBER), int(Role.PATRONYMIC)})
# A name alone alerts (0.70) from a similarity of about 0.64; the slope sets
# how much birth dates and identifiers weigh against name differences.
NAME_SLOPE = 6.0
NAME_MIDPOINT = 0.50
# A weak (low-quality) alias is worth less than the same match on a real name.
WEAK_ALIAS = -0.8
# Cost of an unmatched word on either side when two names are compared on their own.
PAIR_EXTRA = 0.65
# Where the public evaluation's F1 is near its best with false alerts inside
# the targets (docs/matching.md); settable per call.
DEFAULT_THRESHOLD = 0.70


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def name_logit(similarity: float) -> float:
    return NAME_SLOPE * (similarity - NAME_MIDPOINT)


@dataclass(slots=True)
class QueryForm:
    """One form of the query name, with a per-query cache of its similarities to list tokens.

    `matrix` has one row per query token and one per run of query tokens
    read as one word (`spans`), and one column per list token seen so far;
    `joined` has one row per query token and one column per run of list
    tokens read as one word. Each list token is compared with the query
    once per query, however many candidate names contain it.
    """

    tokens: tuple[Token, ...]
    weights: tuple[float, ...]
    namelike: tuple[bool, ...]
    spans: tuple[tuple[int, ...], ...]
    column_of: dict[int, int] = field(default_factory=dict)
    joined_of: dict[tuple[int, ...], int] = field(default_factory=dict)
    hit: dict[int, bool] = field(default_factory=dict)
    run_hit: dict[tuple[int, ...], bool] = field(default_factory=dict)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    joined: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    @classmethod
    def make(cls, tokens: tuple[Token, ...], weights: tuple[float, ...]) -> QueryForm:
        tokens = tokens[:MAX_TOKENS]
        nq = len(tokens)
        query_spans = tuple(spans([t.role for t in tokens]))
        return cls(
            tokens,
            weights[:nq],
            tuple(namelike(tokens)),
            query_spans,
            matrix=np.zeros((nq + len(query_spans), 0)),
            joined=np.zeros((nq, 0)),
        )

    def prefetch(self, index: CandidateIndex, names: Iterable[int]) -> None:
        """Compute, in bulk, the similarities the alignments of these list names will need."""
        tids: set[int] = set()
        runs: set[tuple[int, ...]] = set()
        for n in names:
            for form in index.name_forms(n):
                tids.update(form.tids)
                runs.update(form.runs)
        new = [t for t in tids if t not in self.column_of]
        if new:
            rows = list(self.tokens) + [join_span(self.tokens, qs) for qs in self.spans]
            block = similarity_matrix(rows, [index.token(t) for t in new])
            base = self.matrix.shape[1]
            self.matrix = np.hstack([self.matrix, block])
            hits = [bool(h) for h in np.atleast_1d(block.any(axis=0))]
            for c, tid in enumerate(new):
                self.column_of[tid] = base + c
                self.hit[tid] = hits[c]
        new_runs = [r for r in runs if r not in self.joined_of]
        if new_runs:
            words = [
                join_span([index.token(t) for t in run], tuple(range(len(run)))) for run in new_runs
            ]
            block = similarity_matrix(self.tokens, words)
            base = self.joined.shape[1]
            self.joined = np.hstack([self.joined, block])
            run_hits = [bool(h) for h in np.atleast_1d(block.any(axis=0))]
            for c, run in enumerate(new_runs):
                self.joined_of[run] = base + c
                self.run_hit[run] = run_hits[c]

    def align(self, form: NameForm) -> Alignment:
        """Align with one list name form (its similarities must have been prefetched)."""
        nq = len(self.tokens)
        hit = self.hit
        if not any(hit[t] for t in form.tids) and not any(self.run_hit[r] for r in form.runs):
            return Alignment(0.0, (), tuple(range(nq)), tuple(range(len(form.tids))))
        rows = self.matrix[:, [self.column_of[t] for t in form.tids]].tolist()
        if form.runs:
            cols = self.joined[:, [self.joined_of[r] for r in form.runs]].T.tolist()
            cand_spans = list(zip(form.spans, cols, strict=True))
        else:
            cand_spans = []
        query_spans = list(zip(self.spans, rows[nq:], strict=True))
        return align_matrices(
            rows[:nq],
            cand_spans,
            query_spans,
            self.weights,
            form.weights,
            self.namelike,
            _namelike_codes(form.codes),
        )

    def prefetched(self, index: CandidateIndex, names: Iterable[int]) -> bool:
        return all(
            t in self.column_of for n in names for form in index.name_forms(n) for t in form.tids
        )


@lru_cache(maxsize=4096)
def _namelike_codes(codes: tuple[int, ...]) -> tuple[bool, ...]:
    return tuple(c in _NAMELIKE_CODES for c in codes)


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A query with its name prepared and its tokens weighted against one index."""

    query: Query
    name: PreparedName
    forms: tuple[QueryForm, ...]


def prepare_query(query: Query, index: CandidateIndex | None) -> PreparedQuery:
    name = prepare_name(query.name, query.schema)
    forms = []
    for form in name.forms:
        if index is not None:
            weights = tuple(index.token_weight(t) for t in form)
        else:
            weights = tuple(ROLE_WEIGHT[t.role] for t in form)
        forms.append(QueryForm.make(form, weights))
    return PreparedQuery(query, name, tuple(forms))


@dataclass(frozen=True, slots=True)
class NameEvidence:
    """The best name pairing between query and listed party, and how it aligned."""

    similarity: float
    weight: float
    query_name: str
    candidate_name: str
    kind: str
    script: str | None
    alignment: Alignment
    query_words: tuple[str, ...]
    candidate_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scored:
    """One listed party scored against one query."""

    entity: int
    record: EntityRecord
    score: float
    name: NameEvidence | None
    verdicts: tuple[Verdict, ...]


def best_name(
    prepared: PreparedQuery, index: CandidateIndex, entity: int, names: Sequence[int] | None = None
) -> NameEvidence | None:
    """The best-aligning (query form, list name form) pair, over `names` or all the party's names."""
    best: tuple[float, int, int, int, Alignment] | None = None
    todo = list(names) if names is not None else list(index.entity_names(entity))
    for qform in prepared.forms:
        if not qform.prefetched(index, todo):
            qform.prefetch(index, todo)
    for n in todo:
        penalty = WEAK_ALIAS if index.name_kind(n) == "weak" else 0.0
        for fi, form in enumerate(index.name_forms(n)):
            for qi, qform in enumerate(prepared.forms):
                aligned = qform.align(form)
                weight = name_logit(aligned.score) + penalty
                if best is None or weight > best[0]:
                    best = (weight, n, fi, qi, aligned)
    if best is None:
        return None
    weight, n, fi, qi, aligned = best
    tids = index.name_forms(n)[fi].tids
    return NameEvidence(
        similarity=aligned.score,
        weight=weight,
        query_name=prepared.query.name,
        candidate_name=index.name_original(n),
        kind=index.name_kind(n),
        script=index.name_script(n),
        alignment=aligned,
        query_words=tuple(t.text for t in prepared.forms[qi].tokens),
        candidate_words=tuple(index.token(t).text for t in tids),
    )


def secondary_evidence(query: Query, record: EntityRecord) -> tuple[Verdict, ...]:
    return (
        compare_birth_dates(query.birth_date, record.birth_dates),
        compare_countries(query.country, record.countries),
        compare_identifiers(query.identifiers, record.identifiers),
        compare_gender(query.gender, record.gender if record.schema == "Person" else None),
        compare_schema(query.schema, record.schema),
    )


def score_entity(
    prepared: PreparedQuery, index: CandidateIndex, entity: int, names: Sequence[int] | None = None
) -> Scored:
    record = index.record(entity)
    name = best_name(prepared, index, entity, names)
    verdicts = secondary_evidence(prepared.query, record)
    logit = (name.weight if name is not None else name_logit(0.0)) + sum(v.weight for v in verdicts)
    return Scored(entity, record, sigmoid(logit), name, verdicts)


@dataclass(frozen=True, slots=True)
class PairScore:
    """Two names compared on their own, with no list and no other facts."""

    score: float
    similarity: float
    alignment: Alignment
    words1: tuple[str, ...]
    words2: tuple[str, ...]


def _pair_forms(
    name: PreparedName,
) -> list[tuple[tuple[Token, ...], tuple[float, ...], tuple[str, ...]]]:
    return [
        (form, tuple(ROLE_WEIGHT[t.role] for t in form), tuple(t.text for t in form))
        for form in name.forms
    ]


def compare_names(name1: str, name2: str, schema: str | None = None) -> PairScore:
    """Symmetric name-to-name score: compare(a, b) == compare(b, a).

    Without a list there is no token rarity, so tokens weigh by role only;
    unmatched tokens cost the same on both sides.
    """
    forms1 = _pair_forms(prepare_name(name1, schema))
    forms2 = _pair_forms(prepare_name(name2, schema))
    best: PairScore | None = None
    for t1, w1, words1 in forms1:
        for t2, w2, words2 in forms2:
            forward = align(t1, w1, t2, w2, PAIR_EXTRA, PAIR_EXTRA)
            backward = align(t2, w2, t1, w1, PAIR_EXTRA, PAIR_EXTRA)
            aligned = forward if forward.score >= backward.score else _swap(backward)
            if best is None or aligned.score > best.similarity:
                best = PairScore(
                    sigmoid(name_logit(aligned.score)), aligned.score, aligned, words1, words2
                )
    if best is None:
        empty = Alignment(0.0, (), (), ())
        return PairScore(sigmoid(name_logit(0.0)), 0.0, empty, (), ())
    return best


def _swap(a: Alignment) -> Alignment:
    pairs = tuple(
        sorted(
            (Pair(p.candidate, p.query, p.similarity, p.weight) for p in a.pairs),
            key=lambda p: p.query,
        )
    )
    return Alignment(
        a.score,
        pairs,
        a.candidate_extra,
        a.query_extra,
        a.names_matched,
        a.name_evidence,
        a.candidate_left,
        a.query_left,
        a.rule,
    )


def rank(scored: Sequence[Scored]) -> list[Scored]:
    """Best first; ties broken by entity id so results are stable across runs."""
    return sorted(scored, key=lambda s: (-s.score, s.record.id))
