"""The monitoring bound never undercuts the real aligner, on real names and their variants.

Monitoring only scores a (customer, listed entity) pair when an upper bound
of its name score can reach the threshold. If the aligner's rules change and
the bound stops being an upper bound, monitoring would silently miss alerts;
these tests compare the bound with `proscribe.match.align.align` itself on
pairs built from real list names.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from proscribe.cases.matching import DIRECT_ROLES, RUN, name_bounds, run_keys, token_weights
from proscribe.cases.namekeys import decode_forms, encode_forms, make_token, name_forms
from proscribe.index.build import ROLE_WEIGHT
from proscribe.index.candidates import CandidateIndex
from proscribe.index.forms import Token, join_span, spans
from proscribe.index.keys import token_keys
from proscribe.index.prepare import prepare_name
from proscribe.match.align import MAX_TOKENS, align, namelike
from proscribe.match.tokens import similarity
from proscribe.sources.registry import open_list
from tests.cases.synthetic import generate_customers

WIDTH = MAX_TOKENS


def _variants(name: str, rng: random.Random) -> Iterator[str]:
    """How a customer file may write a listed name: reordered, shortened, joined, split, misspelt."""
    words = name.replace(",", " ").split()
    yield name
    if len(words) > 1:
        yield " ".join(reversed(words))
        yield " ".join(words[:-1])
        yield " ".join(words[1:])
        i = rng.randrange(len(words) - 1)
        yield " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
        yield " ".join([*words, "Holdings" if rng.random() < 0.5 else "Maria"])
    long = [w for w in words if len(w) >= 6]
    if long:
        w = rng.choice(long)
        cut = rng.randrange(2, len(w) - 2)
        yield name.replace(w, w[:cut] + " " + w[cut:], 1)
        k = rng.randrange(1, len(w) - 1)
        typo = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
        yield name.replace(w, typo, 1)
        yield name.replace(w, w[:k] + "x" + w[k + 1 :], 1)


def _best(query: tuple[Token, ...], cand: tuple[Token, ...]) -> tuple[list[float], list[float]]:
    """Each token's best similarity to the other name's tokens and runs, as monitoring marks them."""
    qb = [0.0] * len(query)
    cb = [0.0] * len(cand)
    q_runs = [(span, join_span(query, span)) for span in spans([t.role for t in query])]
    c_runs = [(span, join_span(cand, span)) for span in spans([t.role for t in cand])]
    for i, q in enumerate(query):
        for j, c in enumerate(cand):
            s = similarity(q, c)
            qb[i], cb[j] = max(qb[i], s), max(cb[j], s)
        for span, run in c_runs:
            s = similarity(q, run)
            qb[i] = max(qb[i], s)
            for j in span:
                cb[j] = max(cb[j], s)
    for span, run in q_runs:
        for j, c in enumerate(cand):
            s = similarity(run, c)
            cb[j] = max(cb[j], s)
            for i in span:
                qb[i] = max(qb[i], s)
    # Initials, titles and legal forms have no fuzzy keys: monitoring counts them as matched.
    qb = [1.0 if t.role in DIRECT_ROLES else b for t, b in zip(query, qb, strict=True)]
    cb = [1.0 if t.role in DIRECT_ROLES else b for t, b in zip(cand, cb, strict=True)]
    return qb, cb


def _row(values: list[float], width: int = WIDTH) -> np.ndarray:
    out = np.zeros((1, width))
    out[0, : len(values)] = values
    return out


def _mask(flags: list[bool]) -> np.ndarray:
    out = np.zeros((1, WIDTH), dtype=bool)
    out[0, : len(flags)] = flags
    return out


def _bound(
    query: tuple[Token, ...], qw: list[float], cand: tuple[Token, ...], cw: list[float]
) -> float:
    qb, cb = _best(query, cand)
    return float(
        name_bounds(
            _row(qb),
            _row(qw),
            _mask(namelike(query)),
            _mask([True] * len(query)),
            _row(cb),
            _row(cw),
            _mask(namelike(cand)),
            _mask([True] * len(cand)),
        )[0]
    )


@pytest.fixture(scope="module")
def listed_names(lists_dir: Path) -> list[tuple[str, str]]:
    """(name, schema) of every entry added to the SDN between 2024-04-26 and 2024-05-03, aliases included."""
    before = {e.id for e in open_list(lists_dir / "ofac" / "sdn_2024-04-26" / "sdn.csv").entities()}
    added = [
        e
        for e in open_list(lists_dir / "ofac" / "sdn_2024-05-03" / "sdn.csv").entities()
        if e.id not in before
    ]
    return [(n.full, e.schema) for e in added for n in e.names]


def test_bound_is_never_below_the_aligners_score_on_real_name_variants(
    listed_names: list[tuple[str, str]],
) -> None:
    rng = random.Random(20240503)
    checked = tight = 0
    for name, schema in listed_names:
        cand = prepare_name(name, schema).forms[0][:WIDTH]
        for variant in _variants(name, rng):
            for query in prepare_name(variant, schema).forms[:2]:
                query = query[:WIDTH]
                # Role weights, and random rarities: the bound must hold for any weights.
                for qw, cw in (
                    ([ROLE_WEIGHT[t.role] for t in query], [ROLE_WEIGHT[t.role] for t in cand]),
                    (
                        [ROLE_WEIGHT[t.role] * rng.uniform(0.15, 1) for t in query],
                        [ROLE_WEIGHT[t.role] * rng.uniform(0.15, 1) for t in cand],
                    ),
                ):
                    actual = align(query, qw, cand, cw).score
                    bound = _bound(query, qw, cand, cw)
                    assert bound >= actual - 1e-9, (variant, name, actual, bound)
                    checked += 1
                    tight += bound - actual < 0.05
    assert checked > 3000
    # The bound is useful, not just safe: often close to the real score.
    assert tight / checked > 0.5


def test_bound_holds_between_customer_names_and_listed_names(
    listed_names: list[tuple[str, str]], shared_data: Path
) -> None:
    rng = random.Random(7)
    customers = [r["name"] for r in generate_customers(300, shared_data / "names", seed=11)]
    checked = 0
    for text in customers:
        query = prepare_name(text, None).forms[0][:WIDTH]
        for name, schema in rng.sample(listed_names, 40):
            cand = prepare_name(name, schema).forms[0][:WIDTH]
            qw = [ROLE_WEIGHT[t.role] for t in query]
            cw = [ROLE_WEIGHT[t.role] for t in cand]
            assert _bound(query, qw, cand, cw) >= align(query, qw, cand, cw).score - 1e-9, (
                text,
                name,
            )
            checked += 1
    assert checked == 12_000


def test_stored_forms_round_trip_and_runs_use_real_keys() -> None:
    for name in (
        "Abdul Rahman Al Zein",
        "ACME Trading LLC",
        "Abd al Hai Mohammed",
        "J. R. R. Tolkien",
        "Владимир Путин",
    ):
        forms = prepare_name(name, None).forms
        decoded = decode_forms(name_forms(name, None))
        assert tuple(tuple(make_token(t) for t in words) for words, _runs in decoded) == tuple(
            f[:WIDTH] for f in forms
        )
        for (_words, runs), form in zip(decoded, forms, strict=True):
            expected = [
                (span[0], len(span), join_span(form, span))
                for span in spans([t.role for t in form])
            ]
            got = [(int(r[0], 16), int(r[1]), make_token(r[2:])) for r in runs]
            assert got == expected
            for _pos, _len, run in got:
                # The few keys a run is looked up under are keys the index itself files it under.
                assert set(run_keys(run)) <= {k for k, _q in token_keys(run)}
        assert encode_forms(forms) == name_forms(name, None)
    assert RUN not in "0123456789al"


def test_bulk_token_weights_equal_the_index(listed_names: list[tuple[str, str]]) -> None:
    from proscribe.model import Entity, Name

    entities = []
    for i, (name, schema) in enumerate(listed_names[:200]):
        e = Entity(source="t", source_id=str(i), schema=schema)  # type: ignore[arg-type]
        e.names.append(Name(full=name))
        entities.append(e)
    index = CandidateIndex.build(entities)
    tokens = [
        t
        for name, schema in listed_names[:300]
        for form in prepare_name(name, schema).forms
        for t in form
    ]
    assert token_weights(index, tokens) == [index.token_weight(t) for t in tokens]
