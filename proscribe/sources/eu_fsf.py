"""EU Financial Sanctions Files (FSF) XML, version 1.1: the EU consolidated list.

One `<sanctionEntity>` per listed party, in the namespace
http://eu.europa.ec/fpi/fsd/export. Everything is in attributes:
`nameAlias`, `birthdate`, `citizenship`, `identification`, `address` and
`regulation` elements repeat, each with its own `logicalId`. The export's
`generationDate` is the list date.

Choices that are not obvious from the schema:

- The EU marks no alias as *the* name. The primary name is the strong,
  Latin-script alias with the lowest `logicalId`: the oldest record is the
  name the entity was first listed under (it carries the `function` and the
  long remark), while the first alias in document order is often a later
  translation (e.g. a French spelling added by a 2025 amendment).
- Alias quality: `strong="false"` is a weak alias, and so is an alias whose
  remark says "low quality alias" (the EU copies the UN's quality there and
  leaves `strong="true"`).
- Birth dates in another calendar (`calendarType="ISLAMIC"`) keep their own
  day/month/year as text; the Gregorian `birthdate` attribute is used only
  when the file gives one that differs from the calendar's own digits.

`script_of`, `language_code`, `add_name` and `clean` live here because the
UK and Canada parsers share them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from lxml import etree
from rigour.langs import iso_639_alpha2
from rigour.text.scripts import codepoint_script

from proscribe.model import (
    Address,
    Designation,
    Entity,
    Identifier,
    Name,
    NameKind,
    PartialDate,
    Place,
    Provenance,
)
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_date_value
from proscribe.sources.errors import ListError
from proscribe.sources.io import (
    children,
    iter_xml,
    localname,
    read_head,
    source_line,
    xml_root_name,
)

SOURCE = "eu"
NAMESPACE = b"http://eu.europa.ec/fpi/fsd/export"

# Unicode script names (as rigour reports them) to ISO 15924 codes.
_ISO15924 = {
    "Arabic": "Arab",
    "Armenian": "Armn",
    "Bengali": "Beng",
    "Cyrillic": "Cyrl",
    "Devanagari": "Deva",
    "Ethiopic": "Ethi",
    "Georgian": "Geor",
    "Greek": "Grek",
    "Gujarati": "Gujr",
    "Gurmukhi": "Guru",
    "Han": "Hani",
    "Hangul": "Kore",
    "Hebrew": "Hebr",
    "Hiragana": "Jpan",
    "Kannada": "Knda",
    "Katakana": "Jpan",
    "Khmer": "Khmr",
    "Lao": "Laoo",
    "Malayalam": "Mlym",
    "Mongolian": "Mong",
    "Myanmar": "Mymr",
    "Oriya": "Orya",
    "Sinhala": "Sinh",
    "Syriac": "Syrc",
    "Tamil": "Taml",
    "Telugu": "Telu",
    "Thaana": "Thaa",
    "Thai": "Thai",
    "Tibetan": "Tibt",
    "Tifinagh": "Tfng",
}

# Best first: when one string is listed twice, the stronger reading wins.
_KIND_RANK: dict[NameKind, int] = {"primary": 0, "aka": 1, "fka": 2, "nka": 3, "weak": 4}


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str | None:
    return codepoint_script(ord(ch))


def script_of(text: str) -> str | None:
    """ISO 15924 code of the non-Latin script a name is written in, or None for Latin.

    Decided from the characters, not from a list's label: the UK lists label
    Latin transliterations "Cyrillic" and leave most labels empty. Kana with
    Han is Japanese, Hangul (with or without Han) Korean.
    """
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            script = _char_script(ch)
            if script and script not in ("Latin", "Common", "Inherited"):
                counts[script] += 1
    if not counts:
        return None
    if "Hiragana" in counts or "Katakana" in counts:
        return "Jpan"
    if "Hangul" in counts:
        return "Kore"
    top = counts.most_common(1)[0][0]
    return _ISO15924.get(top, "Zzzz")


def language_code(text: str | None) -> str | None:
    """ISO 639-1 code for a language code or English language name ("AR", "Russian")."""
    if not text:
        return None
    for part in re.split(r"[/,;]", text):
        code = iso_639_alpha2(part.strip())
        if code:
            return code
    return None


def add_name(entity: Entity, name: Name) -> bool:
    """Add a name unless the entity already has it; a repeat upgrades the kind.

    Lists repeat a name (once per address row, or once as primary and once as
    a variation); one Name per spelling keeps the index small, and the
    strongest kind it was listed with is kept. Returns True if it was new.
    """
    full = " ".join(name.full.split())
    if not full:
        return False
    name.full = full
    for existing in entity.names:
        if existing.full == full and existing.script == name.script:
            if _KIND_RANK[name.kind] < _KIND_RANK[existing.kind]:
                existing.kind = name.kind
            return False
    entity.names.append(name)
    return True


def clean(text: str | None) -> str | None:
    """Whitespace collapsed (line breaks and no-break spaces too); None when empty."""
    if text is None:
        return None
    value = " ".join(text.split())
    return value or None


def _sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == "export" and NAMESPACE in head


_GENERATION_DATE = re.compile(rb"<(?:\w+:)?export\b[^>]*\bgenerationDate=\"([^\"]+)\"")

_GENDERS = {"M": "male", "F": "female"}

_ID_TYPES = {
    "passport": "passport",
    "id": "national_id",
    "ssn": "national_id",
    "nrn": "national_id",
    "regnumber": "registration",
    "tradelic": "registration",
    "fiscalcode": "tax_id",
    "swiftbic": "swift",
    "imo": "imo",
}

_CONTACT_TYPES = {"PHONE": "phone", "FAX": "other", "EMAIL": "email", "WEB": "website"}

_SCHEMAS = {"person": "Person", "enterprise": "Organization"}

_QUALITY = re.compile(r"^\s*(good|low)\s+quality\s+al+i+as\s*\.?\s*$", re.I)

_ID_FLAGS = (
    ("diplomatic", "diplomatic"),
    ("knownExpired", "known expired"),
    ("knownFalse", "known false"),
    ("reportedLost", "reported lost"),
    ("revokedByIssuer", "revoked by issuer"),
)

# Children of <sanctionEntity> this parser reads; any other is reported once.
_KNOWN = {
    "remark",
    "regulation",
    "subjectType",
    "nameAlias",
    "birthdate",
    "citizenship",
    "identification",
    "address",
}


def _attr(elem: etree._Element, name: str) -> str | None:
    return clean(elem.get(name))


def _country(elem: etree._Element) -> str | None:
    """ISO code from countryIso2Code ("00" means unknown)."""
    return country_code(_attr(elem, "countryIso2Code"))


def _country_name(elem: etree._Element) -> str | None:
    name = _attr(elem, "countryDescription")
    return None if name is None or name.upper() == "UNKNOWN" else name


def _remarks(elem: etree._Element) -> list[str]:
    return [text for r in children(elem, "remark") if (text := clean(r.text))]


def _published(path: Path) -> str | None:
    match = _GENERATION_DATE.search(read_head(path))
    if not match:
        return None
    return parse_date_value(match.group(1).decode("ascii", "replace")[:10])


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    report.published = _published(path)
    unknown: set[str] = set()
    seen_ids: set[str] = set()
    for elem in iter_xml(path, ("sanctionEntity",)):
        entity = _entity(path, elem, report, unknown)
        if entity.source_id in seen_ids:
            report.warn(
                path,
                f"logicalId {entity.source_id} appears twice; both kept",
                line=source_line(elem),
                record=entity.source_id,
            )
        seen_ids.add(entity.source_id)
        report.count("entities")
        yield entity


def _entity(path: Path, elem: etree._Element, report: ParseReport, unknown: set[str]) -> Entity:
    line = source_line(elem)
    logical_id = _attr(elem, "logicalId")
    if logical_id is None:
        raise ListError(
            str(path), "sanctionEntity without logicalId", line=line, element="sanctionEntity"
        )
    subject = next(iter(children(elem, "subjectType")), None)
    code = _attr(subject, "code") if subject is not None else None
    schema = _SCHEMAS.get((code or "").lower())
    if schema is None:
        report.warn(
            path,
            f"subjectType {code!r} is not person or enterprise; kept as LegalEntity",
            line=line,
            record=logical_id,
        )
    entity = Entity(
        source=report.source,
        source_id=logical_id,
        schema=schema or "LegalEntity",  # type: ignore[arg-type]
        provenance=Provenance(report.source, str(path), logical_id, line),
    )
    entity.remarks.extend(_remarks(elem))
    un_id = _attr(elem, "unitedNationId")
    if un_id:
        entity.identifiers.append(Identifier("un_reference", un_id, label="UN reference"))

    for child in elem:
        if not isinstance(child.tag, str):
            continue
        tag = localname(child)
        if tag not in _KNOWN and tag not in unknown:
            unknown.add(tag)
            report.warn(
                path,
                f"element <{tag}> is not read by this parser",
                line=source_line(child),
                record=logical_id,
            )

    _names(path, elem, entity, report)
    for reg in children(elem, "regulation"):
        designation = _designation(elem, reg)
        if designation not in entity.designations:
            entity.designations.append(designation)
    if not entity.designations:
        report.warn(
            path, "no <regulation>: listed without a programme", line=line, record=logical_id
        )
        entity.designations.append(_designation(elem, None))
    for bd in children(elem, "birthdate"):
        _birth(bd, entity)
    for cit in children(elem, "citizenship"):
        code = _country(cit)
        if code and code not in entity.citizenships:
            entity.citizenships.append(code)
        entity.remarks.extend(r for r in _remarks(cit) if r not in entity.remarks)
    for ident in children(elem, "identification"):
        identifier = _identifier(ident)
        if identifier is None:
            report.warn(
                path, "identification without a number", line=source_line(ident), record=logical_id
            )
        elif identifier not in entity.identifiers:
            entity.identifiers.append(identifier)
    for addr in children(elem, "address"):
        _address(addr, entity)

    report.count("names", len(entity.names))
    report.count("addresses", len(entity.addresses))
    report.count("birth_dates", len(entity.birth_dates))
    report.count("identifiers", len(entity.identifiers))
    return entity


def _names(path: Path, elem: etree._Element, entity: Entity, report: ParseReport) -> None:
    candidates: list[tuple[int, int, Name]] = []
    for order, alias in enumerate(children(elem, "nameAlias")):
        first, middle, last = (_attr(alias, a) for a in ("firstName", "middleName", "lastName"))
        full = _attr(alias, "wholeName") or clean(" ".join(p for p in (first, middle, last) if p))
        if not full:
            report.warn(
                path, "nameAlias without a name", line=source_line(alias), record=entity.source_id
            )
            continue
        remarks = _remarks(alias)
        weak = alias.get("strong", "true").strip().lower() == "false" or any(
            (m := _QUALITY.match(r)) and m.group(1).lower() == "low" for r in remarks
        )
        title = _attr(alias, "title")
        name = Name(
            full=full,
            kind="weak" if weak else "aka",
            given=first,
            middle=middle,
            family=last,
            title=title,
            script=script_of(full),
            lang=language_code(_attr(alias, "nameLanguage")),
        )
        logical = _attr(alias, "logicalId") or ""
        rank = int(logical) if logical.isdigit() else 1 << 62
        candidates.append((rank, order, name))
        if title and title not in entity.titles:
            entity.titles.append(title)
        function = _attr(alias, "function")
        if function and function not in entity.positions:
            entity.positions.append(function)
        gender = _GENDERS.get((alias.get("gender") or "").strip().upper())
        if gender and entity.gender is None:
            entity.gender = gender  # type: ignore[assignment]
        for remark in remarks:
            if not _QUALITY.match(remark) and remark not in entity.remarks:
                entity.remarks.append(remark)
    if not candidates:
        report.warn(
            path,
            "no nameAlias: the entity has no name to screen against",
            line=source_line(elem),
            record=entity.source_id,
        )
        return
    eligible = [c for c in candidates if c[2].kind == "aka" and c[2].script is None]
    primary = min(eligible or candidates, key=lambda c: (c[0], c[1]))[2]
    primary.kind = "primary"
    for _rank, _order, name in sorted(candidates, key=lambda c: c[1]):
        add_name(entity, name)


def _designation(elem: etree._Element, reg: etree._Element | None) -> Designation:
    listed = _attr(elem, "designationDate")
    remarks = [_attr(elem, "designationDetails")]
    programme = legal_basis = None
    if reg is not None:
        programme = _attr(reg, "programme")
        legal_basis = _attr(reg, "numberTitle")
        listed = listed or _attr(reg, "entryIntoForceDate") or _attr(reg, "publicationDate")
        url = next((clean(u.text) for u in children(reg, "publicationUrl")), None)
        kind = _attr(reg, "regulationType")
        remarks.append(f"{kind}: {url}" if kind and url else url or kind)
    return Designation(
        authority="EU",
        programme=programme,
        legal_basis=legal_basis,
        listed_on=parse_date_value(listed) if listed else None,
        reference=_attr(elem, "euReferenceNumber"),
        remarks="; ".join(r for r in remarks if r) or None,
    )


def _int(elem: etree._Element, name: str) -> int | None:
    value = _attr(elem, name)
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def _birth(bd: etree._Element, entity: Entity) -> None:
    calendar = (_attr(bd, "calendarType") or "GREGORIAN").upper()
    circa = (bd.get("circa") or "").strip().lower() == "true"
    notes = _remarks(bd)
    year, month, day = _int(bd, "year"), _int(bd, "monthOfYear"), _int(bd, "dayOfMonth")
    date: PartialDate | None = None
    range_from, range_to = _int(bd, "yearRangeFrom"), _int(bd, "yearRangeTo")
    stated = parse_date_value(_attr(bd, "birthdate") or "")
    if calendar != "GREGORIAN":
        own = "-".join(f"{v:02d}" for v in (year, month, day) if v is not None)
        text = "; ".join([f"{own} ({calendar.title()} calendar)", *notes])
        # A Gregorian equivalent only when the file states one that is not the
        # calendar's own digits (those would be a false date ~600 years off).
        if stated and (year is None or not stated.startswith(f"{year:04d}")):
            date = PartialDate(value=stated, circa=circa, text=text)
        else:
            entity.add_property("birth_date_text", text)
    elif range_from and range_to:
        end = str(range_to) if range_to != range_from else None
        date = PartialDate(
            value=str(range_from), end=end, circa=circa, text="; ".join(notes) or None
        )
    else:
        value = stated or _from_parts(year, month, day)
        if value:
            date = PartialDate(value=value, circa=circa, text="; ".join(notes) or None)
        elif notes:
            entity.add_property("birth_date_text", "; ".join(notes))
    if date is not None:
        _add_date(entity.birth_dates, date)

    parts = [
        p for p in (_attr(bd, "place"), _attr(bd, "city"), _attr(bd, "region")) if p and p != "-"
    ]
    country, country_name = _country(bd), _country_name(bd)
    if parts or country:
        place = Place(
            text=", ".join(parts + ([country_name] if country_name else [])), country=country
        )
        if place not in entity.birth_places:
            entity.birth_places.append(place)


def _from_parts(year: int | None, month: int | None, day: int | None) -> str | None:
    """An ISO prefix from the separate year/month/day attributes, as far as they go."""
    if year is None:
        return None
    if month is None:
        return parse_date_value(f"{year:04d}")
    if day is None:
        return parse_date_value(f"{year:04d}-{month:02d}")
    return parse_date_value(f"{year:04d}-{month:02d}-{day:02d}")


def _add_date(dates: list[PartialDate], date: PartialDate) -> None:
    """Keep one entry per (date, range, circa); a later repeat may add the missing text."""
    for existing in dates:
        if (existing.value, existing.end, existing.circa) == (date.value, date.end, date.circa):
            if existing.text is None:
                existing.text = date.text
            return
    dates.append(date)


def _identifier(ident: etree._Element) -> Identifier | None:
    number = _attr(ident, "number") or _attr(ident, "latinNumber")
    if number is None:
        return None
    code = (_attr(ident, "identificationTypeCode") or "").lower()
    notes = _remarks(ident)
    issued_by = _attr(ident, "issuedBy")
    if issued_by:
        notes.append(f"issued by {issued_by}")
    region = _attr(ident, "region")
    if region:
        notes.append(f"region {region}")
    on_doc = _attr(ident, "nameOnDocument")
    if on_doc:
        notes.append(f"name on document: {on_doc}")
    latin = _attr(ident, "latinNumber")
    if latin and latin != number:
        notes.append(f"latin number: {latin}")
    notes.extend(
        label for attr, label in _ID_FLAGS if (ident.get(attr) or "").strip().lower() == "true"
    )
    return Identifier(
        type=_ID_TYPES.get(code, "other"),
        number=number,
        country=_country(ident),
        label=_attr(ident, "identificationTypeDescription") or code or None,
        issued=parse_date_value(_attr(ident, "issueDate") or ""),
        expires=parse_date_value(_attr(ident, "validTo") or ""),
        remarks="; ".join(notes) or None,
    )


def _address(addr: etree._Element, entity: Entity) -> None:
    street, city, zip_code = _attr(addr, "street"), _attr(addr, "city"), _attr(addr, "zipCode")
    region, place, po_box = _attr(addr, "region"), _attr(addr, "place"), _attr(addr, "poBox")
    country, country_name = _country(addr), _country_name(addr)
    remarks = _remarks(addr)
    if (addr.get("asAtListingTime") or "").strip().lower() == "true":
        remarks.append("address at the time of listing")
    parts = [
        street,
        f"PO Box {po_box}" if po_box else None,
        place,
        city,
        zip_code,
        region,
        country_name,
    ]
    address = Address(
        full=", ".join(p for p in parts if p) or None,
        street=street,
        city=city,
        postal_code=zip_code,
        region=region,
        country=country,
        country_name=country_name,
        remarks="; ".join(remarks) or None,
    )
    if address.full or address.remarks:
        if address not in entity.addresses:
            entity.addresses.append(address)
        if country and country not in entity.countries:
            entity.countries.append(country)
    for info in children(addr, "contactInfo"):
        key = (_attr(info, "key") or "").upper()
        value = _attr(info, "value")
        if not value:
            continue
        kind = _CONTACT_TYPES.get(key, "other")
        values = re.split(r"\s*;\s*", value) if kind in ("phone", "other") else [value]
        for v in values:
            identifier = Identifier(kind, v, label=key.lower() or None)
            if v and identifier not in entity.identifiers:
                entity.identifiers.append(identifier)


FORMATS = [
    ListFormat(
        name="eu_fsf",
        source=SOURCE,
        description="EU Financial Sanctions Files XML (FSF 1.1)",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]
