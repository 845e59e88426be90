"""Secondary evidence: each verdict and its direction."""

from __future__ import annotations

from proscribe.match.evidence import (
    compare_birth_dates,
    compare_countries,
    compare_gender,
    compare_identifiers,
    compare_schema,
)
from proscribe.model import PartialDate
from proscribe.sources.dates import parse_partial_date


def d(text: str) -> PartialDate:
    value = parse_partial_date(text)
    assert value is not None
    return value


def test_birth_date_verdicts_are_ordered() -> None:
    listed = [d("1970-03-30")]
    same_day = compare_birth_dates(d("1970-03-30"), listed)
    same_month = compare_birth_dates(d("1970-03"), listed)
    same_year = compare_birth_dates(d("1970"), listed)
    near = compare_birth_dates(d("1971"), listed)
    conflict = compare_birth_dates(d("1990-01-01"), listed)
    unknown = compare_birth_dates(None, listed)
    assert same_day.verdict == "same_day"
    assert conflict.verdict == "conflict"
    assert same_day.weight > same_month.weight > same_year.weight > unknown.weight == 0
    assert unknown.weight > near.weight > conflict.weight


def test_birth_date_ranges_circa_and_swaps() -> None:
    assert compare_birth_dates(d("1957"), [d("circa 1955")]).verdict == "in_range"
    assert compare_birth_dates(d("1962"), [d("1961 to 1963")]).verdict == "in_range"
    assert compare_birth_dates(d("1970"), [d("1961 to 1963")]).verdict == "conflict"
    assert compare_birth_dates(d("1970-04-03"), [d("1970-03-04")]).verdict == "day_month_swapped"
    # The best of several listed dates counts.
    assert compare_birth_dates(d("1966-01-01"), [d("1955"), d("1966-01-01")]).verdict == "same_day"
    assert compare_birth_dates(d("1966"), []).verdict == "unknown"


def test_countries() -> None:
    assert compare_countries("GB", ["GB", "PK"]).weight > 0
    assert compare_countries("FR", ["GB"]).weight < 0
    assert compare_countries("FR", []).weight == 0
    assert compare_countries(None, ["GB"]).weight == 0


def test_identifiers() -> None:
    listed = [("passport", "518353876"), ("national_id", "A-12 345")]
    same = compare_identifiers(["518353876"], listed)
    assert same.verdict == "same_passport" and same.weight >= 4
    # Punctuation and case do not matter.
    assert compare_identifiers(["a12345"], listed).verdict == "same_national_id"
    assert compare_identifiers(["GB518353876"], listed).verdict == "partial_passport"
    other = compare_identifiers(["999999999"], listed)
    assert other.verdict == "conflict" and other.weight < 0
    assert compare_identifiers([], listed).weight == 0
    assert compare_identifiers(["123"], []).weight == 0


def test_gender_and_schema() -> None:
    assert compare_gender("male", "female").weight < 0
    assert compare_gender("male", "male").weight >= 0
    assert compare_gender(None, "male").weight == 0
    assert compare_schema("Person", "Person").weight == 0
    assert compare_schema("Person", "Organization").verdict == "conflict"
    assert compare_schema("Organization", "LegalEntity").verdict == "match"
    assert compare_schema("Person", "LegalEntity").verdict == "match"
    assert compare_schema("Vessel", "Organization").verdict == "weak_conflict"
    assert compare_schema("Vessel", "LegalEntity").weight < 0
    assert compare_schema(None, "Vessel").weight == 0
