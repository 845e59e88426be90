"""OFAC's Remarks mini-language, turned into structured facts.

OFAC's CSV files keep most of what identifies a party (dates and places of
birth, documents, weak aliases, links to other parties, vessel and aircraft
details) in one free-text Remarks column: statements separated by `;`,
each opening with a label ("DOB", "Passport", "Linked To:", ...), the whole
closed by a full stop. This module is a pure function from that text to
`RemarkFacts`; it knows nothing about files. A statement it cannot fully
interpret is returned verbatim in `unhandled`, so the caller can keep it as
a remark: nothing a list says is ever dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from proscribe.model import Identifier, Name, PartialDate, Place, Relation
from proscribe.model.entity import Gender
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_date_value, parse_partial_date


@dataclass(slots=True)
class RemarkFacts:
    """What one entity's Remarks state, sorted into the model's fields.

    `properties` are (snake_case key, value) pairs for facts without a field
    of their own; `legal_bases` are Executive Orders the remarks tie the
    listing to; `countries` are ISO codes stated for the party itself (e.g.
    the nationality of a vessel's registration). `statements` counts every
    statement read, `unhandled` holds the ones not interpreted, verbatim.
    """

    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[Place] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: Gender | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    weak_aliases: list[Name] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    unhandled: list[str] = field(default_factory=list)
    statements: int = 0


# OFAC's identification document labels and the normalised type each one is.
# The Remarks use a controlled vocabulary (the IDRegDocType list of OFAC's
# advanced XML); these are the labels seen in the published SDN and
# Consolidated files. Anything else of the shape "Label number (Country)"
# is still read, as type "other".
_ID_LABELS: dict[str, str] = {
    # passports and travel documents
    "Passport": "passport",
    "Diplomatic Passport": "passport",
    "Passport Booklet": "passport",
    "Passport Booklet:": "passport",
    "Travel Document Number": "passport",
    "Stateless Person Passport": "passport",
    "British National Overseas Passport": "passport",
    "Stateless Person ID Card": "national_id",
    "Refugee ID Card": "national_id",
    # personal identity numbers
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "C.U.R.P.": "national_id",
    "C.U.R.P. #": "national_id",
    "CURP #": "national_id",
    "D.N.I.": "national_id",
    "Personal ID Card": "national_id",
    "SSN": "national_id",
    "Citizen's Card Number": "national_id",
    "Kenyan ID No.": "national_id",
    "Credencial electoral": "national_id",
    "I.F.E.": "national_id",
    "C.U.I.": "national_id",
    "C.U.I.P.": "national_id",
    "LE Number": "national_id",
    "Turkish Identification Number": "national_id",
    "Numero de Identidad": "national_id",
    "Tazkira National ID Card": "national_id",
    "Moroccan Personal ID No.": "national_id",
    "UAE Identification": "national_id",
    "National Foreign ID Number": "national_id",
    "Electoral Registry No.": "national_id",
    "Public Security and Immigration No.": "national_id",
    "Identity Number": "national_id",
    "N.I.E.": "national_id",
    "Seafarer's Identification Document": "other",
    "Residency Number": "other",
    "Birth Certificate Number": "other",
    "Driver's License No.": "other",
    "Pilot License Number": "other",
    "Cartilla de Servicio Militar Nacional": "other",
    "Military Registration Number": "other",
    "VisaNumberID": "other",
    "Immigration No.": "other",
    # tax numbers
    "Tax ID No.": "tax_id",
    "R.F.C.": "tax_id",
    "R.F.C. #": "tax_id",
    "RFC": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "RIF #": "tax_id",
    "V.A.T. Number": "tax_id",
    "US FEIN": "tax_id",
    "Italian Fiscal Code": "tax_id",
    "Italian Fiscal Code:": "tax_id",
    "C.U.I.T.": "tax_id",
    "C.I.F.": "tax_id",
    "RTN": "tax_id",
    "N.I.F.": "tax_id",
    "Fiscal Code": "tax_id",
    "Romanian Tax Registration": "tax_id",
    "Numero Unico de Identificacao Tributaria (NUIT)": "tax_id",
    "Paraguayan tax identification number": "tax_id",
    # company and other registrations
    "Registration Number": "registration",
    "Registration ID": "registration",
    "Business Registration Number": "registration",
    "Business Registration Document #": "registration",
    "Government Gazette Number": "registration",
    "Folio Mercantil No.": "registration",
    "Commercial Registry Number": "registration",
    "Company Number": "registration",
    "UK Company Number": "registration",
    "Unified Social Credit Code (USCC)": "registration",
    "United Social Credit Code Certificate (USCCC)": "registration",
    "License": "registration",
    "C.R. No.": "registration",
    "Romanian C.R.": "registration",
    "Economic Register Number (CBLS)": "registration",
    "Matricula Mercantil No": "registration",
    "Trade License No.": "registration",
    "D-U-N-S Number": "registration",
    "Chamber of Commerce Number": "registration",
    "Central Registration System Number": "registration",
    "Istanbul Chamber of Comm. No.": "registration",
    "Dubai Chamber of Commerce Membership No.": "registration",
    "Business Number": "registration",
    "Enterprise Number": "registration",
    "Branch Unit Number": "registration",
    "Public Registration Number": "registration",
    "Registered Charity No.": "registration",
    "Permit Number": "registration",
    "SRE Permit No.": "registration",
    "Certificate of Incorporation Number": "registration",
    "Afghan Money Service Provider License Number": "registration",
    "File Number": "registration",
    "Organization Code": "registration",
    "C.I.N.": "registration",
    "MSB Registration Number": "registration",
    "Vessel Registration Identification": "registration",
    "Legal Entity Number": "lei",
    "SWIFT/BIC": "swift",
    # other identifiers
    "Identification Number": "other",
    "Serial No.": "other",
    "ISIN": "other",
    "Equity Ticker": "other",
    "BIK (RU)": "other",
    "Chinese Commercial Code": "other",
    # numbers with an "IMO" prefix are IMO ship or company numbers
    "Vessel Registration Identification IMO": "imo",
    "Identification Number IMO": "imo",
    "Company Number IMO": "imo",
    "MMSI": "mmsi",
}

# Contact details: the value is kept exactly as written (phone numbers carry
# their own parentheses, which must not be read as a country).
_CONTACT_LABELS: dict[str, str] = {
    "Website": "website",
    "Email Address": "email",
    "Phone Number": "phone",
    "Telephone": "phone",
    "Telephone:": "phone",
    "Telephone No.": "phone",
    "Telephone Number": "phone",
    "PHONE": "phone",
    "Fax": "phone",
    "Fax:": "phone",
    "Fax No.": "phone",
    "Fax Number": "phone",
    "FAX": "phone",
}

# Vessel, aircraft and organisation facts that become properties; the ones
# that identify a craft are also kept as identifiers (screening matches
# identifiers exactly).
_PROPERTY_LABELS: dict[str, tuple[str, str | None]] = {
    "Vessel Year of Build": ("build_year", None),
    "Former Vessel Flag": ("former_vessel_flag", None),
    "Other Vessel Flag": ("vessel_flag", None),
    "Other Vessel Call Sign": ("call_sign", None),
    "Other Vessel Type": ("vessel_type", None),
    "Nationality of Registration": ("registration_country", None),
    "Aircraft Model": ("aircraft_model", None),
    "Aircraft Manufacture Date": ("aircraft_manufacture_date", None),
    "Aircraft Operator": ("aircraft_operator", None),
    "Aircraft Tail Number": ("aircraft_tail_number", "registration"),
    "Previous Aircraft Tail Number": ("previous_aircraft_tail_number", "registration"),
    "Aircraft Manufacturer's Serial Number (MSN)": ("aircraft_serial_number", "other"),
    "Aircraft Mode S Transponder Code": ("aircraft_mode_s_code", "other"),
    "Aircraft Construction Number (also called L/N or S/N or F/N)": (
        "aircraft_construction_number",
        "other",
    ),
    "Organization Type:": ("organization_type", None),
    "Target Type": ("target_type", None),
    "ethnicity": ("ethnicity", None),
    "Additional Sanctions Information -": ("additional_sanctions_information", None),
    "Secondary sanctions risk:": ("secondary_sanctions_risk", None),
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:": (
        "transactions_prohibited",
        None,
    ),
    "IFCA Determination -": ("ifca_determination", None),
}

# Properties whose value is a country: also recorded as the party's country.
_COUNTRY_PROPERTIES = {"vessel_flag", "registration_country"}

_ALT = re.compile(r"^alt\.\s+", re.I)
_POSITION = re.compile(r"^Position:\s*(.*)$")
_GENDER = re.compile(r"^Gender\s+(Male|Female)$", re.I)
_WEAK_ALIAS = re.compile(r"^([afn])\.k\.a\.\s*(.*)$")
_QUOTED = re.compile(r"'(.+)'")
_LINKED_TO = re.compile(r"^Linked To:\s*(.*)$", re.I)
_CRYPTO = re.compile(r"^Digital Currency Address\s*-\s*(?P<cur>[A-Za-z0-9]+)\s+(?P<addr>\S+)$")
_ESTABLISHED = re.compile(r"^Organization Established Date\s+(.+)$")
_IMO_PREFIX = re.compile(r"^IMO\s+")
_ALNUM = re.compile(r"[0-9A-Za-z]")
_SPLIT = re.compile(r"\s*;\s*")
_LINKED_SUFFIX = re.compile(r"\s*\(Linked To:\s*(?P<name>[^()]+)\)$")
_YEAR_SPAN = re.compile(r"\b(\d{4})\s*-\s*(\d{4})$")
_ID_REST = re.compile(
    r"^(?P<number>[^\s(].*?)(?P<quals>(?:\s*\([^()]*\))*)"
    r"(?:\s+issued\s+(?P<issued>.+?))?(?:\s+expires\s+(?P<expires>.+?))?$"
)
_QUAL = re.compile(r"\(([^()]*)\)")
_GENERIC_ID = re.compile(
    r"^(?P<label>[A-Z][A-Za-z.'/&#-]*(?: [A-Za-z.'/&#-]+){0,5}?)\s+(?P<rest>\S*\d.*\([^()]+\).*)$"
)
_EO_INFO = re.compile(r"^Executive Order (?P<eo>\d{5}) information:\s*(?P<text>.+)$", re.I)
_EO_DIRECTIVE = re.compile(
    r"^Executive Order (?P<eo>\d{5}) Directive Determination\s*-\s*(?P<text>.+)$", re.I
)
_EO_DIRECTIVE_INFO = re.compile(r"^Executive Order (?P<eo>\d{5}) Directive Information\b.+$", re.I)
_CAATSA = re.compile(r"^CAATSA Section \d+ Information:\s*.+$", re.I)
_DATED = re.compile(
    r"^(?P<kind>Listing Date|Effective Date|Purchase/Sales For Divestment Date)\s*\((?P<what>[^()]+)\):?\s+(?P<date>.+)$"
)
_DIRECTIVES_LINK = re.compile(
    r"^For more information on directives, please visit the following link:\s*(?P<url>\S+)$", re.I
)


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any label at the start of a statement, longest label first."""
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^(?P<label>{alternatives})(?:\s+|$)(?P<rest>.*)$")


_ID_RE = _label_pattern(_ID_LABELS)
_CONTACT_RE = _label_pattern(_CONTACT_LABELS)
_PROPERTY_RE = _label_pattern(_PROPERTY_LABELS)


def split_statements(text: str | None) -> list[str]:
    """The statements of a Remarks text, without the closing full stop.

    Only the one full stop that closes the whole text is removed: inside,
    a full stop belongs to the statement ("... Executive Order 14024.").
    """
    if text is None:
        return []
    t = text.strip()
    if not t or t == "-0-":
        return []
    if t.endswith("."):
        t = t[:-1]
    return [s.strip() for s in _SPLIT.split(t) if s.strip()]


def parse_remarks(text: str | None, *, complete: bool = True) -> RemarkFacts:
    """Read every statement of an OFAC Remarks text.

    `complete=False` says the text was cut off (OFAC's Remarks column holds
    1,000 characters and nothing continued it): its last statement is then
    kept verbatim rather than read, because a cut identifier or wallet
    address would be a wrong fact, not a partial one.
    """
    facts = RemarkFacts()
    statements = split_statements(text)
    for i, statement in enumerate(statements):
        facts.statements += 1
        if not complete and i == len(statements) - 1:
            facts.unhandled.append(statement)
            continue
        if not _read_statement(facts, statement):
            facts.unhandled.append(statement)
    return facts


def _read_statement(facts: RemarkFacts, statement: str) -> bool:
    """Apply one statement to `facts`; False when it is not understood, for the caller to keep verbatim.

    A closing "(Linked To: X)" is recorded even then: the link is stated
    plainly whatever the rest of the statement says.
    """
    body = " ".join(statement.split())
    linked = _LINKED_SUFFIX.search(body)
    if linked:
        # "(Linked To: X)" closes a statement (or is one) and names a linked party.
        facts.relations.append(Relation(kind="linked_to", target_name=linked.group("name").strip()))
        body = body[: linked.start()].strip()
        if not body:
            return True
    body = _ALT.sub("", body)
    for reader in _READERS:
        outcome = reader(facts, body)
        if outcome is not None:
            return outcome
    return False


# Each reader returns None when the statement is not of its kind, True when
# it recorded the statement, False when it is of its kind but unreadable.
Reader = Callable[[RemarkFacts, str], bool | None]


def _read_birth(facts: RemarkFacts, body: str) -> bool | None:
    if body.startswith("DOB "):
        # OFAC also writes a span of years as "1979-1982".
        date = parse_partial_date(_YEAR_SPAN.sub(r"\1 to \2", body[4:]))
        if date is None:
            return False
        facts.birth_dates.append(date)
        return True
    if body.startswith("POB "):
        place = body[4:].strip()
        if not place:
            return False
        facts.birth_places.append(Place(text=place, country=_place_country(place)))
        return True
    return None


def _place_country(place: str) -> str | None:
    """The country of a place written "City, Region, Country" (or just "Country")."""
    last = place.rsplit(",", 1)[-1].strip()
    return country_code(last) or (country_code(place) if "," in place else None)


def _read_country_statement(facts: RemarkFacts, body: str) -> bool | None:
    for prefix, target in (("nationality ", facts.nationalities), ("citizen ", facts.citizenships)):
        if body.startswith(prefix):
            code = country_code(body[len(prefix) :])
            if code is None:
                return False
            if code not in target:
                target.append(code)
            return True
    return None


def _read_position(facts: RemarkFacts, body: str) -> bool | None:
    m = _POSITION.match(body)
    if not m:
        return None
    if not m.group(1).strip():
        return False
    facts.positions.append(m.group(1).strip())
    return True


def _read_gender(facts: RemarkFacts, body: str) -> bool | None:
    m = _GENDER.match(body)
    if not m:
        return None
    facts.gender = "male" if m.group(1).lower() == "male" else "female"
    return True


def _read_weak_alias(facts: RemarkFacts, body: str) -> bool | None:
    m = _WEAK_ALIAS.match(body)
    if not m:
        return None
    quoted = _QUOTED.fullmatch(m.group(2).strip())
    if not quoted:
        return False
    # OFAC lists its low-quality aliases here rather than in alt.csv; they
    # stay "weak" whether a.k.a., f.k.a. or n.k.a.
    facts.weak_aliases.append(Name(full=quoted.group(1).strip(), kind="weak"))
    return True


def _read_linked_to(facts: RemarkFacts, body: str) -> bool | None:
    m = _LINKED_TO.match(body)
    if not m:
        return None
    name = m.group(1).strip()
    if not name:
        return False
    facts.relations.append(Relation(kind="linked_to", target_name=name))
    return True


def _read_crypto(facts: RemarkFacts, body: str) -> bool | None:
    m = _CRYPTO.match(body)
    if not m:
        return None if not body.startswith("Digital Currency Address") else False
    currency = m.group("cur")
    facts.identifiers.append(
        Identifier(
            type="crypto_wallet",
            number=m.group("addr"),
            label=f"Digital Currency Address - {currency}",
            remarks=currency,
        )
    )
    return True


def _read_contact(facts: RemarkFacts, body: str) -> bool | None:
    m = _CONTACT_RE.match(body)
    if not m:
        return None
    value = m.group("rest").strip()
    if not value:
        return False
    label = m.group("label").rstrip(":")
    facts.identifiers.append(
        Identifier(type=_CONTACT_LABELS[m.group("label")], number=value, label=label)
    )
    return True


def _read_property(facts: RemarkFacts, body: str) -> bool | None:
    m = _PROPERTY_RE.match(body)
    if not m:
        return None
    label = m.group("label")
    value = m.group("rest").strip()
    if not value:
        return False
    key, id_type = _PROPERTY_LABELS[label]
    facts.properties.append((key, value))
    if key in _COUNTRY_PROPERTIES:
        code = country_code(value)
        if code and code not in facts.countries:
            facts.countries.append(code)
    if id_type is not None:
        facts.identifiers.append(Identifier(type=id_type, number=value, label=label))
    return True


def _read_established(facts: RemarkFacts, body: str) -> bool | None:
    m = _ESTABLISHED.match(body)
    if not m:
        return None
    date = parse_partial_date(m.group(1))
    if date is None:
        return False
    facts.properties.append(("established_date", date.value if date.text is None else date.text))
    return True


def _read_sanctions_info(facts: RemarkFacts, body: str) -> bool | None:
    """Statements about the sanctions themselves: kept whole, since their numbers are the content."""
    if m := _EO_INFO.match(body):
        basis = f"Executive Order {m.group('eo')}"
        if basis not in facts.legal_bases:
            facts.legal_bases.append(basis)
        facts.properties.append(("executive_order_information", body))
        return True
    if _EO_DIRECTIVE.match(body):
        facts.properties.append(("directive_determination", body))
        return True
    if _EO_DIRECTIVE_INFO.match(body):
        facts.properties.append(("directive_information", body))
        return True
    if _CAATSA.match(body):
        facts.properties.append(("caatsa_information", body))
        return True
    if m := _DATED.match(body):
        key = {
            "Listing Date": "listing_date",
            "Effective Date": "effective_date",
            "Purchase/Sales For Divestment Date": "divestment_date",
        }[m.group("kind")]
        facts.properties.append((key, body))
        return True
    if m := _DIRECTIVES_LINK.match(body):
        facts.properties.append(("information_url", m.group("url").rstrip(".")))
        return True
    return None


def _read_identifier(facts: RemarkFacts, body: str) -> bool | None:
    m = _ID_RE.match(body)
    if m:
        label = m.group("label")
        ident = _identifier(_ID_LABELS[label], label.rstrip(":"), m.group("rest"))
        if ident is None:
            return False
        facts.identifiers.append(ident)
        return True
    g = _GENERIC_ID.match(body)
    if g:
        # An unlisted label: read it only if it ends in a country OFAC-style,
        # the sign that it is a document and not a sentence with a number.
        ident = _identifier("other", g.group("label"), g.group("rest"))
        if ident is not None and ident.country is not None:
            facts.identifiers.append(ident)
            return True
    return None


def _identifier(id_type: str, label: str, rest: str) -> Identifier | None:
    """Read "<number> (Region) (Country) issued <date> expires <date>"."""
    m = _ID_REST.match(rest.strip())
    if not m:
        return None
    number = m.group("number").strip().rstrip(",")
    if id_type == "imo":
        number = _IMO_PREFIX.sub("", number)
    if not number or not _ALNUM.search(number):
        return None
    country: str | None = None
    notes: list[str] = []
    for qual in reversed(_QUAL.findall(m.group("quals") or "")):
        code = country_code(qual) if country is None else None
        if code is not None:
            country = code
        else:
            notes.insert(0, qual.strip())
    issued = _date_or_note(m.group("issued"), "issued", notes)
    expires = _date_or_note(m.group("expires"), "expires", notes)
    return Identifier(
        type=id_type,
        number=number,
        country=country,
        label=label,
        issued=issued,
        expires=expires,
        remarks="; ".join(notes) or None,
    )


def _date_or_note(text: str | None, word: str, notes: list[str]) -> str | None:
    if text is None:
        return None
    value = parse_date_value(text)
    if value is None:
        notes.append(f"{word} {text}")
    return value


_READERS: tuple[Reader, ...] = (
    _read_birth,
    _read_country_statement,
    _read_gender,
    _read_position,
    _read_weak_alias,
    _read_linked_to,
    _read_crypto,
    _read_established,
    _read_sanctions_info,
    _read_contact,
    _read_property,
    _read_identifier,
)
