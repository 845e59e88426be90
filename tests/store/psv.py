"""A tiny pipe-separated list format that exists only for the store tests.

It behaves like a real format module (streams, counts, warns, raises
ListError naming file and line) so the store can be tested independently of
the real parsers:

    #published 2024-05-03
    id|schema|primary name|kind:alias;kind:alias|birth date|programme;programme|nationality
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from proscribe.model import Designation, Entity, Name, Provenance
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.dates import parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.io import iter_text_lines
from proscribe.sources.registry import ParsedList

FIELDS = 7
ALIAS_KINDS = {"aka", "weak", "fka", "nka"}


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    for lineno, raw in iter_text_lines(path, "utf-8"):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#published "):
            report.published = line.split(" ", 1)[1].strip()
            continue
        cells = line.split("|")
        if len(cells) != FIELDS:
            raise ListError(str(path), f"expected {FIELDS} fields, found {len(cells)}", line=lineno)
        source_id, schema, primary, aliases, dob, programmes, nationality = cells
        entity = Entity(source=report.source, source_id=source_id, schema=schema)  # type: ignore[arg-type]
        entity.names.append(Name(full=primary))
        for alias in filter(None, aliases.split(";")):
            kind, _, full = alias.partition(":")
            if kind not in ALIAS_KINDS:
                report.warn(
                    path, f"unknown alias kind {kind!r}; kept as aka", line=lineno, record=source_id
                )
                kind = "aka"
            entity.names.append(Name(full=full, kind=kind))  # type: ignore[arg-type]
        if dob:
            date = parse_partial_date(dob)
            if date is not None:
                entity.birth_dates.append(date)
        for programme in filter(None, programmes.split(";")):
            entity.designations.append(Designation(authority="TEST", programme=programme))
        if nationality:
            entity.nationalities.append(nationality)
        entity.provenance = Provenance(report.source, str(path), source_id, lineno)
        report.count("entities")
        report.count("names", len(entity.names))
        yield entity


PSV = ListFormat(
    name="test_psv",
    source="testlist",
    description="pipe-separated test list",
    sniff=lambda path, head: False,
    parse=parse,
)


def row(
    source_id: str,
    name: str,
    *,
    schema: str = "Person",
    aliases: str = "",
    dob: str = "",
    programmes: str = "SDGT",
    nationality: str = "",
) -> str:
    return "|".join([source_id, schema, name, aliases, dob, programmes, nationality])


def write_list(path: Path, rows: list[str], published: str | None = None) -> Path:
    lines = ([f"#published {published}"] if published else []) + rows
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def open_psv(path: Path, source: str = "testlist") -> ParsedList:
    """What `open_list` would return if this format were registered."""
    report = ParseReport(source=source, format=PSV.name, files=[str(path)])
    return ParsedList(PSV, [path], report)


def base_rows(n: int = 20) -> list[str]:
    """`n` persons with stable content, so two files differ only where a test changes them."""
    return [
        row(str(1000 + i), f"PERSON {i}", dob=f"19{50 + i % 40}-01-{1 + i % 28:02d}")
        for i in range(n)
    ]
