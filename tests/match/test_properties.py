"""Invariants of the score, checked with hypothesis over generated names and facts.

- compare(a, b) == compare(b, a);
- reordering the parts of a name does not change its score;
- a matching birth date / identifier / country raises the score, a
  conflicting one lowers it, with nothing else changed;
- no string whatsoever (empty, blank, 10,000 characters, mixed scripts,
  lone surrogates, control characters) makes anything raise.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from proscribe.index.candidates import CandidateIndex
from proscribe.index.prepare import prepare_name
from proscribe.match.query import Query
from proscribe.match.score import compare_names
from proscribe.model import Entity, Identifier, Name, PartialDate
from proscribe.screen.engine import Screener

GIVEN = [
    "john",
    "maria",
    "ahmed",
    "olga",
    "pedro",
    "fatima",
    "chen",
    "ivan",
    "amina",
    "karim",
    "lucia",
    "omar",
]
FAMILY = [
    "smith",
    "garcia",
    "haddad",
    "petrova",
    "nakamura",
    "okafor",
    "kowalski",
    "silva",
    "novak",
    "rahimi",
]
WORDS = GIVEN + FAMILY

name_parts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True)
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
scripts_text = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ éüøłß-'., ;()") + list("محمدعليказаковИванΑλέξηςდავით李明김정은ተስፋዬ")
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(name_parts.map(" ".join), scripts_text),
    st.one_of(name_parts.map(" ".join), scripts_text),
)
def test_compare_is_symmetric(a: str, b: str) -> None:
    assert compare_names(a, b).score == compare_names(b, a).score
    assert compare_names(a, b, "Person").score == compare_names(b, a, "Person").score


@settings(max_examples=150, deadline=None)
@given(name_parts, name_parts, st.randoms(use_true_random=False))
def test_compare_ignores_the_order_of_name_parts(a: list[str], b: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(a)
    rnd.shuffle(shuffled)
    assert (
        compare_names(" ".join(shuffled), " ".join(b)).score
        == compare_names(" ".join(a), " ".join(b)).score
    )


def _entity(parts: list[str], **facts: object) -> Entity:
    e = Entity(
        source="test", source_id="E1", schema="Person", names=[Name(" ".join(parts).upper())]
    )
    e.birth_dates = [PartialDate("1970-03-30")]
    e.nationalities = ["GB"]
    e.identifiers = [Identifier("passport", "518353876")]
    for key, value in facts.items():
        setattr(e, key, value)
    return e


def _screen_score(index: CandidateIndex, query: Query) -> float:
    results = Screener(index).screen(query, limit=5)
    found = [r.score for r in results if r.source_id == "E1"]
    return found[0] if found else 0.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name_parts.filter(lambda p: len(p) >= 2), st.randoms(use_true_random=False))
def test_screen_ignores_the_order_of_name_parts(parts: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    index = CandidateIndex.build([_entity(parts)])
    shuffled = list(parts)
    rnd.shuffle(shuffled)
    assert _screen_score(index, Query.make(" ".join(shuffled))) == _screen_score(
        index, Query.make(" ".join(parts))
    )
    # "SURNAME, Given" is the same name too.
    comma = f"{parts[-1].upper()}, {' '.join(parts[:-1])}"
    assert _screen_score(index, Query.make(comma, schema="Person")) == _screen_score(
        index, Query.make(" ".join(parts), schema="Person")
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name_parts, name_parts)
def test_secondary_evidence_moves_the_score_the_right_way(
    listed: list[str], queried: list[str]
) -> None:
    index = CandidateIndex.build([_entity(listed)])
    name = " ".join(queried)
    base = _screen_score(index, Query.make(name))
    assume(base > 0.0)  # the party must be a candidate at all
    same_dob = _screen_score(index, Query.make(name, birth_date="1970-03-30"))
    same_year = _screen_score(index, Query.make(name, birth_date="1970"))
    other_dob = _screen_score(index, Query.make(name, birth_date="1990-01-01"))
    assert same_dob > same_year > base > other_dob
    assert _screen_score(index, Query.make(name, id_number="518353876")) > base
    assert _screen_score(index, Query.make(name, id_number="000111222")) < base
    assert (
        _screen_score(index, Query.make(name, country="GB"))
        > base
        > _screen_score(index, Query.make(name, country="FR"))
    )
    assert _screen_score(index, Query.make(name, schema="Organization")) < base


def test_same_name_dob_ordering_on_an_exact_name() -> None:
    index = CandidateIndex.build([_entity(["karim", "khan"])])
    with_dob = _screen_score(index, Query.make("Karim Khan", birth_date="1970-03-30"))
    without = _screen_score(index, Query.make("Karim Khan"))
    conflicting = _screen_score(index, Query.make("Karim Khan", birth_date="1990-01-01"))
    assert 1.0 > with_dob > without > conflicting > 0.0


_INDEX = CandidateIndex.build(
    [
        _entity(["karim", "khan"]),
        Entity(
            source="test",
            source_id="E2",
            schema="Organization",
            names=[Name("Rosneft Oil Company"), Name("ПАО НК Роснефть")],
        ),
        Entity(
            source="test",
            source_id="E3",
            schema="Person",
            names=[Name("مختار بلمختار"), Name("Mokhtar Belmokhtar")],
        ),
    ]
)
_SCREENER = Screener(_INDEX)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        any_text, scripts_text, st.sampled_from(["", " ", "\t\n ", "-", "'", ".", ";;", "()", "0"])
    )
)
def test_no_input_raises(text: str) -> None:
    prepare_name(text, "Person")
    prepare_name(text, None)
    compare_names(text, "Karim Khan")
    for result in _SCREENER.screen(Query.make(text), limit=3):
        assert 0.0 <= result.score <= 1.0
        assert result.summary


def test_long_and_blank_names_do_not_raise() -> None:
    long_name = "Karim " * 1666 + "Khan"  # 10,000 characters
    assert len(long_name) == 10000
    for text in [
        long_name,
        "x" * 10000,
        "محمد " * 2000,
        " " * 10000,
        "",
        "\u200b\u200c",
        "\ud800abc",
    ]:
        _SCREENER.screen(Query.make(text), limit=3)
        compare_names(text, text)
