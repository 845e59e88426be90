"""analyse_name on real list names, and its properties on any input."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from proscribe.text.names import MAX_VARIANTS, NameForm, analyse_name, join_compounds


def forms(form: NameForm) -> set[tuple[str, ...]]:
    return {form.tokens, *form.variants}


def test_person_name_parts() -> None:
    form = analyse_name("Aleksei Viktorovich PIMANOV", "Person")
    assert form.tokens == ("aleksei", "viktorovich", "pimanov")
    assert form.roles == ("given", "patronymic", "family")
    assert form.script == "Latn" and form.latin == "aleksei viktorovich pimanov"
    assert len(form.keys) == len(form.tokens) == len(form.initials)


def test_surname_first_with_comma() -> None:
    listed = analyse_name("Oleg Vladimirovich BEREZA", "Person")
    query = analyse_name("BEREZA, Oleg Vladimirovich", "Person")
    assert query.tokens == listed.tokens
    assert query.roles == ("given", "patronymic", "family")
    # Not for organisations, where a comma is just punctuation.
    org = analyse_name("KINGLY WON INTERNATIONAL CORP, LTD", "Organization")
    assert org.tokens == ("kingly", "won", "international") and org.legal_form == "ltd"
    # A trailing comma is dropped (AU/UN "حاجى مالك نورزى,").
    assert analyse_name("Malik Noorzai,", "Person").tokens == ("malik", "noorzai")


def test_russian_word_order() -> None:
    form = analyse_name("Умаров Доку Хаматович", "Person")
    assert form.tokens == ("umarov", "doku", "khamatovich")
    assert form.roles == ("family", "given", "patronymic")


def test_titles_and_legal_forms_are_reported() -> None:
    form = analyse_name("Dr. Abdul Rahman Al-Qadi", "Person")
    assert form.honorifics == ("dr",)
    assert form.tokens == ("abdul", "rahman", "al", "qadi")
    assert ("abdulrahman", "alqadi") in form.variants
    org = analyse_name("ООО «Ромашка»", "Organization")
    assert org.tokens == ("romashka",) and org.legal_form == "llc"
    assert analyse_name("Dr. Hamed Abdullah", "Organization").honorifics == ()
    assert analyse_name("Acme LLC", "Person").legal_form is None


def test_particles_joined_or_split() -> None:
    spaced = analyse_name("AMID HUSAIN AL KUNI", "Person")
    joined = analyse_name("AMID HUSAIN ALKUNI", "Person")
    assert forms(spaced) & forms(joined)
    hyphen = analyse_name("Abdoullah Ould-Ahmed", "Person")
    assert ("abdoullah", "ouldahmed") in hyphen.variants
    assert join_compounds(("abd", "al", "rahman", "zahed")) == ("abdalrahman", "zahed")
    assert join_compounds(("najib", "allah")) == ("najiballah",)
    assert join_compounds(("shams", "al", "rahman")) == ("shamsalrahman",)


def test_two_token_names_keep_their_variants() -> None:
    assert ("sean", "o", "brien") in analyse_name("Sean O'Brien", "Person").variants
    assert ("jeanpierre",) in analyse_name("Jean-Pierre", "Person").variants
    assert ("alqadi",) in analyse_name("Al-Qadi", "Person").variants


def test_adjacent_short_tokens_joined() -> None:
    listed = analyse_name("KIM CHOL NAM", "Person")
    assert ("kim", "cholnam") in listed.variants
    assert analyse_name("Gabriel Brunner", "Person").variants == ()


def test_arabic_script_name_against_its_listing() -> None:
    query = analyse_name("عبدالرحمان زاهد", "Person")
    listed = analyse_name("ABDUL RAHMAN ZAHED", "Person")
    assert query.script == "Arab"
    query_keys = {k for keys in (query.keys, *query.variant_keys) for k in keys}
    assert set(listed.keys) <= query_keys
    haji = analyse_name("حاجى مالك نورزى,", "Person")
    assert haji.honorifics == ("haji",)
    assert sorted(haji.keys) == sorted(analyse_name("Malik Noorzai", "Person").keys)


def test_cjk_names() -> None:
    korean = analyse_name("김정은", "Person")
    assert korean.tokens == ("kim", "jeong", "eun")
    assert korean.roles == ("family", "given", "given")
    assert ("kim", "jong", "un") in korean.variants
    assert ("kim", "jeongeun") in korean.variants
    org = analyse_name("長安海連技術有限公司", "Organization")
    assert org.legal_form == "ltd"
    assert org.tokens[:2] == ("zhang", "an")


def test_brackets_and_semicolons() -> None:
    form = analyse_name("KHATIBA AL-TAWHID WAL-JIHAD (KTJ)", "Organization")
    assert "ktj" not in form.tokens
    assert any("ktj" in variant for variant in form.variants)
    several = analyse_name("Mortaza Rezaie; Mortaza Rezai; Morteza Rezaî", "Person")
    assert several.tokens == ("mortaza", "rezaie")
    assert ("morteza", "rezai") in several.variants
    assert analyse_name("(KTJ)").tokens == ("ktj",)


def test_initials() -> None:
    form = analyse_name("M. M. A. M. QADHAFI", "Person")
    assert form.initials == (True, True, True, True, False)
    assert form.roles[:4] == ("initial",) * 4


def test_empty_and_letterless() -> None:
    for text in ("", "   ", "---", "()", ";"):
        form = analyse_name(text, "Person")
        assert form.tokens == () and form.keys == () and form.variants == ()
        assert form.script is None
    assert analyse_name("1961").script is None and analyse_name("1961").tokens == ("1961",)


# Words for property tests: lower or upper case Latin, not particles/titles.
_WORD = st.text(alphabet="bcdfghjklmnprstvz", min_size=3, max_size=9).map(lambda w: w + "o")


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=3), st.lists(_WORD, min_size=1, max_size=2))
def test_surname_comma_order_gives_same_token_multiset(
    given_names: list[str], family: list[str]
) -> None:
    natural = analyse_name(" ".join(given_names + [w.upper() for w in family]), "Person")
    inverted = analyse_name(
        f"{' '.join(w.upper() for w in family)}, {' '.join(given_names)}", "Person"
    )
    assert Counter(natural.tokens) == Counter(inverted.tokens)
    assert Counter(natural.keys) == Counter(inverted.keys)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from([None, "Person", "Organization", "Vessel"]))
def test_never_raises_and_stays_bounded(text: str, schema: str | None) -> None:
    form = analyse_name(text, schema)
    assert len(form.tokens) == len(form.keys) == len(form.initials) == len(form.roles)
    assert len(form.variants) <= MAX_VARIANTS
    assert all(variant != form.tokens for variant in form.variants)
    assert all(t and t == t.strip() and " " not in t for t in form.tokens)


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=10_000, max_size=10_000))
def test_very_long_input(text: str) -> None:
    form = analyse_name(text)
    assert len(form.variants) <= MAX_VARIANTS


def test_mixed_scripts_and_noise() -> None:
    form = analyse_name("Ali محمد Иван 王 \u200d\x00 😀 ١٢٣")
    assert form.tokens[:2] == ("ali", "mohamed")
    assert "ivan" in form.tokens and "123" in form.tokens
