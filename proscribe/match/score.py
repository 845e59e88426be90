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
from proscribe.index.features import TokenFeatures
from proscribe.index.forms import Role, Token, join_span, spans
from proscribe.index.prepare import PreparedName, prepare_name
from proscribe.index.records import EntityRecord
from proscribe.match.align import (
    MAX_TOKENS,
    Alignment,
    Option,
    Pair,
    align,
    greedy_alignment,
    namelike,
    score_bound,
)
from proscribe.match.evidence import (
    Verdict,
    compare_birth_dates,
    compare_countries,
    compare_gender,
    compare_identifiers,
    compare_schema,
)
from proscribe.match.query import Query
from proscribe.match.tokens import feature_matrix, similarity_matrix

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
# Added to a bound before it is compared, so float rounding never skips a tie.
_BOUND_SLACK = 1e-9


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def logit(p: float) -> float:
    """The inverse of `sigmoid` (p in (0, 1]; 1 maps to infinity)."""
    if p >= 1.0:
        return math.inf
    return math.log(p / (1.0 - p))


def name_logit(similarity: float) -> float:
    return NAME_SLOPE * (similarity - NAME_MIDPOINT)


@dataclass(slots=True)
class QueryForm:
    """One form of the query name, with a per-query cache of its similarities to list tokens.

    For every list token seen so far, `column[tid]` holds its similarity to
    each query token and then to each run of query tokens read as one word
    (`spans`); `nonzero[tid]` and `span_nonzero[tid]` list only the related
    positions, which are few: most list tokens are unrelated to most query
    tokens, and an alignment only needs the related pairs. `run_nonzero`
    does the same for runs of list tokens read as one word. Each list token
    is compared with the query once per query, however many candidate names
    contain it.
    """

    tokens: tuple[Token, ...]
    weights: tuple[float, ...]
    namelike: tuple[bool, ...]
    spans: tuple[tuple[int, ...], ...]
    span_weights: tuple[float, ...]
    column: dict[int, list[float]] = field(default_factory=dict)
    nonzero: dict[int, tuple[tuple[int, float], ...]] = field(default_factory=dict)
    span_nonzero: dict[int, tuple[tuple[int, float], ...]] = field(default_factory=dict)
    run_nonzero: dict[tuple[int, ...], tuple[tuple[int, float], ...]] = field(default_factory=dict)
    prefetched: set[int] = field(default_factory=set)

    @classmethod
    def make(cls, tokens: tuple[Token, ...], weights: tuple[float, ...]) -> QueryForm:
        tokens = tokens[:MAX_TOKENS]
        nq = len(tokens)
        weights = weights[:nq]
        query_spans = tuple(spans([t.role for t in tokens]))
        return cls(
            tokens,
            weights,
            tuple(namelike(tokens)),
            query_spans,
            tuple(sum(weights[i] for i in qs) for qs in query_spans),
        )

    def prefetch(self, index: CandidateIndex, names: Iterable[int]) -> None:
        """Compute, in bulk, the similarities the alignments of these list names will need."""
        todo = [n for n in names if n not in self.prefetched]
        if not todo:
            return
        self.prefetched.update(todo)
        tids: set[int] = set()
        runs: set[tuple[int, ...]] = set()
        for n in todo:
            for form in index.name_forms(n):
                tids.update(form.tids)
                runs.update(form.runs)
        nq = len(self.tokens)
        new = [t for t in tids if t not in self.column]
        if new:
            rows = list(self.tokens) + [join_span(self.tokens, qs) for qs in self.spans]
            block = feature_matrix(TokenFeatures.of(rows), index.token_features().take(new)).T
            # Most list tokens are unrelated to every query token: one shared zero column.
            self.column.update(dict.fromkeys(new, [0.0] * len(rows)))
            self.nonzero.update(dict.fromkeys(new, ()))
            self.span_nonzero.update(dict.fromkeys(new, ()))
            for c in np.flatnonzero(block.any(axis=1)).tolist():
                col = block[c].tolist()
                tid = new[c]
                self.column[tid] = col
                self.nonzero[tid] = tuple((i, v) for i, v in enumerate(col[:nq]) if v > 0.0)
                self.span_nonzero[tid] = tuple((k, v) for k, v in enumerate(col[nq:]) if v > 0.0)
        new_runs = [r for r in runs if r not in self.run_nonzero]
        if new_runs:
            words = [index.run_token(run) for run in new_runs]
            block = similarity_matrix(self.tokens, words).T
            self.run_nonzero.update(dict.fromkeys(new_runs, ()))
            for c in np.flatnonzero(block.any(axis=1)).tolist():
                col = block[c].tolist()
                self.run_nonzero[new_runs[c]] = tuple((i, v) for i, v in enumerate(col) if v > 0.0)

    def align(self, form: NameForm) -> Alignment:
        """Align with one list name form (its similarities must have been prefetched)."""
        options = self.options(form)
        if not options:
            return _unaligned(len(self.tokens), len(form.tids))
        return greedy_alignment(
            options, self.weights, form.weights, self.namelike, _namelike_codes(form.codes)
        )

    def bound(self, form: NameForm, options: list[Option]) -> float:
        """An upper bound of `align(form).score` from its options (see `score_bound`)."""
        return score_bound(
            options, self.weights, form.weights, self.namelike, _namelike_codes(form.codes)
        )

    def options(self, form: NameForm) -> list[Option]:
        """The pairings `align_matrices` would consider, in its order, from the related pairs only."""
        wq = self.weights
        wc = form.weights
        tids = form.tids
        nonzero = self.nonzero
        options: list[tuple[float, float, int, int, int, tuple[int, ...], tuple[int, ...]]] = []
        for j, tid in enumerate(tids):
            for i, v in nonzero[tid]:
                options.append((v, wq[i] + wc[j], 0, i, j, (i,), (j,)))
        column = self.column
        for r, (cs, run) in enumerate(zip(form.spans, form.runs, strict=True)):
            found = self.run_nonzero[run]
            if found:
                w_run = sum(wc[j] for j in cs)
                for i, v in found:
                    if all(v > column[tids[j]][i] for j in cs):
                        options.append((v, wq[i] + w_run, 1, r, i, (i,), cs))
        if self.spans:
            span_nonzero = self.span_nonzero
            for j, tid in enumerate(tids):
                col = column[tid]
                for k, v in span_nonzero[tid]:
                    qs = self.spans[k]
                    if all(v > col[i] for i in qs):
                        options.append((v, self.span_weights[k] + wc[j], 2, k, j, qs, (j,)))
        options.sort(key=lambda o: (-o[0], -o[1], o[2], o[3], o[4]))
        return [(o[0], o[1], o[5], o[6]) for o in options]


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
    return _best_name(prepared, index, entity, names, -math.inf)[0]


def _best_name(
    prepared: PreparedQuery,
    index: CandidateIndex,
    entity: int,
    names: Sequence[int] | None,
    floor: float,
) -> tuple[NameEvidence | None, bool]:
    """The best name and whether it provably falls below `floor` (a name weight).

    Forms whose bound says they cannot reach the floor are not aligned; a
    form is also skipped when its bound cannot beat the best so far. Both
    skips are exact: when the second value is False, the first is the one
    a full search would give.
    """
    best: tuple[float, int, int, int, Alignment] | None = None
    skipped = False
    todo = list(names) if names is not None else list(index.entity_names(entity))
    for qform in prepared.forms:
        qform.prefetch(index, todo)
    empty_weight = name_logit(0.0)
    for n in todo:
        penalty = WEAK_ALIAS if index.name_kind(n) == "weak" else 0.0
        for fi, form in enumerate(index.name_forms(n)):
            for qi, qform in enumerate(prepared.forms):
                options = qform.options(form)
                if options:
                    upper = name_logit(qform.bound(form, options) + _BOUND_SLACK) + penalty
                    if upper < floor:
                        skipped = True
                        continue
                    if best is not None and upper <= best[0]:
                        continue
                    aligned = greedy_alignment(
                        options,
                        qform.weights,
                        form.weights,
                        qform.namelike,
                        _namelike_codes(form.codes),
                    )
                else:
                    weight = empty_weight + penalty
                    if weight < floor:
                        skipped = True
                    elif best is None or weight > best[0]:
                        best = (weight, n, fi, qi, _unaligned(len(qform.tokens), len(form.tids)))
                    continue
                weight = name_logit(aligned.score) + penalty
                if best is None or weight > best[0]:
                    best = (weight, n, fi, qi, aligned)
    if skipped and (best is None or best[0] < floor):
        return None, True
    if best is None:
        return None, False
    weight, n, fi, qi, aligned = best
    tids = index.name_forms(n)[fi].tids
    evidence = NameEvidence(
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
    return evidence, False


def _unaligned(nq: int, nc: int) -> Alignment:
    return Alignment(0.0, (), tuple(range(nq)), tuple(range(nc)))


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


def score_candidate(
    prepared: PreparedQuery,
    index: CandidateIndex,
    entity: int,
    names: Sequence[int] | None,
    min_score: float,
) -> Scored | None:
    """`score_entity`, or None when the party provably scores below `min_score`.

    The secondary evidence is exact and cheap, so it goes first: it says how
    much name weight the party needs to reach `min_score`, and `best_name`
    skips every name form whose bound falls short.
    """
    record = index.record(entity)
    verdicts = secondary_evidence(prepared.query, record)
    secondary = sum(v.weight for v in verdicts)
    floor = logit(min_score) - secondary - _BOUND_SLACK if min_score > 0.0 else -math.inf
    name, below = _best_name(prepared, index, entity, names, floor)
    if below:
        return None
    score = sigmoid((name.weight if name is not None else name_logit(0.0)) + secondary)
    if score < min_score:
        return None
    return Scored(entity, record, score, name, verdicts)


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
