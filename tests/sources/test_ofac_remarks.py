"""The OFAC Remarks mini-language: each statement form, read into the right fact, nothing lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from proscribe.model import PartialDate, Place
from proscribe.sources.ofac_remarks import parse_remarks, split_statements


def test_split_removes_only_the_closing_full_stop() -> None:
    text = "Secondary sanctions risk: See Section 11 of Executive Order 14024.; Linked To: X CO."
    assert split_statements(text) == [
        "Secondary sanctions risk: See Section 11 of Executive Order 14024.",
        "Linked To: X CO",
    ]
    assert split_statements("-0- ") == []
    assert split_statements(None) == []
    assert split_statements("nationality possibly Palestinian;arrested 23 Apr 2002.") == [
        "nationality possibly Palestinian",
        "arrested 23 Apr 2002",
    ]


def test_birth_dates_keep_precision_circa_and_ranges() -> None:
    facts = parse_remarks(
        "DOB 30 Mar 1970; alt. DOB Mar 1945; DOB circa 1965; DOB 1961 to 1963; DOB circa 1979-1982."
    )
    assert facts.birth_dates == [
        PartialDate("1970-03-30"),
        PartialDate("1945-03"),
        PartialDate("1965", circa=True, text="circa 1965"),
        PartialDate("1961", end="1963", text="1961 to 1963"),
        PartialDate("1979", end="1982", circa=True, text="circa 1979 to 1982"),
    ]
    assert facts.unhandled == []
    assert facts.statements == 5


def test_place_nationality_citizenship_gender() -> None:
    facts = parse_remarks(
        "POB Edinburgh, United Kingdom; alt. POB Shati; nationality United Kingdom; alt. nationality Korea, North; "
        "citizen Iran; Gender Male."
    )
    assert facts.birth_places == [Place("Edinburgh, United Kingdom", "GB"), Place("Shati", None)]
    assert facts.nationalities == ["GB", "KP"]
    assert facts.citizenships == ["IR"]
    assert facts.gender == "male"
    assert parse_remarks("Gender Female.").gender == "female"


def test_unknown_nationality_is_kept_verbatim() -> None:
    facts = parse_remarks("nationality possibly Palestinian; nationality Atlantis.")
    assert facts.nationalities == []
    assert facts.unhandled == ["nationality possibly Palestinian", "nationality Atlantis"]


def test_passports_with_country_issue_and_expiry() -> None:
    facts = parse_remarks(
        "Passport 518353876 (United Kingdom); Passport D16005584 (Peru) expires 09 Dec 2021; "
        "alt. Passport L 191609 issued 28 Feb 1996 expires 27 Feb 2001; Passport 719032284; "
        "Diplomatic Passport 008827 (Iran) issued 1999."
    )
    got = [(i.type, i.number, i.country, i.issued, i.expires, i.label) for i in facts.identifiers]
    assert got == [
        ("passport", "518353876", "GB", None, None, "Passport"),
        ("passport", "D16005584", "PE", None, "2021-12-09", "Passport"),
        ("passport", "L 191609", None, "1996-02-28", "2001-02-27", "Passport"),
        ("passport", "719032284", None, None, None, "Passport"),
        ("passport", "008827", "IR", "1999", None, "Diplomatic Passport"),
    ]


def test_identity_tax_and_registration_numbers() -> None:
    facts = parse_remarks(
        "National ID No. 216040 (Yemen); Cedula No. 6068015 (Colombia); Tax ID No. AABA 670850 Y; "
        "Registration Number 26740 (Iran); Company Number 01074897 (United Kingdom); "
        "Business Registration Number 0582030 (Connecticut) (United States); "
        "Legal Entity Number 253400V1H6ART1UQ0N98 (Russia); SWIFT/BIC HAVIGB2L; "
        "C.U.R.P. AIMM67125HCHRRG06 (Mexico) issued 1968; Identification Number AO 2879097 (Italy) expires 30 Oct 2012; "
        "Unified Social Credit Code (USCC) 9113100033607322XK (China)."
    )
    got = [(i.type, i.number, i.country, i.remarks) for i in facts.identifiers]
    assert got == [
        ("national_id", "216040", "YE", None),
        ("national_id", "6068015", "CO", None),
        ("tax_id", "AABA 670850 Y", None, None),
        ("registration", "26740", "IR", None),
        ("registration", "01074897", "GB", None),
        ("registration", "0582030", "US", "Connecticut"),
        ("lei", "253400V1H6ART1UQ0N98", "RU", None),
        ("swift", "HAVIGB2L", None, None),
        ("national_id", "AIMM67125HCHRRG06", "MX", None),
        ("other", "AO 2879097", "IT", None),
        ("registration", "9113100033607322XK", "CN", None),
    ]
    assert facts.identifiers[8].issued == "1968"
    assert facts.identifiers[9].expires == "2012-10-30"
    assert facts.identifiers[10].label == "Unified Social Credit Code (USCC)"


def test_unlisted_document_label_is_read_when_it_names_a_country() -> None:
    facts = parse_remarks("Trademark number 38266997 (China); arrested 30 Sep 2002.")
    assert [(i.type, i.label, i.number, i.country) for i in facts.identifiers] == [
        ("other", "Trademark number", "38266997", "CN")
    ]
    assert facts.unhandled == ["arrested 30 Sep 2002"]


def test_contact_details_keep_their_own_parentheses() -> None:
    facts = parse_remarks(
        "Website www.gicdf.org; Email Address info@gicdf.org; alt. Email Address a@b.ru; Phone Number 982188526300; "
        "Telephone No. (218) (0)214778301; Fax: 0097282858208."
    )
    assert [(i.type, i.number, i.label) for i in facts.identifiers] == [
        ("website", "www.gicdf.org", "Website"),
        ("email", "info@gicdf.org", "Email Address"),
        ("email", "a@b.ru", "Email Address"),
        ("phone", "982188526300", "Phone Number"),
        ("phone", "(218) (0)214778301", "Telephone No."),
        ("phone", "0097282858208", "Fax"),
    ]


def test_digital_currency_addresses() -> None:
    facts = parse_remarks(
        "Digital Currency Address - ETH 0x901bb9583b24d97e995513c6778dc6888ab6870e; "
        "alt. Digital Currency Address - XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz."
    )
    assert [(i.type, i.number, i.label, i.remarks) for i in facts.identifiers] == [
        (
            "crypto_wallet",
            "0x901bb9583b24d97e995513c6778dc6888ab6870e",
            "Digital Currency Address - ETH",
            "ETH",
        ),
        (
            "crypto_wallet",
            "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz",
            "Digital Currency Address - XBT",
            "XBT",
        ),
    ]


def test_vessel_and_aircraft_statements() -> None:
    facts = parse_remarks(
        "Vessel Registration Identification IMO 9187629; MMSI 572469210; Identification Number IMO 6348942; "
        "Former Vessel Flag Malta; Other Vessel Flag Panama; Vessel Year of Build 1999; "
        "Aircraft Model Ilyushin IL-76TD; Aircraft Manufacturer's Serial Number (MSN) 1023409321; "
        "Aircraft Manufacture Date 1992; Aircraft Tail Number EP-MMH."
    )
    ids = [(i.type, i.number) for i in facts.identifiers]
    assert ("imo", "9187629") in ids
    assert ("imo", "6348942") in ids
    assert ("mmsi", "572469210") in ids
    assert ("other", "1023409321") in ids
    assert ("registration", "EP-MMH") in ids
    props = dict(facts.properties)
    assert props["former_vessel_flag"] == "Malta"
    assert props["vessel_flag"] == "Panama"
    assert props["build_year"] == "1999"
    assert props["aircraft_model"] == "Ilyushin IL-76TD"
    assert props["aircraft_serial_number"] == "1023409321"
    assert props["aircraft_manufacture_date"] == "1992"
    assert facts.countries == ["PA"]
    assert facts.unhandled == []


def test_organisation_facts() -> None:
    facts = parse_remarks(
        "Organization Established Date 25 Sep 2018; Organization Type: Passenger air transport; "
        "Target Type Charity or Nonprofit Organization."
    )
    assert facts.properties == [
        ("established_date", "2018-09-25"),
        ("organization_type", "Passenger air transport"),
        ("target_type", "Charity or Nonprofit Organization"),
    ]


def test_links_and_weak_aliases() -> None:
    facts = parse_remarks(
        "a.k.a. 'HESA'; f.k.a. 'ANA I'; n.k.a. 'LGOK'; a.k.a. 'D'S PLACE'; Linked To: MAHAN AIR; "
        "Passport 123 (Iran) (Linked To: IRAN AIR); (Linked To: POUYA AIR)."
    )
    assert [(n.full, n.kind) for n in facts.weak_aliases] == [
        ("HESA", "weak"),
        ("ANA I", "weak"),
        ("LGOK", "weak"),
        ("D'S PLACE", "weak"),
    ]
    assert [(r.kind, r.target_name) for r in facts.relations] == [
        ("linked_to", "MAHAN AIR"),
        ("linked_to", "IRAN AIR"),
        ("linked_to", "POUYA AIR"),
    ]
    assert [(i.number, i.country) for i in facts.identifiers] == [("123", "IR")]
    assert facts.unhandled == []


def test_sanctions_information_statements() -> None:
    facts = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; "
        "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886; "
        "Executive Order 13846 information: BLOCKING PROPERTY AND INTERESTS IN PROPERTY.  Sec. 5(a)(iv); "
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: "
        "North Korea Sanctions Regulations section 510.214; IFCA Determination - Involved in the Shipping Sector; "
        "Executive Order 13662 Directive Determination - Subject to Directive 2; "
        "CAATSA Section 235 Information: EXPORT SANCTIONS Sec. 235(a)(2); "
        "Listing Date (EO 14024 Directive 2): 24 Feb 2022; "
        "For more information on directives, please visit the following link: "
        "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives."
    )
    props = dict(facts.properties)
    assert props["additional_sanctions_information"] == "Subject to Secondary Sanctions"
    assert props["secondary_sanctions_risk"].startswith("section 1(b) of Executive Order 13224")
    assert props["executive_order_information"].startswith(
        "Executive Order 13846 information: BLOCKING"
    )
    assert props["transactions_prohibited"] == "North Korea Sanctions Regulations section 510.214"
    assert props["ifca_determination"] == "Involved in the Shipping Sector"
    assert props["directive_determination"].endswith("Subject to Directive 2")
    assert props["caatsa_information"].startswith("CAATSA Section 235")
    assert props["listing_date"] == "Listing Date (EO 14024 Directive 2): 24 Feb 2022"
    assert props["information_url"].endswith("ukraine.aspx#directives")
    assert facts.legal_bases == ["Executive Order 13846"]
    assert facts.unhandled == []


def test_unrecognised_statements_are_kept_verbatim() -> None:
    text = "Member of the State Duma of the Federal Assembly of the Russian Federation; Brigadier General; DOB 1960."
    facts = parse_remarks(text)
    assert facts.unhandled == [
        "Member of the State Duma of the Federal Assembly of the Russian Federation",
        "Brigadier General",
    ]
    assert facts.birth_dates == [PartialDate("1960")]


def test_a_cut_text_leaves_its_last_statement_unread() -> None:
    text = "Digital Currency Address - XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz; alt. Digital Currency Address - XBT 1B64QRxf"
    facts = parse_remarks(text, complete=False)
    assert [i.number for i in facts.identifiers] == ["12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz"]
    assert facts.unhandled == ["alt. Digital Currency Address - XBT 1B64QRxf"]


@given(st.text(alphabet=st.sampled_from(list("abcDOB POB;.:'()-0123456789 ,akIMO")), max_size=200))
def test_any_text_is_read_without_losing_a_statement(text: str) -> None:
    facts = parse_remarks(text)
    statements = split_statements(text)
    assert facts.statements == len(statements)
    assert all(s in statements for s in facts.unhandled)
