"""Token similarity: spelling variants score high, different names score zero, bulk equals scalar."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proscribe.index.forms import Role, Token
from proscribe.match.tokens import FLOOR, similarity, similarity_matrix, typo_similarity


def latin(text: str, role: Role = Role.NAME) -> Token:
    return Token.make(text, role)


def romanised(text: str) -> Token:
    return Token.make(text, abjad=True)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mohammed", "muhammad"),
        ("aleksei", "alexey"),
        ("yevgeny", "evgeniy"),
        ("osama", "usama"),
        ("kuznetsov", "kouznetsov"),
        ("plasma", "palsma"),  # one transposition
        ("abdulrahman", "abdelrahman"),
    ],
)
def test_spelling_variants_are_alike(a: str, b: str) -> None:
    assert similarity(latin(a), latin(b)) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mohammed", "mahmoud"),
        ("hassan", "hussein"),
        ("ivan", "ivanov"),
        ("smith", "jones"),
        ("savchenko", "iatsenko"),
        ("elie", "ali"),
    ],
)
def test_different_names_are_not(a: str, b: str) -> None:
    assert similarity(latin(a), latin(b)) == 0.0


def test_romanised_abjad_checks_written_long_vowels() -> None:
    # محمود romanised by rule keeps its written long vowel u: Mahmud, not Muhammad.
    mahmud = romanised("mhmud")
    assert similarity(mahmud, latin("mahmoud")) > similarity(mahmud, latin("muhammad"))
    assert similarity(romanised("rzuqi"), latin("razuqi")) >= 0.9


def test_initials_numbers_and_legal_forms() -> None:
    assert similarity(latin("j", Role.INITIAL), latin("john")) > FLOOR
    assert similarity(latin("j", Role.INITIAL), latin("peter")) == 0.0
    assert similarity(latin("1", Role.NUMBER), latin("2", Role.NUMBER)) == 0.0
    assert similarity(latin("llc", Role.LEGAL), latin("llc", Role.LEGAL)) == 1.0
    # LLC and Ltd are translations of one another (text's legal-form families).
    assert similarity(latin("llc", Role.LEGAL), latin("ltd", Role.LEGAL)) >= 0.85
    assert similarity(latin("llc", Role.LEGAL), latin("llc")) == 0.0


def test_typo_budget_grows_with_length() -> None:
    assert typo_similarity(1, 4) == pytest.approx(0.8)
    assert typo_similarity(1, 6) == pytest.approx(0.88)
    assert typo_similarity(2, 6) == pytest.approx(
        4 / 6 * 0.95
    )  # beyond the budget: discounted ratio
    assert typo_similarity(1, 5, same_first=False) == pytest.approx(0.8 * 0.95)  # Bong / Song
    assert typo_similarity(2, 12) == pytest.approx(max(0.82, 10 / 12))
    assert typo_similarity(0, 3) == 1.0


words = st.text(alphabet="abcdehiklmnorsuyz", min_size=1, max_size=9)
roles = st.sampled_from([Role.NAME, Role.PARTICLE, Role.INITIAL, Role.NUMBER, Role.LEGAL])


@st.composite
def tokens(draw: st.DrawFn) -> Token:
    role = draw(roles)
    text = draw(words)
    if role is Role.INITIAL:
        text = text[0]
    if role is Role.NUMBER:
        text = str(draw(st.integers(0, 99)))
    return Token.make(text, role, draw(st.booleans()) and role is Role.NAME)


@settings(max_examples=60, deadline=None)
@given(st.lists(tokens(), min_size=1, max_size=6), st.lists(tokens(), min_size=1, max_size=6))
def test_bulk_similarity_equals_scalar(rows: list[Token], cols: list[Token]) -> None:
    matrix = similarity_matrix(rows, cols)
    for i, a in enumerate(rows):
        for j, b in enumerate(cols):
            assert matrix[i, j] == pytest.approx(similarity(a, b), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(tokens(), tokens())
def test_similarity_is_symmetric_and_bounded(a: Token, b: Token) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == pytest.approx(similarity(b, a))
    assert s == 0.0 or s >= FLOOR
