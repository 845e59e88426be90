"""What every list format module provides, and what a parse reports.

A format module under `proscribe.sources` exposes `FORMATS: list[ListFormat]`.
`proscribe.sources.registry` discovers them; nothing else needs editing to add
a format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from proscribe.model import Entity


@dataclass(slots=True)
class ParseIssue:
    """Something in the file that was kept going past, but must be seen.

    E.g. an alias row whose entity is not in the main file: reported here,
    never dropped silently.
    """

    file: str
    message: str
    line: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        rec = f" [{self.record}]" if self.record else ""
        return f"{where}{rec}: {self.message}"


@dataclass(slots=True)
class ParseReport:
    """Facts about one parse: which files, which list date, what was counted, what went wrong.

    `published` is the list's own publication/generation date (ISO) when the
    file states it. `counts` holds per-kind tallies ("entities", "aliases",
    "addresses", ...), filled by the parser as it goes.
    """

    source: str
    format: str
    files: list[str]
    published: str | None = None
    issues: list[ParseIssue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def warn(
        self, file: str | Path, message: str, *, line: int | None = None, record: str | None = None
    ) -> None:
        self.issues.append(ParseIssue(str(file), message, line, record))

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


# parse(files, report) -> entities. files[0] is the main file; the rest are the
# companions returned by `companions` (e.g. OFAC add.csv, alt.csv).
ParseFn = Callable[[Sequence[Path], ParseReport], Iterator[Entity]]
SniffFn = Callable[[Path, bytes], bool]
CompanionFn = Callable[[Path], list[Path]]


@dataclass(frozen=True, slots=True)
class ListFormat:
    """One list format: how to recognise it and how to parse it.

    `sniff(path, head)` gets the path (only for tie-breaks such as OFAC's
    `cons_` prefix) and the first 64 KiB of decompressed content; it must
    decide from content. `priority` orders sniffing (higher first) where one
    format's content is a special case of another's. `companion_of` marks a
    file that is only read together with a main file of that format.
    """

    name: str
    source: str
    description: str
    sniff: SniffFn
    parse: ParseFn | None = None
    companions: CompanionFn | None = None
    companion_of: str | None = None
    priority: int = 0
