"""UK OFSI Consolidated List of Financial Sanctions Targets, ConList.csv layout.

Line 1 is `Last Updated,dd/mm/yyyy`, line 2 the header, then one row per
name. A party (a Group ID) has one row for every combination of its names,
addresses, dates of birth and regimes, and those rows are not adjacent in the
file (the real list interleaves hundreds of groups), so the parser reads the
file twice: a first pass counts each group's rows, the second builds each
group and yields it as soon as its last row has been read. Only the groups
still open are held in memory.

Names are split over `Name 1`..`Name 5` (given and middle names) and
`Name 6` (the surname, or the whole name of an entity or ship). Facts with no
column of their own live in `Other Information` as `(Key):value` segments:
`(UK Sanctions List Ref):RUS0229`, `(UN Ref):QDi.272`, `(Gender):Male`,
`(IMO number):7408873`, ... A party listed under two regimes carries one
reference per regime (`INU0082 and SYR0310`); which prefix belongs to which
regime is learnt from the single-regime parties of the same file.

The helpers at the top (numbered lists, UK country spellings, names,
addresses, dates) are shared with the FCDO UK Sanctions List parsers.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

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
    Relation,
)
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_date_value, parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.eu_fsf import add_name, clean, language_code, script_of
from proscribe.sources.io import detect_encoding, open_text, read_head

SOURCE = "uk"
T = TypeVar("T")

# ---------------------------------------------------------------------------
# Shared UK helpers (ConList and the FCDO UK Sanctions List write alike).
# ---------------------------------------------------------------------------

_FIRST_MARKER = re.compile(r"^\(1\s*(?:-\s*\d+\s*)?\)")
_MARKER = re.compile(r"\((\d+)\s*(?:-\s*(\d+)\s*)?\)")


def numbered(text: str | None) -> dict[int, str]:
    """The items of "(1) Russia (2) Ukraine" or "(1-3) Libya (4) Morocco", by number.

    Plain text is item 1. A marker counts only when it is the next number, so
    "(1) Minister (2009) (2) Governor" keeps "(2009)" inside the first item.
    """
    value = clean(text)
    if not value:
        return {}
    if not _FIRST_MARKER.match(value):
        return {1: value}
    markers: list[tuple[int, int, int, int]] = []
    expected = 1
    for m in _MARKER.finditer(value):
        first = int(m.group(1))
        last = int(m.group(2) or first)
        if first == expected and first <= last <= first + 50:
            markers.append((m.start(), m.end(), first, last))
            expected = last + 1
    items: dict[int, str] = {}
    for i, (_start, end, first, last) in enumerate(markers):
        stop = markers[i + 1][0] if i + 1 < len(markers) else len(value)
        item = value[end:stop].strip(" .,;")
        if item:
            for n in range(first, last + 1):
                items[n] = item
    return items


def numbered_list(text: str | None) -> list[str]:
    return list(numbered(text).values())


def pairs(left: dict[int, str], right: dict[int, str]) -> list[tuple[str | None, str | None]]:
    """Items of two numbered fields matched by number (a single plain item applies to all)."""
    if len(right) == 1 and len(left) > 1 and 1 in right:
        right = dict.fromkeys(left, right[1])
    elif len(left) == 1 and len(right) > 1 and 1 in left:
        left = dict.fromkeys(right, left[1])
    return [(left.get(n), right.get(n)) for n in sorted(set(left) | set(right))]


_NOW = re.compile(r"\b(?:now|currently)\s+(?:the\s+)?([^()]+?)\s*\)?\s*$", re.I)
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


def uk_countries(text: str | None) -> list[str]:
    """ISO codes in a UK country field.

    Handles the UK's historical wording: "Former USSR Currently Belarus",
    "Ukrainian SSR (now Ukraine)", "Iraq (previous address)", and two
    countries in one cell ("Estonia, Russia").
    """
    value = clean(text)
    if not value:
        return []
    now = _NOW.search(value)
    if now and (code := country_code(now.group(1))):
        return [code]
    if code := country_code(value):
        return [code]
    stripped = _TRAILING_BRACKET.sub("", value)
    if stripped != value and (code := country_code(stripped)):
        return [code]
    codes: list[str] = []
    for part in re.split(r"[.,;]\s*", value):
        code = country_code(part)
        if code and code not in codes:
            codes.append(code)
    return codes


def uk_country(text: str | None) -> str | None:
    codes = uk_countries(text)
    return codes[0] if len(codes) == 1 else None


def uk_name(parts: Sequence[str | None], kind: NameKind, person: bool) -> Name | None:
    """A Name from Name 1..Name 6 (Name 6 is the surname, or an entity's whole name)."""
    cleaned = [clean(p) for p in parts]
    full = " ".join(p for p in cleaned if p)
    if not full:
        return None
    if not person:
        return Name(full=full, kind=kind)
    middle = " ".join(p for p in cleaned[1:5] if p) or None
    return Name(full=full, kind=kind, given=cleaned[0], middle=middle, family=cleaned[5])


_NAME_TYPES: dict[str, NameKind] = {
    "primary name": "primary",
    "primary name variation": "aka",
    "aka": "aka",
    "alias": "aka",
    "fka": "fka",
    "nka": "nka",
}


def uk_name_kind(name_type: str | None, quality: str | None) -> NameKind | None:
    """The kind of a UK name row; None when the name type is not one the UK uses.

    "Primary name variation" is a spelling variant of the primary name, so an
    alias. A "Low quality" alias is weak; quality is not graded on most rows.
    """
    kind = _NAME_TYPES.get(" ".join((name_type or "").split()).casefold())
    if kind is None:
        return None
    if kind != "primary" and "low" in (quality or "").casefold():
        return "weak"
    return kind


def uk_address(
    lines: Sequence[str | None], postcode: str | None, country: str | None
) -> Address | None:
    """An address from numbered lines, a post code and a country name.

    The line meanings vary from record to record (line 6 is a town on one,
    a province on another), so only the full text is assembled; a "post code"
    with no digit (e.g. "Mogadishu") is kept in the text, not as a post code.
    """
    parts = [p for line in lines if (p := clean(line))]
    code_text, country_name = clean(postcode), clean(country)
    full = parts + [p for p in (code_text, country_name) if p]
    if not full:
        return None
    return Address(
        full=", ".join(full),
        postal_code=code_text if code_text and any(c.isdigit() for c in code_text) else None,
        country=uk_country(country_name),
        country_name=country_name,
    )


def uk_place(town: str | None, country: str | None) -> Place | None:
    parts = [p for p in (clean(town), clean(country)) if p]
    if not parts:
        return None
    return Place(text=", ".join(parts), country=uk_country(country))


_PLACEHOLDER = re.compile(r"\b(?:dd|mm)\b", re.I)
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


def uk_date(text: str | None) -> PartialDate | None:
    """A UK date: dd/mm/yyyy where unknown parts are 00 or spelt "dd"/"mm"."""
    value = clean(text)
    if not value:
        return None
    value = _PLACEHOLDER.sub("00", value)
    if m := _MONTH_YEAR.match(value):
        value = f"00/{m.group(1)}/{m.group(2)}"
    return parse_partial_date(value)


def uk_day(text: str | None) -> str | None:
    """A plain dd/mm/yyyy date (designation, update) as ISO."""
    value = clean(text)
    return parse_date_value(value) if value else None


_GENDERS = {"male": "male", "female": "female"}


def uk_gender(text: str | None) -> str | None:
    return _GENDERS.get((clean(text) or "").casefold())


def add_unique(items: list[T], value: T | None) -> None:
    if value is not None and value not in items:
        items.append(value)


def add_date(entity: Entity, date: PartialDate) -> None:
    for existing in entity.birth_dates:
        if (existing.value, existing.end, existing.circa) == (date.value, date.end, date.circa):
            return
    entity.birth_dates.append(date)


def imo_number(text: str | None) -> str | None:
    """The seven digits of an IMO number written "IMO9562233" or "9562233"."""
    value = clean(text)
    if not value:
        return None
    return re.sub(r"^IMO[\s:]*", "", value, flags=re.I) or None


# ---------------------------------------------------------------------------
# CSV reading shared by ConList and the FCDO CSV.
# ---------------------------------------------------------------------------


def csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of every CSV record, decoding strictly.

    A record may span several lines (quoted line breaks); its first line is
    the one reported. Blank records are skipped.
    """
    encoding = detect_encoding(read_head(path))
    with open_text(path, encoding) as fh:
        reader = csv.reader(fh)
        line = 1
        try:
            for row in reader:
                start, line = line, reader.line_num + 1
                if any(cell.strip() for cell in row):
                    yield start, row
        except csv.Error as exc:
            raise ListError(str(path), f"CSV is not well-formed: {exc}", line=line) from exc
        except UnicodeDecodeError as exc:
            raise ListError(str(path), f"not valid {encoding}: {exc.reason}", line=line) from exc


def header_index(
    path: Path, header: list[str], required: Sequence[str], line: int
) -> dict[str, int]:
    index = {" ".join(h.split()).casefold(): i for i, h in enumerate(header)}
    missing = [c for c in required if c.casefold() not in index]
    if missing:
        raise ListError(str(path), f"header lacks the columns {', '.join(missing)}", line=line)
    return index


# ---------------------------------------------------------------------------
# ConList.
# ---------------------------------------------------------------------------

_COLUMNS = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
)

_SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

_FIRST_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?\"?Last Updated\"?,\"?(\d{1,2}/\d{1,2}/\d{4})")


def _sniff(path: Path, head: bytes) -> bool:
    if not _FIRST_LINE.match(head):
        return False
    second = head.split(b"\n", 2)[1] if head.count(b"\n") >= 1 else b""
    return b"Group ID" in second and b"Name 6" in second


# The keys of "(Key):value" segments in Other Information.
_OI_KEYS = (
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Tel",
    "Fax",
    "Email address",
    "Website",
    "Type of entity",
    "Parent company",
    "Subsidiaries",
    "Business Reg No",
    "УНН/ИНН",
    "IMO number",
    "Current owners",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
)
_OI_SPLIT = re.compile(r"\((" + "|".join(re.escape(k) for k in _OI_KEYS) + r")\)\s*:", re.I)
_OI_CANON = {k.casefold(): k for k in _OI_KEYS}
_REF = r"(?:[A-Z]{3}\d{3,4}|[A-Z]{2}[a-z]\.\d{2,4})"
_REFS = re.compile(rf"^\s*({_REF}(?:\s*(?:,|and|&|/)\s*{_REF})*)\s*\.?", re.I)


@dataclass(slots=True)
class OtherInformation:
    """Other Information split into its keyed facts and its free text."""

    refs: list[str] = field(default_factory=list)
    un_refs: list[str] = field(default_factory=list)
    facts: dict[str, list[str]] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)


def parse_other_information(text: str | None) -> OtherInformation:
    out = OtherInformation()
    value = clean(text)
    if not value:
        return out
    parts = _OI_SPLIT.split(value)
    lead = parts[0].strip(" .;")
    if lead:
        out.text.append(lead)
    for raw_key, raw_value in zip(parts[1::2], parts[2::2], strict=True):
        key = _OI_CANON[raw_key.casefold()]
        item = raw_value.strip()
        if key in ("UK Sanctions List Ref", "UN Ref"):
            match = _REFS.match(item)
            refs = re.findall(_REF, match.group(1)) if match else []
            (out.refs if key == "UK Sanctions List Ref" else out.un_refs).extend(refs)
            item = item[match.end() :].strip() if match else item
            if item.strip(" .;"):
                out.text.append(item.strip(" ;"))
        elif key == "UK Statement of Reasons":
            if item:
                out.text.append(item)
        elif item.strip(" .;"):
            out.facts.setdefault(key, []).append(item.strip(" ;"))
    return out


def apply_other_facts(entity: Entity, facts: dict[str, list[str]]) -> None:
    """Contact details, company and ship facts from Other Information onto the entity."""
    for key, values in facts.items():
        for value in values:
            items = numbered_list(value)
            if key == "Gender":
                gender = uk_gender(value)
                if gender and entity.gender is None:
                    entity.gender = gender  # type: ignore[assignment]
            elif key in ("Phone number", "Tel", "Fax"):
                kind = "phone" if key != "Fax" else "other"
                for item in items:
                    for phone in re.split(r"\s*[,;]\s*(?=\+|\d)", item):
                        add_unique(entity.identifiers, Identifier(kind, phone, label=key))
            elif key == "Email address":
                for item in items:
                    for email in re.split(r"[\s,;]+", item):
                        if "@" in email:
                            add_unique(
                                entity.identifiers,
                                Identifier("email", email.strip(".,"), label=key),
                            )
            elif key == "Website":
                for item in items:
                    for site in re.split(r"[\s,;]+", item):
                        if site.strip("."):
                            add_unique(entity.identifiers, Identifier("website", site, label=key))
            elif key in ("Business Reg No", "УНН/ИНН"):
                for item in items:
                    add_unique(entity.identifiers, Identifier("registration", item, label=key))
            elif key == "Type of entity":
                for item in items:
                    entity.add_property("legal_form", item)
            elif key == "Parent company":
                for item in items:
                    add_unique(
                        entity.relations,
                        Relation("owned_by", target_name=item, role="parent company"),
                    )
            elif key == "Subsidiaries":
                for item in items:
                    add_unique(
                        entity.relations, Relation("owner", target_name=item, role="subsidiary")
                    )
            elif key == "Current owners":
                for item in items:
                    add_unique(
                        entity.relations,
                        Relation("owned_by", target_name=item, role="current owner"),
                    )
            elif key == "IMO number":
                for item in items:
                    number = imo_number(item)
                    if number:
                        add_unique(entity.identifiers, Identifier("imo", number, label=key))
            else:
                prop = _SHIP_PROPERTIES[key]
                for item in items:
                    entity.add_property(prop, _flag(item) if prop.endswith("flag") else item)


_SHIP_PROPERTIES = {
    "Flag of ship": "vessel_flag",
    "Previous flags": "vessel_past_flag",
    "Type of ship": "vessel_type",
    "Tonnage of ship": "tonnage",
    "Length of ship": "vessel_length",
    "Year built": "build_year",
}


def _flag(text: str) -> str:
    """A flag as an ISO code when the country is known, else as written."""
    return uk_country(text) or text


@dataclass(slots=True)
class _Group:
    """A party being assembled from its rows."""

    entity: Entity
    line: int
    rows_left: int
    regimes: dict[str, Designation] = field(default_factory=dict)
    refs: list[str] = field(default_factory=list)
    other_seen: set[str] = field(default_factory=set)
    row_keys: set[tuple[str, ...]] = field(default_factory=set)


class _Columns:
    def __init__(self, index: dict[str, int]) -> None:
        self.index = index

    def __call__(self, row: list[str], name: str) -> str | None:
        i = self.index.get(name.casefold())
        return clean(row[i]) if i is not None and i < len(row) else None


def _table(path: Path, report: ParseReport) -> Iterator[tuple[int, list[str], _Columns]]:
    """Data rows of a ConList file with a column accessor; checks the preamble and header."""
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None or not first[1] or first[1][0].strip().casefold() != "last updated":
        raise ListError(str(path), "first line is not 'Last Updated,<date>'", line=1)
    published = parse_date_value(first[1][1]) if len(first[1]) > 1 else None
    if published is None:
        raise ListError(
            str(path), f"'Last Updated' date not readable: {first[1][1:]!r}", line=first[0]
        )
    report.published = published
    head = next(rows, None)
    if head is None:
        raise ListError(str(path), "no header line", line=2)
    cols = _Columns(header_index(path, head[1], _COLUMNS, head[0]))
    width = len(head[1])
    for line, row in rows:
        if len(row) != width:
            raise ListError(
                str(path), f"row has {len(row)} fields, the header has {width}", line=line
            )
        yield line, row, cols


def _group_refs(text: str | None) -> list[str]:
    return parse_other_information(text).refs


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    # Pass 1: rows per group, and which reference prefix each regime uses.
    counts: Counter[str] = Counter()
    regimes_of: dict[str, set[str]] = defaultdict(set)
    prefixes_of: dict[str, set[str]] = defaultdict(set)
    for line, row, col in _table(path, report):
        gid = col(row, "Group ID")
        if gid is None:
            report.warn(path, "row without a Group ID; skipped", line=line)
            continue
        counts[gid] += 1
        regimes_of[gid].add(col(row, "Regime") or "")
        prefixes_of[gid].update(r[:3].upper() for r in _group_refs(col(row, "Other Information")))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for gid, regimes in regimes_of.items():
        if len(regimes) == 1 and len(prefixes_of[gid]) == 1:
            votes[next(iter(regimes))][next(iter(prefixes_of[gid]))] += 1
    prefix_of = {regime: c.most_common(1)[0][0] for regime, c in votes.items()}
    del regimes_of, prefixes_of

    # Pass 2: build each group, yield it at its last row.
    open_groups: dict[str, _Group] = {}
    unknown_types: set[str] = set()
    for line, row, col in _table(path, report):
        gid = col(row, "Group ID")
        if gid is None:
            continue
        report.count("rows")
        group = open_groups.get(gid)
        if group is None:
            group = open_groups[gid] = _new_group(path, gid, line, row, col, counts[gid], report)
        _apply_row(path, group, line, row, col, report, unknown_types)
        group.rows_left -= 1
        if group.rows_left == 0:
            del open_groups[gid]
            yield _finish(path, group, prefix_of, report)


def _new_group(
    path: Path, gid: str, line: int, row: list[str], col: _Columns, rows: int, report: ParseReport
) -> _Group:
    group_type = col(row, "Group Type")
    schema = _SCHEMAS.get((group_type or "").casefold())
    if schema is None:
        report.warn(
            path,
            f"Group Type {group_type!r} is not Individual, Entity or Ship; kept as LegalEntity",
            line=line,
            record=gid,
        )
    entity = Entity(
        source=report.source,
        source_id=gid,
        schema=schema or "LegalEntity",  # type: ignore[arg-type]
        provenance=Provenance(report.source, str(path), gid, line),
    )
    return _Group(entity=entity, line=line, rows_left=rows)


def _apply_row(
    path: Path,
    group: _Group,
    line: int,
    row: list[str],
    col: _Columns,
    report: ParseReport,
    unknown_types: set[str],
) -> None:
    entity = group.entity
    person = entity.schema == "Person"
    alias_type = col(row, "Alias Type")
    kind = uk_name_kind(alias_type, col(row, "Alias Quality"))
    if kind is None:
        if (alias_type or "") not in unknown_types:
            unknown_types.add(alias_type or "")
            report.warn(
                path,
                f"Alias Type {alias_type!r} not known; the name is kept as an alias",
                line=line,
                record=entity.source_id,
            )
        kind = "aka"
    name = uk_name([col(row, f"Name {i}") for i in range(1, 7)], kind, person)
    if name is None:
        report.warn(path, "row without a name", line=line, record=entity.source_id)
    elif add_name(entity, name):
        report.count("names")
    non_latin = col(row, "Name Non-Latin Script")
    if non_latin and add_name(
        entity,
        Name(
            full=non_latin,
            kind="aka",
            script=script_of(non_latin),
            lang=language_code(col(row, "Non-Latin Script Language")),
        ),
    ):
        report.count("names")

    regime = col(row, "Regime") or ""
    if regime not in group.regimes:
        group.regimes[regime] = Designation(authority="UK", programme=regime or None)
    designation = group.regimes[regime]
    designation.listed_on = designation.listed_on or uk_day(col(row, "Listed On"))
    uk_designated = uk_day(col(row, "UK Sanctions List Date Designated"))
    if uk_designated and designation.remarks is None:
        designation.remarks = f"UK Sanctions List date designated: {uk_designated}"
    updated = uk_day(col(row, "Last Updated"))
    entity.add_property("last_updated", updated)

    # The remaining columns repeat across a group's rows; read each distinct set once.
    key = tuple(row[col.index[c.casefold()]] for c in _FACT_COLUMNS)
    if key in group.row_keys:
        return
    group.row_keys.add(key)
    for title in numbered_list(col(row, "Title")):
        add_unique(entity.titles, title)
    for position in numbered_list(col(row, "Position")):
        add_unique(entity.positions, position)
    dob = col(row, "DOB")
    if dob:
        date = uk_date(dob)
        if date is None:
            report.warn(
                path, f"DOB {dob!r} not readable; kept as text", line=line, record=entity.source_id
            )
            entity.add_property("birth_date_text", dob)
        else:
            add_date(entity, date)
    for town, country in pairs(
        numbered(col(row, "Town of Birth")), numbered(col(row, "Country of Birth"))
    ):
        add_unique(entity.birth_places, uk_place(town, country))
    for nationality in numbered_list(col(row, "Nationality")):
        codes = uk_countries(nationality)
        if not codes:
            report.warn(
                path,
                f"nationality {nationality!r} is not a known country",
                line=line,
                record=entity.source_id,
            )
        for code in codes:
            add_unique(entity.nationalities, code)
    # Details that are only a country name ("Portugal") say which state issued the document.
    for number, details in pairs(
        numbered(col(row, "Passport Number")), numbered(col(row, "Passport Details"))
    ):
        if number:
            add_unique(
                entity.identifiers,
                Identifier(
                    "passport",
                    number,
                    label="Passport Number",
                    country=country_code(details),
                    remarks=details,
                ),
            )
    for number, details in pairs(
        numbered(col(row, "National Identification Number")),
        numbered(col(row, "National Identification Details")),
    ):
        if number:
            add_unique(
                entity.identifiers,
                Identifier(
                    "national_id",
                    number,
                    label="National Identification Number",
                    country=country_code(details),
                    remarks=details,
                ),
            )
    address = uk_address(
        [col(row, f"Address {i}") for i in range(1, 7)],
        col(row, "Post/Zip Code"),
        col(row, "Country"),
    )
    if address is not None and address not in entity.addresses:
        entity.addresses.append(address)
        report.count("addresses")
        add_unique(entity.countries, address.country)
    other = col(row, "Other Information")
    if other and other not in group.other_seen:
        group.other_seen.add(other)
        info = parse_other_information(other)
        for ref in info.refs:
            add_unique(group.refs, ref)
        for un_ref in info.un_refs:
            add_unique(entity.identifiers, Identifier("un_reference", un_ref, label="UN Ref"))
        for text in info.text:
            add_unique(entity.remarks, text)
        apply_other_facts(entity, info.facts)


_FACT_COLUMNS = (
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
)


def _finish(path: Path, group: _Group, prefix_of: dict[str, str], report: ParseReport) -> Entity:
    entity = group.entity
    refs = group.refs
    for regime, designation in group.regimes.items():
        if len(refs) == 1:
            designation.reference = refs[0]
        elif refs:
            own = [r for r in refs if r[:3].upper() == prefix_of.get(regime)]
            designation.reference = own[0] if len(own) == 1 else " and ".join(refs)
        entity.designations.append(designation)
    if not refs:
        report.warn(
            path,
            "no (UK Sanctions List Ref) in Other Information",
            line=group.line,
            record=entity.source_id,
        )
    if not any(n.kind == "primary" for n in entity.names):
        report.warn(path, "no Primary name row", line=group.line, record=entity.source_id)
    report.count("entities")
    return entity


FORMATS = [
    ListFormat(
        name="uk_ofsi_csv",
        source=SOURCE,
        description="UK OFSI Consolidated List (ConList.csv)",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]
