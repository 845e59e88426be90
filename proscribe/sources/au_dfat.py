"""Australia DFAT Consolidated List, as the published XLSX or a CSV of the same sheet.

DFAT publishes one row per *name*: the primary name row has the bare
Reference ("2"), each alias row the reference plus a suffix ("2a", "2b1").
All rows of a party repeat its other columns (date of birth, citizenship,
listing), though alias rows sometimes carry their own (an alias with its own
date of birth). Rows are grouped by the number at the start of Reference,
which is the entity's source_id, and the facts of all its rows are merged.

A party's rows are almost always adjacent, but not always (2940j sits 300
lines after 2940i), so the parse makes two passes: the first counts the rows
of each reference, the second emits an entity as soon as its last row is
read. Memory holds only the parties whose rows are still incomplete (a CSV
is streamed twice; an XLSX sheet is read once, see `_passes`).

The cells are free text typed by people over twenty years: "a) Approximately
1955- 1958 b) Approximately 1945-1950", "Russian and Ukrainian", "Passport
no.: Afghan SE-011697, issued ...". What is reliably structured is parsed
(dates of birth, countries, titles, designations, identity documents, web
and mail addresses, gender); the full Additional Information text is always
kept as a remark, and a date of birth or citizenship that cannot be read is
kept as a remark and reported.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

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
    Schema,
)
from proscribe.model.entity import Gender
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import MONTHS, parse_date_value, parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.ftm_json import detect_script
from proscribe.sources.io import is_gzip
from proscribe.sources.plain_csv import check_width, first_csv_row, iter_csv_rows

SOURCE = "au"
AUTHORITY = "AU"

REFERENCE = "Reference"
NAME = "Name of Individual or Entity"
TYPE = "Type"
NAME_TYPE = "Name Type"
DOB = "Date of Birth"
POB = "Place of Birth"
CITIZENSHIP = "Citizenship"
ADDRESS = "Address"
INFO = "Additional Information"
LISTING = "Listing Information"
COMMITTEES = "Committees"
CONTROL_DATE = "Control Date"
COLUMNS = (
    REFERENCE,
    NAME,
    TYPE,
    NAME_TYPE,
    DOB,
    POB,
    CITIZENSHIP,
    ADDRESS,
    INFO,
    LISTING,
    COMMITTEES,
    CONTROL_DATE,
)
REQUIRED = (REFERENCE, NAME, TYPE, NAME_TYPE, COMMITTEES)

_TYPES: dict[str, Schema] = {"individual": "Person", "entity": "Organization"}
# Name Type as published, case and spaces aside. An "Original Script" row is
# the party's name in its own script: an alias of the primary name, marked by
# its script (as the UN list's NAME_ORIGINAL_SCRIPT is read).
_NAME_KINDS: dict[str, NameKind] = {
    "primary name": "primary",
    "aka": "aka",
    "original script": "aka",
    "formerly known as": "fka",
    "previously listed as": "fka",
}
_PREVIOUSLY = re.compile(r"\s*\((?:previously listed as|formerly listed as)\)\s*$", re.I)

# DFAT writes "NA", "na", "N/A" for a value it does not have. "na" must never
# reach country_code: it is Namibia's ISO code.
_NULLS = {"na", "n/a", "n.a.", "nil", "none", "unknown", "-"}

_REFERENCE = re.compile(r"^(\d+)")
_SPACES = re.compile(r"[\s\u00a0]+")
# "a) ", "b)" ... list markers, at the start or after a space or punctuation.
_MARKER = re.compile(r"(?:^|(?<=[\s;,.]))\(?[a-z]\)\s*")
# "1988 (Taliban)", "Autonomous (Russia)", "1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)".
_COMMITTEE = re.compile(r"(?:\d{3,4}(?:/\d{3,4})*|Autonomous)\s*\((?:[^()]|\([^()]*\))*\)")


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    value = _SPACES.sub(" ", text).strip()
    if not value or value.lower().strip(" .") in _NULLS:
        return None
    return value


def _base_reference(path: Path, line: int, reference: str) -> str:
    match = _REFERENCE.match(reference.strip())
    if match is None:
        raise ListError(
            str(path), f"Reference {reference!r} does not start with the party's number", line=line
        )
    return match.group(1)


# --- rows from CSV or XLSX -------------------------------------------------------------


Row = dict[str, str]


def _header_index(path: Path, line: int, header: Sequence[str]) -> list[str]:
    """The canonical column name of each header cell ("name type " -> "Name Type")."""
    canonical = {c.lower(): c for c in COLUMNS}
    keys = [
        canonical.get(_SPACES.sub(" ", h or "").strip().lower(), _SPACES.sub(" ", h or "").strip())
        for h in header
    ]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise ListError(
            str(path), f"header lacks the DFAT column(s) {', '.join(missing)}", line=line
        )
    return keys


def _csv_rows(path: Path) -> Iterator[tuple[int, Row]]:
    rows = iter_csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise ListError(str(path), "file is empty")
    keys = _header_index(path, first[0], first[1])
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        check_width(path, line, cells, len(keys))
        yield line, dict(zip(keys, cells, strict=True))


def _cell_text(value: object) -> str:
    """An XLSX cell as the CSV export writes it: dates as ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _find_header(rows: Iterable[tuple[object, ...]]) -> tuple[int, list[str]] | None:
    """The header row of the sheet (the first of its first rows with Reference and Name Type)."""
    for number, row in enumerate(rows, start=1):
        cells = [_cell_text(v).strip().lower() for v in row]
        if REFERENCE.lower() in cells and NAME_TYPE.lower() in cells:
            return number, [_cell_text(v) for v in row]
        if number >= 10:
            return None
    return None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ListError(str(path), f"not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        found = _find_header(rows)
        if found is None:
            raise ListError(
                str(path), "no DFAT header row (Reference, Name Type, ...) in the first sheet"
            )
        header_line, header = found
        keys = _header_index(path, header_line, header)
        for number, row in enumerate(rows, start=header_line + 1):
            cells = [_cell_text(v) for v in row]
            if not any(c.strip() for c in cells):
                continue
            cells = (cells + [""] * len(keys))[: len(keys)]
            yield number, dict(zip(keys, cells, strict=True))
    finally:
        workbook.close()


def _passes(path: Path) -> tuple[Iterable[tuple[int, Row]], Iterable[tuple[int, Row]]]:
    """The rows, twice: a CSV is streamed twice; a workbook is read once and held.

    openpyxl takes seconds to read a sheet of ten thousand rows (most of it
    decoding cells), so reading the workbook a second time would double the
    import; the sheet's cell values are held instead (a few MB for DFAT).
    """
    if _is_xlsx(path):
        rows = list(_xlsx_rows(path))
        return rows, rows
    return _csv_rows(path), _csv_rows(path)


def _is_xlsx(path: Path) -> bool:
    if is_gzip(path):
        return False
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


# --- dates of birth --------------------------------------------------------------------

_SEGMENT_SPLIT = re.compile(
    r"\s*(?:;|\n|>>|\bor\b|(?:^|(?<=[\s;,.]))[a-z]\)(?=\s|\d|[A-Z(]|$))\s*", re.I
)
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*[-–/]\s*(\d{4})\b")
_PREFIX = re.compile(
    r"^(?:alt\.?\s*(?:DOB|born)\s*:?|DOB\s*:|born\s+|for this aka only,?)\s*", re.I
)
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_YEAR_DAY_MONTH = re.compile(r"^(\d{4}),\s*(\d{1,2})\s+([A-Za-z]+)$")
_DAY_DOT = re.compile(r"^(\d{1,2})\.\s*(?=[A-Za-z])")
_TWO_DIGIT_YEAR = re.compile(r"^(\d{1,2}[-/.])(\w+)([-/.])(\d{2})$")
_PARENS = re.compile(r"\(([^()]*)\)?")
_HIJRI = re.compile(r"hijri|islamic calendar", re.I)


def _month_word(word: str) -> str:
    """ "Aprl" -> "Apr": a misspelt month whose first three letters name one."""
    if word.lower() in MONTHS or len(word) < 3:
        return word
    return word[:3] if word[:3].lower() in MONTHS else word


def _one_date(text: str) -> PartialDate | None:
    """One date of birth as DFAT writes it, after the quirks of the sheet are undone."""
    t = _PREFIX.sub("", text.strip(" ,.;:")).strip(" ,.;:")
    if not t:
        return None
    t = _YEAR_RANGE.sub(r"\1 to \2", t)
    t = re.sub(r"(?<=\d)\s*/\s*(?=\d)", "/", t)
    t = _DAY_DOT.sub(r"\1 ", t)
    if m := _MONTH_DAY_YEAR.match(t):
        t = f"{m.group(2)} {m.group(1)} {m.group(3)}"
    elif m := _YEAR_DAY_MONTH.match(t):
        t = f"{m.group(2)} {m.group(3)} {m.group(1)}"
    elif m := re.match(r"^(\d{1,2})/(\d{4})$", t):
        t = f"{m.group(2)}-{int(m.group(1)):02d}"
    elif m := _TWO_DIGIT_YEAR.match(t):
        year = int(m.group(4))
        # Two-digit years of birth of listed adults are of the 1900s.
        t = f"{m.group(1)}{m.group(2)}{m.group(3)}19{year:02d}"
    t = re.sub(r"[A-Za-z]{4,}", lambda w: _month_word(w.group()), t)
    parsed = parse_partial_date(t)
    if parsed is None and (m := re.match(r"^between\s+(\w+)\.?\s+and\s+(.+?(\d{4}))$", t, re.I)):
        # "Between Aug. and Sep 1977": the year of the end applies to the start.
        parsed = parse_partial_date(f"{m.group(1)} {m.group(3)} to {m.group(2)}")
    return parsed


def _dates_in(text: str) -> list[PartialDate]:
    """Every date in one segment of a DOB cell; notes around a date are kept as its text."""
    segment = text.strip(" ,.;:")
    if not segment or _HIJRI.search(segment):
        return []
    parsed = _one_date(segment)
    if parsed is not None:
        if parsed.text is not None:
            parsed.text = _SPACES.sub(" ", segment)
        return [parsed]
    if "(" in segment:
        outside = _PARENS.sub(" ", segment)
        found = _dates_in(outside)
        for date in found:
            date.text = _SPACES.sub(" ", segment)
        for inner in _PARENS.findall(segment):
            found.extend(_dates_in(inner))
        return found
    for separator in (r"\.\s+(?=[A-Z])", ",", r"\s{2,}"):
        parts = re.split(separator, segment)
        if len(parts) > 1:
            found = [d for p in parts for d in _dates_in(p)]
            if found:
                return found
    return []


def parse_birth_dates(text: str) -> tuple[list[PartialDate], list[str]]:
    """The dates of a DOB cell, and the segments that hold no readable date.

    "a) Approximately 1955- 1958 b) Approximately 1945-1950" gives two circa
    ranges; "28 May 1984; 3 Dec 1979" two days; "24/06/1402 (Hijri Calendar)"
    is left unread (a date of another calendar is not a Gregorian year).
    """
    cell = text.replace("\u00a0", " ")
    dates: list[PartialDate] = []
    unread: list[str] = []
    for segment in _SEGMENT_SPLIT.split(cell):
        segment = segment.strip(" ,.;:")
        if not segment or _SPACES.sub(" ", segment).lower() in _NULLS:
            continue
        found = _dates_in(segment)
        if found:
            for date in found:
                if not any(_same_date(date, d) for d in dates):
                    dates.append(date)
        elif any(ch.isdigit() for ch in segment):
            unread.append(_SPACES.sub(" ", segment))
    return dates, unread


def _same_date(a: PartialDate, b: PartialDate) -> bool:
    return (a.value, a.end, a.circa) == (b.value, b.end, b.circa)


# --- places, countries, addresses ------------------------------------------------------


def _items(text: str | None) -> list[str]:
    """A cell's items: split on "a) b)" markers, semicolons and line breaks."""
    if text is None:
        return []
    out = []
    for part in re.split(r";|\n|(?:^|(?<=\s))\(?[a-z]\)\s", text.replace("\u00a0", " ")):
        value = _clean(part)
        if value is not None:
            value = value.strip(" ,;")
            if value and value.lower() not in _NULLS:
                out.append(value)
    return out


def _place_country(text: str) -> str | None:
    """The country of a place or address: its last comma-separated part, notes in brackets removed."""
    plain = re.sub(r"\([^)]*\)?", " ", text)
    parts = [p.strip(" .") for p in plain.split(",") if p.strip(" .")]
    for part in reversed(parts):
        if any(ch.isdigit() for ch in part):
            continue
        return country_code(part)
    return None


_CITIZENSHIP_PREFIX = re.compile(r"^(?:this aka only,?\s*)?(?:alt\.?\s*citizenship\s*)?", re.I)


def parse_countries(text: str) -> tuple[list[str], list[str]]:
    """ISO codes of a Citizenship cell ("Russian and Ukrainian", "a) Pakistani b) Saudi Arabian"),
    and the parts that name no country ("Kuwaiti citizenship withdrawn in 2002")."""
    codes: list[str] = []
    unread: list[str] = []
    cell = text.replace("\u00a0", " ")
    inner = " ; ".join(re.findall(r"\(([^)]*)\)?", cell))
    outer = re.sub(r"\([^)]*\)?", " ", cell)
    for chunk, from_note in ((outer, False), (inner, True)):
        for part in re.split(r";|\n|/|,|(?:^|(?<=\s))[a-z]\)\s*", chunk):
            value = _clean(_CITIZENSHIP_PREFIX.sub("", _SPACES.sub(" ", part).strip(" .,")))
            if value is None:
                continue
            found = _country_list(value)
            if found:
                codes.extend(c for c in found if c not in codes)
            elif not from_note:
                unread.append(value)
    return codes, unread


def _country_list(text: str) -> list[str]:
    code = country_code(text)
    if code is not None:
        return [code]
    parts = re.split(r"\s+and\s+", text)
    if len(parts) > 1:
        codes = [country_code(p) for p in parts]
        if all(codes):
            return [c for c in codes if c]
    return []


# --- additional information --------------------------------------------------------------

_NUMBER = r"(?P<num>(?:[A-Z]{1,3}[ -])?(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})"
_ADJECTIVE = r"(?:(?P<adj>[A-Z][a-z]+)\s+)?"
_ID_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "passport",
        re.compile(
            r"(?:(?P<pre>[A-Z][a-z]+)\s+)?(?i:passport)(?:\s+(?i:no\.?|number|#))?\s*[:.]?\s*"
            + _ADJECTIVE
            + _NUMBER
        ),
    ),
    (
        "national_id",
        re.compile(
            r"(?i:national\s+(?:identification|identity|id)(?:\s+card)?(?:\s+\(tazkira\))?|identity\s+card)"
            r"(?:\s+(?i:no\.?|number))?\s*[:.]?\s*" + _NUMBER
        ),
    ),
    (
        "tax_id",
        re.compile(
            r"(?i:tax\s+id(?:entification)?(?:\s+(?:no\.?|number))?|(?:national\s+)?tax\s+number|fiscal\s+code)"
            r"\s*[:.]?\s*" + _NUMBER
        ),
    ),
    (
        "registration",
        re.compile(
            r"(?i:company\s+identification(?:\s+(?:no\.?|number))?|(?:state\s+)?registration\s+(?:id|number|no\.?)"
            r"|registered\s+company\s+number|company\s+number)\s*[:.]?\s*" + _NUMBER
        ),
    ),
    (
        "imo",
        re.compile(
            r"\b(?i:IMO(?:\s+identification)?(?:\s+(?:number|no\.?))?|International\s+Maritime\s+Organi[sz]ation\s+\(IMO\)\s+Number)"
            r"\s*[:.]?\s*(?P<num>\d{7})\b"
        ),
    ),
    (
        "swift",
        re.compile(
            r"(?i:SWIFT(?:/BIC)?|BIC)(?:\s+code)?(?:\s*\(BIC\))?\s*[:.]?\s*(?P<num>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b"
        ),
    ),
    (
        "lei",
        re.compile(
            r"(?i:legal\s+entity\s+identifier|LEI)(?:\s*\(LEI\))?\s*[:.]?\s*(?P<num>[A-Z0-9]{20})\b"
        ),
    ),
)
_COUNTRY_AFTER = re.compile(r"\s*\(([A-Za-z ]+)\)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s;,<>\"]+", re.I)
# Links about the listing, not the party's own website.
_NOT_OWN_SITE = re.compile(r"(?:^|[/.])(?:interpol\.int|un\.org)(?:[/:]|$)", re.I)
_PHONE = re.compile(
    r"\b(?P<label>Tel(?:ephone)?(?:\s+numbers?)?|Phone|Fax|Facsimile(?:\s+number)?)\s*[:.]?\s*"
    r"(?P<nums>\+?\s?\d[\d ()-]{5,}\d(?:\s*[;,]\s*\+?\s?\d[\d ()-]{5,}\d)*)",
    re.I,
)
_TITLE = re.compile(r"\bTitle:\s*(.+?)(?=\s*(?:Designation:|\.\s|\.?$|\n))", re.I)
_DESIGNATION = re.compile(r"\bDesignation:\s*(.+?)(?=\.\s+[A-Z]|\.?\s*$|\n)")
_GENDER = re.compile(r"\b(?:Gender|Sex)\s*[:\[]?\s*(male|female)\b", re.I)


def _id_key(ident: Identifier) -> tuple[str, str]:
    """Identifiers are the same when their numbers differ only in spacing ("OR 1961825")."""
    return ident.type, re.sub(r"[\s-]", "", ident.number).upper()


def _list_values(text: str) -> list[str]:
    out = []
    for part in _MARKER.split(text):
        value = _clean(part.strip(" .;,"))
        if value is not None and value.lower() not in _NULLS:
            out.append(value)
    return out


def parse_additional_information(
    text: str,
) -> tuple[list[str], list[str], list[Identifier], Gender | None]:
    """Titles, positions, identifiers and gender stated in the structured parts of the cell."""
    flat = text.replace("\u00a0", " ")
    titles = [v for m in _TITLE.finditer(flat) for v in _list_values(m.group(1))]
    positions = [v for m in _DESIGNATION.finditer(flat) for v in _list_values(m.group(1))]
    identifiers: list[Identifier] = []
    seen: set[tuple[str, str]] = set()

    def add(ident: Identifier) -> None:
        key = _id_key(ident)
        if key not in seen:
            seen.add(key)
            identifiers.append(ident)

    for id_type, pattern in _ID_PATTERNS:
        for m in pattern.finditer(flat):
            number = m.group("num").strip()
            label = m.group(0)[: m.start("num") - m.start()].strip(" :.")
            country = None
            for adjective in (m.groupdict().get("adj"), m.groupdict().get("pre")):
                if adjective and country is None:
                    country = country_code(adjective)
            after = _COUNTRY_AFTER.match(flat, m.end())
            if country is None and after:
                country = country_code(after.group(1))
            add(Identifier(type=id_type, number=number, country=country, label=label))
    for m in _EMAIL.finditer(flat):
        add(Identifier(type="email", number=m.group().rstrip("."), label="Email"))
    for m in _URL.finditer(flat):
        url = m.group().rstrip(".)")
        if not _NOT_OWN_SITE.search(url) and "@" not in url:
            add(Identifier(type="website", number=url, label="Website"))
    for m in _PHONE.finditer(flat):
        for number in re.split(r"\s*[;,]\s*", m.group("nums")):
            if sum(ch.isdigit() for ch in number) >= 6:
                add(Identifier(type="phone", number=number.strip(), label=m.group("label")))
    gender_match = _GENDER.search(flat)
    gender: Gender | None = None
    if gender_match:
        gender = "male" if gender_match.group(1).lower() == "male" else "female"
    return titles, positions, identifiers, gender


# --- listing ---------------------------------------------------------------------------

_DATE_TEXT = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|[A-Za-z]+\.?\s+\d{1,2},\s+\d{4}"
_LISTED_ON = re.compile(r"(?i:listed|designated)\b[^.;]*?\b(?i:on):?\s*(" + _DATE_TEXT + r")")


def listing_date(text: str | None) -> str | None:
    """The date a Listing Information cell gives for the listing ("Listed on: 25 Apr. 2006 (amended ...)")."""
    if text is None:
        return None
    flat = _SPACES.sub(" ", text)
    match = _LISTED_ON.search(flat)
    if match:
        value = _one_date(match.group(1))
        if value is not None and value.end is None:
            return value.value
    return parse_date_value(flat)


def parse_committees(text: str | None) -> list[str]:
    """The committees/regimes of a cell as written ("1988 (Taliban)"); one cell may name two."""
    if text is None:
        return []
    flat = _SPACES.sub(" ", text).strip()
    found = [m.group() for m in _COMMITTEE.finditer(flat)]
    return found or [flat]


# --- entities --------------------------------------------------------------------------


def _distinct(rows: list[tuple[int, Row]], column: str) -> list[tuple[int, str]]:
    """The distinct cleaned values of a column over a party's rows, each with its first line."""
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    for line, row in rows:
        raw = row.get(column) or ""
        key = _clean(raw)
        if key is not None and key not in seen:
            seen.add(key)
            out.append((line, raw.strip()))
    return out


class _Builder:
    """Turns the rows of one reference into an entity, reporting what it cannot read."""

    def __init__(
        self, path: Path, report: ParseReport, base: str, rows: list[tuple[int, Row]]
    ) -> None:
        self.path = path
        self.report = report
        self.base = base
        self.rows = rows

    def warn(self, message: str, line: int) -> None:
        self.report.warn(self.path, message, line=line, record=self.base)

    def build(self) -> Entity:
        primary_rows = [(n, r) for n, r in self.rows if _kind_text(r) == "primary name"]
        first_line, first = (primary_rows or self.rows)[0]
        if not primary_rows:
            self.warn(
                f"reference {self.base} has no Primary Name row; its names are imported as listed",
                first_line,
            )
        source = self.report.source
        entity = Entity(
            source=source,
            source_id=self.base,
            schema=self._schema(first_line, first),
            provenance=Provenance(source, str(self.path), self.base, first_line),
        )
        entity.names = self._names()
        self._dates(entity)
        self._places(entity)
        self._citizenship(entity)
        self._addresses(entity)
        self._information(entity)
        self._designations(entity)
        controls = [v for _, v in _distinct(self.rows, CONTROL_DATE) if parse_date_value(v)]
        if controls:
            entity.add_property("control_date", max(parse_date_value(v) or "" for v in controls))
        return entity

    def _schema(self, line: int, row: Row) -> Schema:
        text = _clean(row.get(TYPE)) or ""
        schema = _TYPES.get(text.lower())
        if schema is None:
            raise ListError(
                str(self.path),
                f"Type {text!r} is neither Individual nor Entity (reference {self.base})",
                line=line,
            )
        for other_line, other in self.rows:
            other_type = _TYPES.get((_clean(other.get(TYPE)) or "").lower())
            if other_type is not None and other_type != schema:
                self.warn(
                    f"row {other.get(REFERENCE)} says Type {other.get(TYPE)!r}, the primary row {text!r}",
                    other_line,
                )
        return schema

    def _names(self) -> list[Name]:
        names = []
        for line, row in self.rows:
            full = _clean(row.get(NAME))
            if full is None:
                self.warn(f"row {row.get(REFERENCE, '').strip()} has no name", line)
                continue
            kind_text = _kind_text(row)
            kind = _NAME_KINDS.get(kind_text)
            if kind is None:
                self.warn(f"unknown Name Type {row.get(NAME_TYPE)!r}; imported as an alias", line)
                kind = "aka"
            if _PREVIOUSLY.search(full):
                full, kind = _PREVIOUSLY.sub("", full), "fka"
            names.append(Name(full=full, kind=kind, script=detect_script(full)))
        return names

    def _dates(self, entity: Entity) -> None:
        for line, text in _distinct(self.rows, DOB):
            dates, unread = parse_birth_dates(text)
            if entity.schema == "Person":
                for date in dates:
                    if not any(_same_date(date, d) for d in entity.birth_dates):
                        entity.birth_dates.append(date)
            else:
                for date in dates:
                    entity.add_property("established_date", date.value)
            for segment in unread:
                self.warn(
                    f"date of birth {segment!r} is not a readable date; kept as a remark", line
                )
                entity.remarks.append(f"Date of birth: {segment}")

    def _places(self, entity: Entity) -> None:
        for _line, text in _distinct(self.rows, POB):
            for item in _items(text):
                if entity.schema == "Person":
                    if all(p.text != item for p in entity.birth_places):
                        entity.birth_places.append(Place(text=item, country=_place_country(item)))
                else:
                    entity.add_property("place_of_registration", item)

    def _citizenship(self, entity: Entity) -> None:
        for line, text in _distinct(self.rows, CITIZENSHIP):
            codes, unread = parse_countries(text)
            entity.citizenships.extend(c for c in codes if c not in entity.citizenships)
            for part in unread:
                self.warn(f"citizenship {part!r} names no country; kept as a remark", line)
                entity.remarks.append(f"Citizenship: {part}")

    def _addresses(self, entity: Entity) -> None:
        for _line, text in _distinct(self.rows, ADDRESS):
            for item in _items(text):
                if all(a.full != item for a in entity.addresses):
                    entity.addresses.append(Address(full=item, country=_place_country(item)))

    def _information(self, entity: Entity) -> None:
        for _line, text in _distinct(self.rows, INFO):
            entity.remarks.append(text)
            titles, positions, identifiers, gender = parse_additional_information(text)
            entity.titles.extend(t for t in titles if t not in entity.titles)
            entity.positions.extend(p for p in positions if p not in entity.positions)
            for ident in identifiers:
                if all(_id_key(i) != _id_key(ident) for i in entity.identifiers):
                    entity.identifiers.append(ident)
            if gender is not None and entity.schema == "Person":
                entity.gender = entity.gender or gender

    def _designations(self, entity: Entity) -> None:
        listings = _distinct(self.rows, LISTING)
        listing_text = " ".join(v for _, v in listings) or None
        listed_on = next((d for d in (listing_date(v) for _, v in listings) if d), None)
        committees: list[str] = []
        for _line, text in _distinct(self.rows, COMMITTEES):
            committees.extend(c for c in parse_committees(text) if c not in committees)
        if not committees:
            self.warn("no Committees: the party is listed without a regime", self.rows[0][0])
        each: list[str | None] = list(committees) or [None]
        for committee in each:
            entity.designations.append(
                Designation(
                    authority=AUTHORITY,
                    programme=committee,
                    listed_on=listed_on,
                    reference=self.base,
                    remarks=listing_text,
                )
            )


def _kind_text(row: Row) -> str:
    return _SPACES.sub(" ", row.get(NAME_TYPE) or "").strip().lower()


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    first_pass, second_pass = _passes(path)
    expected: Counter[str] = Counter()
    latest: str | None = None
    for line, row in first_pass:
        expected[_base_reference(path, line, row.get(REFERENCE, ""))] += 1
        control = parse_date_value(row.get(CONTROL_DATE) or "")
        if control and (latest is None or control > latest):
            latest = control
    report.published = latest
    pending: dict[str, list[tuple[int, Row]]] = {}
    for line, row in second_pass:
        base = _base_reference(path, line, row.get(REFERENCE, ""))
        group = pending.setdefault(base, [])
        group.append((line, row))
        if len(group) < expected[base]:
            continue
        del pending[base]
        entity = _Builder(path, report, base, group).build()
        report.count("entities")
        report.count("names", len(entity.names))
        report.count("addresses", len(entity.addresses))
        report.count("identifiers", len(entity.identifiers))
        report.count("birth_dates", len(entity.birth_dates))
        yield entity
    if pending:
        raise ListError(
            str(path),
            f"the file changed while it was read: references {', '.join(sorted(pending))} are incomplete",
        )


# --- detection -------------------------------------------------------------------------


def _has_header(cells: Iterable[str]) -> bool:
    names = {_SPACES.sub(" ", c).strip().lower() for c in cells}
    return all(c.lower() in names for c in REQUIRED)


def _sniff(path: Path, head: bytes) -> bool:
    if head.startswith(b"PK\x03\x04"):
        return _sniff_xlsx(path)
    header = first_csv_row(head)
    return header is not None and _has_header(header)


def _sniff_xlsx(path: Path) -> bool:
    """An XLSX workbook whose first sheet has the DFAT header in its first rows."""
    if is_gzip(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return False
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            found = _find_header(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        return False
    return found is not None and _has_header(found[1])


FORMATS = [
    ListFormat(
        name="au_dfat",
        source=SOURCE,
        description="Australia DFAT Consolidated List (XLSX, or CSV of the same sheet)",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]
