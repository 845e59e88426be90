"""Who is bound on which date: EU and UN membership, Rome Statute membership, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from proscribe.measures import perspective
from proscribe.measures.deadlines import add_business_days, us_federal_holidays
from proscribe.measures.icc import is_state_party, membership, parties_on, states_parties
from proscribe.measures.jurisdictions import (
    binding,
    is_eu_member,
    is_un_member,
    normalise_jurisdiction,
)
from proscribe.measures.programmes import catalogue


def test_normalise_jurisdiction() -> None:
    assert normalise_jurisdiction("France") == "FR"
    assert normalise_jurisdiction("uk") == "GB"
    assert normalise_jurisdiction("eu") == "EU"
    assert normalise_jurisdiction("United States") == "US"
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        normalise_jurisdiction("Atlantis")


def test_perspective_validates_input() -> None:
    p = perspective("de", "entry", "2025-01-02")
    assert (p.jurisdiction, p.activity, p.on) == ("DE", "entry", date(2025, 1, 2))
    with pytest.raises(ValueError, match="unknown activity"):
        perspective("DE", "shopping")
    with pytest.raises(ValueError, match="not a date"):
        perspective("DE", "general", "02/01/2025")


def test_eu_membership_is_temporal() -> None:
    assert is_eu_member("GB", date(2020, 12, 31)) and not is_eu_member("GB", date(2021, 1, 1))
    assert not is_eu_member("HR", date(2013, 6, 30)) and is_eu_member("HR", date(2013, 7, 1))
    assert not is_eu_member("NO", date(2026, 1, 1))


def test_un_membership() -> None:
    assert is_un_member("US", date(2026, 1, 1))
    assert not is_un_member("PS", date(2026, 1, 1)) and not is_un_member("VA", date(2026, 1, 1))
    assert not is_un_member("SS", date(2011, 7, 13)) and is_un_member("SS", date(2011, 7, 14))


def test_binding_by_authority_and_place() -> None:
    cat = catalogue()
    on = date(2026, 11, 28)
    assert binding(cat.authorities["OFAC"], perspective("PR", "general", on)).binds is True
    assert binding(cat.authorities["OFAC"], perspective("FR", "general", on)).binds is False
    assert binding(cat.authorities["EU"], perspective("FR", "general", on)).binds is True
    assert binding(cat.authorities["EU"], perspective("GB", "general", on)).binds is False
    assert (
        binding(cat.authorities["EU"], perspective("GB", "general", date(2019, 6, 1))).binds is True
    )
    assert binding(cat.authorities["UK"], perspective("JE", "general", on)).binds is True
    assert binding(cat.authorities["UN"], perspective("CN", "general", on)).binds is True
    assert binding(cat.authorities["ICC"], perspective("US", "general", on)).binds is False
    assert binding(cat.authorities["ICC"], perspective("HU", "general", on)).binds is None


def test_rome_statute_membership_on_dates() -> None:
    assert is_state_party("PH", date(2015, 6, 1)) and not is_state_party("PH", date(2020, 6, 1))
    assert is_state_party("PH", date(2019, 3, 16)) and not is_state_party("PH", date(2019, 3, 17))
    assert not is_state_party("BI", date(2017, 10, 27)) and is_state_party("BI", date(2017, 10, 26))
    assert not is_state_party("UA", date(2024, 12, 31)) and is_state_party("UA", date(2025, 1, 1))
    assert is_state_party("ZA", date(2017, 1, 1)) and is_state_party("GM", date(2017, 1, 1))
    assert not is_state_party("US", date(2026, 1, 1)) and not is_state_party("IL", date(2026, 1, 1))
    assert membership("HU", date(2026, 6, 1)).status == "party"
    assert membership("HU", date(2026, 6, 2)).status == "unconfirmed"
    assert membership("ML", date(2026, 9, 22)).status == "unconfirmed"
    assert "withdrawal notified" not in membership("PH", date(2015, 6, 1)).reason


def test_parties_count_and_entry_into_force_rule() -> None:
    # 125 parties in force on 2025-06-01 (Burundi and the Philippines had left).
    assert len(parties_on(date(2025, 6, 1))) == 125
    assert len(states_parties()) == 127
    for state in states_parties().values():
        if state.instrument == "succession":
            continue
        # Art. 126(2): first day of the month after the 60th day following deposit; 2002-07-01 at the earliest.
        sixtieth = date.fromordinal(state.joined.toordinal() + 60)
        expected = date(sixtieth.year + (sixtieth.month == 12), sixtieth.month % 12 + 1, 1)
        assert state.in_force == max(expected, date(2002, 7, 1)), state.name


def test_us_federal_holidays_and_business_days() -> None:
    holidays = us_federal_holidays(2026)
    assert date(2026, 11, 26) in holidays  # Thanksgiving
    assert date(2026, 7, 3) in holidays  # 4 July on a Saturday, observed Friday
    assert date(2026, 6, 19) in holidays and date(2026, 1, 19) in holidays
    assert date(2021, 12, 31) in us_federal_holidays(2021)  # 1 January 2022 was a Saturday
    assert add_business_days(date(2026, 11, 20), 10) == date(2026, 12, 7)
    assert add_business_days(date(2026, 11, 28), 10) == date(2026, 12, 11)
    assert add_business_days(date(2026, 11, 20), 10, "weekdays") == date(2026, 12, 4)
