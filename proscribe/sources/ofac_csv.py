"""OFAC's CSV exports: the SDN set and the Consolidated (non-SDN) set.

Each set is four headerless CSV files read together: the main file
(`sdn.csv` / `cons_prim.csv`, one row per listed party, 12 columns) and its
companions in the same folder, keyed by the party's `ent_num`: addresses
(`add.csv` / `cons_add.csv`), strong aliases (`alt.csv` / `cons_alt.csv`)
and the overflow of the Remarks column (`sdn_comments.csv` /
`cons_comments.csv`). The files are latin-1 (in practice ASCII), end with a
DOS end-of-file byte (0x1A) and write null as `-0-`.

The main file is read twice: once for every party's id and name, so that a
companion row for an unknown party and a "Linked To:" naming another party
can be settled before any entity is handed out; then again to build the
entities one at a time.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from proscribe.model import Address, Designation, Entity, Name, NameKind, Provenance, Schema
from proscribe.sources.base import CompanionFn, ListFormat, ParseReport, SniffFn
from proscribe.sources.countries import country_code
from proscribe.sources.errors import ListError
from proscribe.sources.io import HEAD_BYTES, open_binary, read_head
from proscribe.sources.ofac_remarks import RemarkFacts, parse_remarks

NULL = "-0-"
EOF_BYTE = b"\x1a"
AUTHORITY = "OFAC"

# OFAC's Remarks column holds at most this many characters; the rest of a
# longer text is in the comments file.
REMARKS_COLUMN = 1000

MAIN_COLUMNS = 12
ADD_COLUMNS = 6
ALT_COLUMNS = 5
COMMENTS_COLUMNS = 2

# SDN_Type column: OFAC writes null (-0-) for an entity.
_SCHEMAS: dict[str | None, Schema] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
    None: "Organization",
}
_ALT_KINDS: dict[str, NameKind] = {"aka": "aka", "fka": "fka", "nka": "nka"}

# Companion file names per set, in the order parse() expects nothing of:
# each companion's kind is read from its content.
_SDN_COMPANIONS = ("add.csv", "alt.csv", "sdn_comments.csv")
_CONS_COMPANIONS = ("cons_add.csv", "cons_alt.csv", "cons_comments.csv")

# Control characters never occur in list text: they mean a binary file or
# a wrong encoding (e.g. cp1252 quotes read as latin-1 C1 controls).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EO_IN_PROGRAMME = re.compile(r"EO(\d{5})\b")
_POSTAL_TOKEN = re.compile(r"^[A-Z]{0,2}-?\d[\dA-Z-]*,?$")
_SHORT_CAPS = re.compile(r"^[A-Z]{1,3}$")
_DIGIT = re.compile(r"\d")
_REGION_PREFIX = re.compile(r"^Region:\s*", re.I)


# ---------------------------------------------------------------- reading


def _value(text: str | None) -> str | None:
    """A cell's value: stripped, with OFAC's null `-0-` (and blank) as None."""
    if text is None:
        return None
    t = text.strip()
    return None if not t or t == NULL else t


def _decode(path: Path, lineno: int, raw: bytes) -> str:
    """One line as text: ASCII, else UTF-8, else latin-1, refusing control characters.

    OFAC documents latin-1; a UTF-8 export is read too, line by line, since a
    latin-1 line practically never happens to be valid UTF-8.
    """
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    bad = _CONTROL.search(text)
    if bad:
        raise ListError(
            str(path),
            f"invalid byte 0x{ord(bad.group()):02X} at column {bad.start() + 1}: control characters "
            "do not occur in OFAC's CSV text (binary data or a wrong encoding)",
            line=lineno,
        )
    return text


def _iter_lines(path: Path) -> Iterator[str]:
    """The file's decoded lines, line endings kept for the csv module, without the final 0x1A."""
    try:
        with open_binary(path) as fh:
            previous: tuple[int, bytes] | None = None
            for lineno, raw in enumerate(fh, start=1):
                if previous is not None:
                    yield _decode(path, *previous)
                previous = (lineno, raw)
            if previous is not None:
                lineno, raw = previous
                raw = raw.rstrip(EOF_BYTE)
                if raw:
                    yield _decode(path, lineno, raw)
    except (OSError, EOFError) as exc:
        raise ListError(str(path), f"cannot read file: {exc}") from exc


def iter_rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for every record, each checked to have exactly `columns` cells.

    The line is where the record starts. Blank lines carry nothing and are
    passed over; anything malformed stops the parse with the line named.
    """
    reader = csv.reader(_iter_lines(path), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListError(
                str(path),
                f"malformed CSV in the record starting here ({exc}); a file that ends inside "
                "a quoted value was cut off",
                line=start,
            ) from exc
        if row:
            if len(row) != columns:
                raise ListError(
                    str(path),
                    f"expected {columns} columns, found {len(row)}",
                    line=start,
                )
            yield start, row
        start = reader.line_num + 1


def _ent_num(path: Path, line: int, cell: str) -> str:
    value = cell.strip()
    if not value.isdigit():
        raise ListError(str(path), f"ent_num {cell!r} is not a number", line=line)
    return value


# ---------------------------------------------------------------- detection


def _head_rows(head: bytes) -> list[list[str]] | None:
    """The complete CSV records at the start of a file, or None if it is not CSV."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    lines = text.rstrip("\x1a").splitlines(keepends=True)
    if len(head) >= HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the head may end inside a line
    try:
        rows = [row for row in csv.reader(lines[:50], strict=True) if row]
    except csv.Error:
        return None
    return rows or None


def _is_int(cell: str) -> bool:
    return cell.strip().isdigit()


def _looks_main(rows: list[list[str]]) -> bool:
    return all(
        len(r) == MAIN_COLUMNS
        and _is_int(r[0])
        and (_value(r[2]) or "").lower() in {"", "individual", "vessel", "aircraft"}
        for r in rows
    )


def _looks_add(rows: list[list[str]]) -> bool:
    return all(len(r) == ADD_COLUMNS and _is_int(r[0]) and _is_int(r[1]) for r in rows)


def _looks_alt(rows: list[list[str]]) -> bool:
    return all(
        len(r) == ALT_COLUMNS
        and _is_int(r[0])
        and _is_int(r[1])
        and (_value(r[2]) or "").lower() in _ALT_KINDS
        for r in rows
    )


def _looks_comments(rows: list[list[str]]) -> bool:
    return all(
        len(r) == COMMENTS_COLUMNS and _is_int(r[0]) and _value(r[1]) is not None for r in rows
    )


def _is_cons(path: Path) -> bool:
    """The tie-break between the two sets, whose files share one layout: OFAC's `cons_` prefix."""
    return path.name.lower().startswith("cons_")


RowsCheck = Callable[[list[list[str]]], bool]


def _sniffer(looks: RowsCheck, cons: bool) -> SniffFn:
    def sniff(path: Path, head: bytes) -> bool:
        rows = _head_rows(head)
        return rows is not None and looks(rows) and _is_cons(path) == cons

    return sniff


def _companions(main_name: str, names: tuple[str, ...]) -> CompanionFn:
    def companions(path: Path) -> list[Path]:
        """The set's other files beside `path` (any case, optionally gzipped), those that exist.

        They belong to the folder's officially named main file: another main
        file beside it (an excerpt, a renamed copy) gets none, so that they
        are not joined to the wrong list; alone in a folder, a renamed main
        file gets them.
        """
        siblings = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
        official = siblings.get(main_name) or siblings.get(main_name + ".gz")
        if official is not None and official.resolve() != path.resolve():
            return []
        found: list[Path] = []
        for name in names:
            for candidate in (name, name + ".gz"):
                sibling = siblings.get(candidate)
                if sibling is not None and sibling.resolve() != path.resolve():
                    found.append(sibling)
                    break
        return found

    return companions


# ---------------------------------------------------------------- companions


@dataclass(slots=True)
class _Companions:
    """The companion rows of one set, by ent_num, with where each came from."""

    addresses: dict[str, list[tuple[Path, int, list[str]]]] = field(default_factory=dict)
    aliases: dict[str, list[tuple[Path, int, list[str]]]] = field(default_factory=dict)
    comments: dict[str, list[tuple[Path, int, str]]] = field(default_factory=dict)


def _companion_kind(path: Path) -> str | None:
    """ "add", "alt" or "comments" from the content; None for a file with no records."""
    head = read_head(path)
    if not head.strip(b"\x1a\r\n\t "):
        return None
    rows = _head_rows(head)
    # The column count tells the three apart; values are checked row by row
    # while reading, so one odd alias type is reported at its line rather
    # than making the file unrecognisable.
    kinds = {ADD_COLUMNS: "add", ALT_COLUMNS: "alt", COMMENTS_COLUMNS: "comments"}
    if rows is not None and all(_is_int(r[0]) for r in rows):
        widths = {len(r) for r in rows}
        if len(widths) == 1 and (width := widths.pop()) in kinds:
            return kinds[width]
    raise ListError(
        str(path),
        "not an OFAC companion file: expected address rows (6 columns), alias rows (5 columns, "
        "aka/fka/nka) or remarks continuations (2 columns), each starting with an ent_num",
    )


def _read_companions(files: Sequence[Path]) -> _Companions:
    found = _Companions()
    for path in files:
        kind = _companion_kind(path)
        if kind == "add":
            for line, row in iter_rows(path, ADD_COLUMNS):
                found.addresses.setdefault(_ent_num(path, line, row[0]), []).append(
                    (path, line, row)
                )
        elif kind == "alt":
            for line, row in iter_rows(path, ALT_COLUMNS):
                found.aliases.setdefault(_ent_num(path, line, row[0]), []).append((path, line, row))
        elif kind == "comments":
            for line, row in iter_rows(path, COMMENTS_COLUMNS):
                found.comments.setdefault(_ent_num(path, line, row[0]), []).append(
                    (path, line, row[1])
                )
    return found


def _report_orphans(found: _Companions, known: set[str], main: Path, report: ParseReport) -> None:
    """Companion rows for parties the main file does not list: reported row by row, never dropped silently."""
    groups: tuple[tuple[str, str, Mapping[str, Sequence[tuple[Path, int, object]]]], ...] = (
        ("address", "orphan_address_rows", found.addresses),
        ("alias", "orphan_alias_rows", found.aliases),
        ("remarks continuation", "orphan_comment_rows", found.comments),
    )
    for what, counter, rows in groups:
        for ent_num, entries in rows.items():
            if ent_num in known:
                continue
            for path, line, _row in entries:
                report.warn(
                    path,
                    f"{what} row for ent_num {ent_num}, which {main.name} does not list",
                    line=line,
                    record=ent_num,
                )
                report.count(counter)


# ---------------------------------------------------------------- names


def _name_key(name: str) -> str:
    """How "Linked To:" targets are compared with primary names: case, spacing and final dots ignored."""
    return " ".join(name.upper().split()).rstrip(". ")


def _name(full: str, kind: NameKind, person: bool) -> Name:
    """A name as written; for a person "FAMILY, Given" is also split at the first comma."""
    name = Name(full=full, kind=kind)
    if person and "," in full:
        family, given = full.split(",", 1)
        name.family = family.strip() or None
        name.given = given.strip() or None
    return name


# ---------------------------------------------------------------- addresses


def _split_city(text: str | None) -> tuple[str | None, str | None, str | None]:
    """(city, region, postal code) from OFAC's one "City, State Postal" column.

    Postal codes are the trailing tokens that hold digits ("London EC3N 1DY",
    "Rotterdam 3022 TH", "Miami, FL 33130") or, failing that, a leading
    number ("0578 Oslo"); what precedes the first comma is the city.
    """
    if text is None:
        return None, None, None
    tokens = text.split()
    postal: list[str] = []
    start = None
    for i in range(len(tokens)):
        if _DIGIT.search(tokens[i]) and all(
            _DIGIT.search(t) or _SHORT_CAPS.match(t) for t in tokens[i + 1 :]
        ):
            start = i
            break
    if start is not None:
        postal, tokens = tokens[start:], tokens[:start]
        if tokens and tokens[-1].upper() == "C.P.":  # Mexican "Codigo Postal" marker
            tokens = tokens[:-1]
    elif len(tokens) > 1 and _POSTAL_TOKEN.match(tokens[0]):
        postal, tokens = [tokens[0]], tokens[1:]
        while tokens and _SHORT_CAPS.match(tokens[0]) and len(tokens) > 1:
            postal.append(tokens.pop(0))
    rest = " ".join(tokens).strip(" ,")
    city, _, region = rest.partition(",")
    return city.strip() or None, region.strip() or None, " ".join(postal).strip(",") or None


def _iso2(text: str | None) -> str | None:
    """An ISO alpha-2 code for a country name; historic pseudo-codes (e.g. "CSXX") are not codes."""
    if text is None:
        return None
    name = _REGION_PREFIX.sub("", text.strip())
    code = country_code(name)
    return code if code is not None and len(code) == 2 else None


def _address(row: list[str]) -> Address | None:
    street, city_line, country_name, remarks = (_value(c) for c in row[2:6])
    if street is None and city_line is None and country_name is None and remarks is None:
        return None
    city, region, postal = _split_city(city_line)
    full = ", ".join(p for p in (street, city_line, country_name) if p)
    return Address(
        full=full or None,
        street=street,
        city=city,
        postal_code=postal,
        region=region,
        country=_iso2(country_name),
        country_name=country_name,
        remarks=remarks,
    )


# ---------------------------------------------------------------- entities


def _add_unique(target: list[str], value: str | None) -> None:
    if value and value not in target:
        target.append(value)


def _designations(programmes: str | None) -> list[Designation]:
    """One designation per programme tag ("SDGT] [IRGC" holds two).

    The legal basis is the Executive Order a tag names ("IRAN-EO13846").
    A tag that names none (e.g. "IFCA", a statute implemented by several
    orders) gets none: the remarks' "Executive Order N information" is kept
    as a property rather than guessed onto one of several tags.
    """
    out: list[Designation] = []
    if programmes is None:
        return out
    for code in (p.strip(" []") for p in programmes.split("] [")):
        if not code:
            continue
        eo = _EO_IN_PROGRAMME.search(code)
        basis = f"Executive Order {eo.group(1)}" if eo else None
        out.append(Designation(authority=AUTHORITY, programme=code, legal_basis=basis))
    return out


def _was_cut(text: str) -> bool:
    """Remarks that fill OFAC's column, or lack their closing full stop, were cut off."""
    return len(text) >= REMARKS_COLUMN or not text.rstrip().endswith(".")


def _remarks_text(
    ent_num: str,
    raw: str,
    continuations: list[tuple[Path, int, str]],
    entity: Entity,
    report: ParseReport,
) -> tuple[str, bool]:
    """The Remarks with their continuation appended when it belongs to them, and whether they are whole.

    OFAC moves what does not fit the 1,000-character column to the comments
    file, cutting mid-word, so the text is appended as is. Remarks that
    were not cut cannot have a continuation: one for them comes from another
    edition of the list, so it is kept as a remark but not read into facts.
    """
    text = raw if _value(raw) is not None else ""
    cut = bool(text) and _was_cut(text)
    for path, line, extra in continuations:
        if not cut:
            entity.remarks.append(extra.strip())
            report.warn(
                path,
                f"continuation for ent_num {ent_num}, whose Remarks are already complete; kept as a remark, not read",
                line=line,
                record=ent_num,
            )
        else:
            text += extra
            cut = not text.rstrip().endswith(".")
            report.count("remarks_continued")
    return text, not cut


def _build(
    main: Path,
    line: int,
    row: list[str],
    found: _Companions,
    report: ParseReport,
) -> Entity:
    ent_num = _ent_num(main, line, row[0])
    primary = _value(row[1])
    if primary is None:
        raise ListError(str(main), f"ent_num {ent_num} has no name", line=line)
    sdn_type = _value(row[2])
    type_key = sdn_type.lower() if sdn_type else None
    if type_key not in _SCHEMAS:
        raise ListError(
            str(main),
            f"SDN_Type {sdn_type!r} is none of individual, vessel, aircraft or -0- (entity)",
            line=line,
        )
    schema = _SCHEMAS[type_key]
    person = schema == "Person"
    entity = Entity(
        source=report.source,
        source_id=ent_num,
        schema=schema,
        provenance=Provenance(source=report.source, file=str(main), record_id=ent_num, line=line),
    )
    entity.names.append(_name(primary, "primary", person))

    text, complete = _remarks_text(
        ent_num, row[11], found.comments.get(ent_num, []), entity, report
    )
    if not complete:
        report.warn(
            main,
            f"Remarks of ent_num {ent_num} were cut off (they fill OFAC's {REMARKS_COLUMN}-character column "
            "or lack their closing full stop) and no continuation completes them; the last statement is "
            "kept as a remark, unread",
            line=line,
            record=ent_num,
        )
    facts = parse_remarks(text, complete=complete)

    for path, alt_line, alt in found.aliases.get(ent_num, []):
        _add_alias(entity, path, alt_line, alt, person, report)
    for weak in facts.weak_aliases:
        entity.names.append(_name(weak.full, "weak", person))
        report.count("weak_aliases")

    _add_unique(entity.positions, _value(row[4]))
    entity.designations = _designations(_value(row[3]))
    for key, column in (
        ("call_sign", 5),
        ("vessel_type", 6),
        ("tonnage", 7),
        ("gross_registered_tonnage", 8),
        ("vessel_flag", 9),
        ("vessel_owner", 10),
    ):
        entity.add_property(key, _value(row[column]))
    _add_unique(entity.countries, _iso2(_value(row[9])))

    for _path, _line, add in found.addresses.get(ent_num, []):
        address = _address(add)
        if address is None:
            report.count("empty_address_rows")
            continue
        entity.addresses.append(address)
        _add_unique(entity.countries, address.country)
        report.count("addresses")

    _apply_facts(entity, facts)
    report.count("remark_statements", facts.statements)
    report.count("remark_statements_unread", len(facts.unhandled))
    return entity


def _add_alias(
    entity: Entity, path: Path, line: int, row: list[str], person: bool, report: ParseReport
) -> None:
    alt_type, full, remarks = _value(row[2]), _value(row[3]), _value(row[4])
    if full is None:
        report.warn(path, "alias row without a name", line=line, record=entity.source_id)
        return
    kind = _ALT_KINDS.get((alt_type or "").lower())
    if kind is None:
        report.warn(
            path,
            f"alias type {alt_type!r} is none of aka/fka/nka; read as aka",
            line=line,
            record=entity.source_id,
        )
        kind = "aka"
    if remarks and "low quality" in remarks.lower():
        kind = "weak"
    elif remarks:
        entity.remarks.append(f"{full}: {remarks}")
    entity.names.append(_name(full, kind, person))
    report.count("aliases")


def _apply_facts(entity: Entity, facts: RemarkFacts) -> None:
    entity.birth_dates.extend(facts.birth_dates)
    entity.birth_places.extend(facts.birth_places)
    for code in facts.nationalities:
        _add_unique(entity.nationalities, code if len(code) == 2 else None)
    for code in facts.citizenships:
        _add_unique(entity.citizenships, code if len(code) == 2 else None)
    for code in facts.countries:
        _add_unique(entity.countries, code if len(code) == 2 else None)
    if facts.gender is not None:
        entity.gender = facts.gender
    entity.identifiers.extend(facts.identifiers)
    entity.positions.extend(facts.positions)
    entity.relations.extend(facts.relations)
    for key, value in facts.properties:
        entity.add_property(key, value)
    entity.remarks.extend(facts.unhandled)


def _resolve_links(
    entity: Entity, names: dict[str, list[str]], main: Path, report: ParseReport
) -> None:
    """Give each "Linked To:" the ent_num of the one party in the file bearing that primary name."""
    for relation in entity.relations:
        if relation.target_name is None or relation.target_id is not None:
            continue
        matches = names.get(_name_key(relation.target_name), [])
        line = entity.provenance.line if entity.provenance else None
        if len(matches) == 1:
            relation.target_id = matches[0]
            report.count("relations_resolved")
        elif not matches:
            report.warn(
                main,
                f"Linked To {relation.target_name!r}: no party in the file has that primary name",
                line=line,
                record=entity.source_id,
            )
            report.count("relations_unresolved")
        else:
            report.warn(
                main,
                f"Linked To {relation.target_name!r}: {len(matches)} parties share that primary name "
                f"({', '.join(matches)}); left unresolved",
                line=line,
                record=entity.source_id,
            )
            report.count("relations_unresolved")


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    """Stream the entities of an OFAC CSV set: files[0] is the main file, the rest its companions."""
    main = Path(files[0])
    found = _read_companions([Path(p) for p in files[1:]])

    # First pass: ids and primary names only.
    first_line: dict[str, int] = {}
    names: dict[str, list[str]] = {}
    for line, row in iter_rows(main, MAIN_COLUMNS):
        ent_num = _ent_num(main, line, row[0])
        if ent_num in first_line:
            report.warn(
                main,
                f"ent_num {ent_num} is listed again (first at line {first_line[ent_num]}); this row is skipped",
                line=line,
                record=ent_num,
            )
            continue
        first_line[ent_num] = line
        primary = _value(row[1])
        if primary is not None:
            names.setdefault(_name_key(primary), []).append(ent_num)
    _report_orphans(found, set(first_line), main, report)

    for line, row in iter_rows(main, MAIN_COLUMNS):
        ent_num = row[0].strip()
        if first_line.get(ent_num) != line:
            continue
        entity = _build(main, line, row, found, report)
        _resolve_links(entity, names, main, report)
        report.count("entities")
        report.count("names", len(entity.names))
        report.count("identifiers", len(entity.identifiers))
        report.count("designations", len(entity.designations))
        report.count("relations", len(entity.relations))
        yield entity


# ---------------------------------------------------------------- formats


def _main_format(name: str, source: str, description: str, cons: bool) -> ListFormat:
    return ListFormat(
        name=name,
        source=source,
        description=description,
        sniff=_sniffer(_looks_main, cons),
        parse=parse,
        companions=_companions("cons_prim.csv", _CONS_COMPANIONS)
        if cons
        else _companions("sdn.csv", _SDN_COMPANIONS),
        priority=20,
    )


def _companion_format(
    name: str, source: str, description: str, looks: RowsCheck, cons: bool, of: str
) -> ListFormat:
    return ListFormat(
        name=name,
        source=source,
        description=description,
        sniff=_sniffer(looks, cons),
        companion_of=of,
        priority=10,
    )


FORMATS: list[ListFormat] = [
    _main_format(
        "ofac_sdn_csv",
        "ofac",
        "OFAC SDN list, CSV (sdn.csv with add/alt/sdn_comments.csv)",
        cons=False,
    ),
    _main_format(
        "ofac_cons_csv",
        "ofac_cons",
        "OFAC Consolidated non-SDN list, CSV (cons_prim.csv with cons_add/alt/comments.csv)",
        cons=True,
    ),
    _companion_format(
        "ofac_sdn_add_csv",
        "ofac",
        "OFAC SDN addresses (add.csv)",
        _looks_add,
        False,
        "ofac_sdn_csv",
    ),
    _companion_format(
        "ofac_sdn_alt_csv", "ofac", "OFAC SDN aliases (alt.csv)", _looks_alt, False, "ofac_sdn_csv"
    ),
    _companion_format(
        "ofac_sdn_comments_csv",
        "ofac",
        "OFAC SDN remarks continuations (sdn_comments.csv)",
        _looks_comments,
        False,
        "ofac_sdn_csv",
    ),
    _companion_format(
        "ofac_cons_add_csv",
        "ofac_cons",
        "OFAC Consolidated addresses (cons_add.csv)",
        _looks_add,
        True,
        "ofac_cons_csv",
    ),
    _companion_format(
        "ofac_cons_alt_csv",
        "ofac_cons",
        "OFAC Consolidated aliases (cons_alt.csv)",
        _looks_alt,
        True,
        "ofac_cons_csv",
    ),
    _companion_format(
        "ofac_cons_comments_csv",
        "ofac_cons",
        "OFAC Consolidated remarks continuations (cons_comments.csv)",
        _looks_comments,
        True,
        "ofac_cons_csv",
    ),
]
