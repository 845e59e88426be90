"""Aligning the tokens of two names and turning the alignment into a name similarity.

The alignment is order-free (SMITH, John = John Smith) and may pair one
token with two or three adjacent tokens of the other name, because lists and
queries join and split names differently (Abdulrahman / Abdul Rahman, Chunil
/ Chun Il, Abdulhai / Abd al Hai). Pairs are chosen greedily, best
similarity first, which is optimal in practice for names of a few tokens.

The similarity is a weighted average: each aligned pair contributes its token
similarity with the mean weight of its tokens; a token left unmatched
contributes zero, with its weight scaled by a cost. Rare tokens weigh more
than common ones (the caller passes the weights), so sharing "Mohammed" says
less than sharing "Belmokhtar". The cost depends on what is left over:

- one name contained in the other, with two or more name words in common
  (a dropped middle name, a longer form of the listed name):
  `CONTAINED_EXTRA` on both sides, and the score is at least what the
  common words' weight is worth on its own;
- two or more name words in common and words left on both sides (another
  middle name, a translated word): `SHARED_EXTRA` for the query's, likewise
  with a floor;
- otherwise `extra_query` for the query's words (a word the list does not
  have is evidence of another person) and `extra_candidate` for the list's
  (lists give middle names and patronymics queries leave out).

With both factors equal (pairs of names compared on their own) the measure
is symmetric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from proscribe.index.forms import Role, Token, join_span, spans
from proscribe.match.tokens import similarity

MAX_TOKENS = 16
EXTRA_QUERY = 1.0
EXTRA_CANDIDATE = 0.3
# When two or more name words match and one name's words are all matched
# (up to COVERED of its weight left over), the other's extras cost this much.
CONTAINED_EXTRA = 0.4
COVERED = 0.1
# A contained name scores at least CONTAINED_MAX times its matched name
# weight over CONTAINED_WEIGHT (about two rare words), capped at CONTAINED_MAX.
CONTAINED_MAX = 0.9
CONTAINED_WEIGHT = 2.0
# When two or more name words match and both names have words left over:
# extras cost less, and enough distinctive words in common score at least
# SHARED_MAX times their weight over SHARED_WEIGHT.
SHARED_EXTRA = 0.6
SHARED_MAX = 0.85
SHARED_WEIGHT = 2.0
# Only pairs at least this alike count as name words in common for the
# contained and shared rules (a typo or a romanisation variant, not a guess).
STRONG_PAIR = 0.85
# Sharing only particles, titles or legal forms is no name match.
NO_NAME_FACTOR = 0.5
_NAMELIKE = (Role.NAME, Role.NUMBER, Role.PATRONYMIC)


def namelike(tokens: Sequence[Token]) -> list[bool]:
    """Which tokens are full name words (their matches count as name evidence)."""
    return [t.role in _NAMELIKE for t in tokens]


Matrix = Sequence[Sequence[float]]
# (similarity, weight, query positions, candidate positions): one way to pair tokens.
Option = tuple[float, float, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Pair:
    """Query token positions aligned with candidate token positions, and how alike they are."""

    query: tuple[int, ...]
    candidate: tuple[int, ...]
    similarity: float
    weight: float


@dataclass(frozen=True, slots=True)
class Alignment:
    """The pairs chosen, the words left over, and the weights the score was computed from."""

    score: float
    pairs: tuple[Pair, ...]
    query_extra: tuple[int, ...]
    candidate_extra: tuple[int, ...]
    names_matched: int = 0
    name_evidence: float = 0.0
    query_left: float = 0.0
    candidate_left: float = 0.0
    rule: str = "none"


def align_matrices(
    single: Matrix,
    cand_spans: Sequence[tuple[tuple[int, ...], Sequence[float]]],
    query_spans: Sequence[tuple[tuple[int, ...], Sequence[float]]],
    query_weights: Sequence[float],
    cand_weights: Sequence[float],
    query_namelike: Sequence[bool],
    cand_namelike: Sequence[bool],
    extra_query: float = EXTRA_QUERY,
    extra_candidate: float = EXTRA_CANDIDATE,
) -> Alignment:
    """The greedy alignment from precomputed similarities.

    `single[i][j]`: query token i vs candidate token j. `cand_spans`: for
    runs of candidate tokens read as one word, their similarity to each
    query token; `query_spans`: for runs of query tokens read as one word,
    their similarity to each candidate token. `*_namelike` marks tokens that
    are full name words (not initials, particles, titles or legal forms).

    An initial paired with a full word ("J" with "John") carries only the
    initial's weight: the rest of the full word's weight counts as left
    over, because "J" could be many names.
    """
    nq = len(query_weights)
    nc = len(cand_weights)
    if nq == 0 or nc == 0:
        return Alignment(0.0, (), tuple(range(nq)), tuple(range(nc)))
    options: list[Option] = []
    for i in range(nq):
        row = single[i]
        for j in range(nc):
            s = row[j]
            if s > 0.0:
                options.append((s, query_weights[i] + cand_weights[j], (i,), (j,)))
    for cs, col in cand_spans:
        wc = sum(cand_weights[j] for j in cs)
        for i, s in enumerate(col):
            if s > 0.0 and all(s > single[i][j] for j in cs):
                options.append((s, query_weights[i] + wc, (i,), cs))
    for qs, row in query_spans:
        wq = sum(query_weights[i] for i in qs)
        for j, s in enumerate(row):
            if s > 0.0 and all(s > single[i][j] for i in qs):
                options.append((s, wq + cand_weights[j], qs, (j,)))
    options.sort(key=lambda o: (o[0], o[1]), reverse=True)
    return greedy_alignment(
        options,
        query_weights,
        cand_weights,
        query_namelike,
        cand_namelike,
        extra_query,
        extra_candidate,
    )


def greedy_alignment(
    options: Sequence[Option],
    query_weights: Sequence[float],
    cand_weights: Sequence[float],
    query_namelike: Sequence[bool],
    cand_namelike: Sequence[bool],
    extra_query: float = EXTRA_QUERY,
    extra_candidate: float = EXTRA_CANDIDATE,
) -> Alignment:
    """Take `options` (similarity, weight, query positions, candidate positions), best first, greedily.

    The caller orders the options; `align_matrices` and the index scorer's
    sparse path build the same options in the same order, so both give the
    same alignment.
    """
    nq = len(query_weights)
    nc = len(cand_weights)
    used_q = [False] * nq
    used_c = [False] * nc
    pairs: list[Pair] = []
    matched = total = 0.0
    names_matched = 0
    q_left = c_left = name_evidence = 0.0
    for s, w, qs, cs in options:
        if any(used_q[i] for i in qs) or any(used_c[j] for j in cs):
            continue
        for i in qs:
            used_q[i] = True
        for j in cs:
            used_c[j] = True
        q_name = any(query_namelike[i] for i in qs)
        c_name = any(cand_namelike[j] for j in cs)
        if q_name and c_name:
            weight = w / 2.0
            if s >= STRONG_PAIR:
                names_matched += 1
                name_evidence += s * weight
        else:
            # An initial, particle or legal form on one side: the pair is worth
            # the lighter side; the heavier side's surplus is left over.
            wq = sum(query_weights[i] for i in qs)
            wc = sum(cand_weights[j] for j in cs)
            weight = min(wq, wc)
            q_left += wq - weight
            c_left += wc - weight
        pairs.append(Pair(qs, cs, s, weight))
        matched += s * weight
        total += weight
    q_extra = tuple(i for i in range(nq) if not used_q[i])
    c_extra = tuple(j for j in range(nc) if not used_c[j])
    q_left += sum(query_weights[i] for i in q_extra)
    c_left += sum(cand_weights[j] for j in c_extra)
    contained = 0.0
    rule = "partial"
    if names_matched >= 2 and (
        q_left <= COVERED * sum(query_weights) or c_left <= COVERED * sum(cand_weights)
    ):
        rule = "contained"
        # One name contains the other (a middle name dropped, a longer
        # form of the listed name): the extra words matter little, and
        # enough distinctive words in common are a match however many
        # words the longer name adds.
        total += CONTAINED_EXTRA * (q_left + c_left)
        contained = CONTAINED_MAX * min(1.0, name_evidence / CONTAINED_WEIGHT)
    elif names_matched >= 2:
        rule = "shared"
        # Two or more name words agree but each name has words of its own:
        # a different middle name, a second alias, a translated word.
        total += min(extra_query, SHARED_EXTRA) * q_left + extra_candidate * c_left
        contained = SHARED_MAX * min(1.0, name_evidence / SHARED_WEIGHT)
    else:
        total += extra_query * q_left + extra_candidate * c_left
    score = max(matched / total if total > 0 else 0.0, contained)
    if names_matched == 0:
        score *= NO_NAME_FACTOR
    pairs.sort(key=lambda p: p.query)
    return Alignment(
        min(1.0, score),
        tuple(pairs),
        q_extra,
        c_extra,
        names_matched,
        name_evidence,
        q_left,
        c_left,
        rule,
    )


def align(
    query: Sequence[Token],
    query_weights: Sequence[float],
    cand: Sequence[Token],
    cand_weights: Sequence[float],
    extra_query: float = EXTRA_QUERY,
    extra_candidate: float = EXTRA_CANDIDATE,
) -> Alignment:
    """Align two token sequences directly (no caches): for pairs of names outside an index."""
    query = query[:MAX_TOKENS]
    cand = cand[:MAX_TOKENS]
    single = [[similarity(q, c) for c in cand] for q in query]
    cand_spans = [
        (cs, [similarity(q, join_span(cand, cs)) for q in query])
        for cs in spans([t.role for t in cand])
    ]
    query_spans = [
        (qs, [similarity(join_span(query, qs), c) for c in cand])
        for qs in spans([t.role for t in query])
    ]
    return align_matrices(
        single,
        cand_spans,
        query_spans,
        query_weights[: len(query)],
        cand_weights[: len(cand)],
        namelike(query),
        namelike(cand),
        extra_query,
        extra_candidate,
    )


def score_bound(
    options: Sequence[Option],
    query_weights: Sequence[float],
    cand_weights: Sequence[float],
    query_namelike: Sequence[bool],
    cand_namelike: Sequence[bool],
    extra_query: float = EXTRA_QUERY,
    extra_candidate: float = EXTRA_CANDIDATE,
) -> float:
    """An upper bound of `greedy_alignment(options, ...).score`, without choosing any pair.

    Screening scores a hundred candidates to return ten; most cannot come
    near the ten best, and this bound lets the scorer skip them exactly.
    Each pair contributes at most its tokens' best similarities times their
    weights; words with no option at all stay unmatched whatever is chosen
    and cost at least the cheapest rule's factor; the contained and shared
    rules need two strong name pairs; no strong name pair halves the score.
    """
    best_q = [0.0] * len(query_weights)
    best_c = [0.0] * len(cand_weights)
    strong_q: set[int] = set()
    strong_c: set[int] = set()
    s_max = 0.0
    for s, _w, qs, cs in options:
        s_max = max(s_max, s)
        for i in qs:
            if s > best_q[i]:
                best_q[i] = s
        for j in cs:
            if s > best_c[j]:
                best_c[j] = s
        if (
            s >= STRONG_PAIR
            and any(query_namelike[i] for i in qs)
            and any(cand_namelike[j] for j in cs)
        ):
            strong_q.update(qs)
            strong_c.update(cs)
    if s_max <= 0.0:
        return 0.0
    matched = paired = left = 0.0
    q_cost = min(CONTAINED_EXTRA, SHARED_EXTRA, extra_query)
    c_cost = min(CONTAINED_EXTRA, extra_candidate)
    for b, w in zip(best_q, query_weights, strict=True):
        if b > 0.0:
            matched += b * w
            paired += w
        else:
            left += q_cost * w
    for b, w in zip(best_c, cand_weights, strict=True):
        if b > 0.0:
            matched += b * w
            paired += w
        else:
            left += c_cost * w
    matched /= 2.0
    paired = min(paired / 2.0, matched / s_max)
    ratio = min(matched, s_max * paired) / (paired + left) if paired + left > 0.0 else 0.0
    if len(strong_q) >= 2 and len(strong_c) >= 2:
        rule_max = max(CONTAINED_MAX, SHARED_MAX)
        ratio = max(ratio, rule_max * min(1.0, matched / min(CONTAINED_WEIGHT, SHARED_WEIGHT)))
    if not strong_q:
        ratio *= NO_NAME_FACTOR
    return min(1.0, ratio)
