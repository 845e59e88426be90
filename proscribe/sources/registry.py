"""Finds every format module and picks the one that recognises a file's content."""

from __future__ import annotations

import csv
import importlib
import pkgutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import proscribe.sources as sources_pkg
from proscribe.model import Entity
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.errors import ListError, UnknownFormatError
from proscribe.sources.io import check_xml_prolog, read_head

_NOT_FORMATS = {"base", "errors", "io", "registry", "countries", "dates", "fetch"}


@cache
def all_formats() -> tuple[ListFormat, ...]:
    found: list[ListFormat] = []
    for info in pkgutil.iter_modules(sources_pkg.__path__):
        if info.name.startswith("_") or info.name in _NOT_FORMATS:
            continue
        module = importlib.import_module(f"{sources_pkg.__name__}.{info.name}")
        found.extend(getattr(module, "FORMATS", []))
    return tuple(sorted(found, key=lambda f: -f.priority))


def get_format(name: str) -> ListFormat:
    for fmt in all_formats():
        if fmt.name == name:
            return fmt
    raise KeyError(
        f"unknown list format {name!r}; known: {', '.join(f.name for f in all_formats())}"
    )


def detect(path: Path) -> ListFormat:
    """The format whose sniffer recognises the file's content."""
    if not path.exists():
        raise ListError(str(path), "no such file")
    if path.is_dir():
        raise ListError(str(path), "is a directory; name the list file in it")
    head = read_head(path)
    if not head.strip():
        raise ListError(str(path), "file is empty")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        # Hostile XML is refused before any format is guessed.
        check_xml_prolog(path, head)
    for fmt in all_formats():
        if fmt.sniff(path, head):
            return fmt
    raise UnknownFormatError(
        str(path),
        "unknown list format: the content matches none of "
        + ", ".join(sorted(f.name for f in all_formats() if f.companion_of is None)),
    )


@dataclass(slots=True)
class ParsedList:
    """A list file (and its companions) ready to stream as entities."""

    format: ListFormat
    files: list[Path]
    report: ParseReport

    def entities(self) -> Iterator[Entity]:
        """Stream the entities; low-level read failures become a ListError naming the file."""
        assert self.format.parse is not None
        try:
            yield from self.format.parse(self.files, self.report)
        except ListError:
            raise
        except (OSError, EOFError, UnicodeDecodeError, csv.Error, zlib.error) as exc:
            raise ListError(
                str(self.files[0]), f"cannot read file: {type(exc).__name__}: {exc}"
            ) from exc


def open_list(path: Path, source: str | None = None, fmt: str | None = None) -> ParsedList:
    """Detect the format of `path`, find its companions, and prepare the parse.

    `source` overrides the format's default source key (e.g. an in-house
    CSV list named "pep_inhouse").
    """
    path = Path(path)
    list_format = get_format(fmt) if fmt else detect(path)
    if list_format.companion_of is not None:
        raise ListError(
            str(path),
            f"is a companion file ({list_format.description}); import the main "
            f"{list_format.companion_of} file, which reads its companions from the same folder",
        )
    files = [path]
    if list_format.companions is not None:
        files.extend(list_format.companions(path))
    report = ParseReport(
        source=source or list_format.source,
        format=list_format.name,
        files=[str(p) for p in files],
    )
    return ParsedList(list_format, files, report)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Turn folders into the main list files inside them (companions are skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if not child.is_file() or child.name.startswith("."):
                    continue
                try:
                    fmt = detect(child)
                except UnknownFormatError:
                    continue
                if fmt.companion_of is None:
                    out.append(child)
        else:
            out.append(p)
    return out
