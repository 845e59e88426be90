"""Reading list files safely: gzip transparently, strict encodings, hardened XML.

Every parser reads through these helpers so that compression, encoding
errors and hostile XML are handled the same way for every format.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from lxml import etree

from proscribe.sources.errors import ListError, UnsafeXMLError

GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip (whatever its name)."""
    if is_gzip(path):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of the (decompressed) content, for format detection."""
    try:
        with open_binary(path) as fh:
            return fh.read(size)
    except (OSError, EOFError) as exc:
        raise ListError(str(path), f"cannot read file: {exc}") from exc


def detect_encoding(head: bytes, default: str = "utf-8") -> str:
    """BOM-aware encoding guess: a UTF BOM wins, else `default` if the head decodes, else latin-1."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode(default)
        return default
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut at the end of the head is not an error.
        if exc.start >= len(head) - 4 and default.startswith("utf"):
            return default
        return "latin-1"


def iter_text_lines(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) decoding strictly; a bad byte names its line."""
    with open_binary(path) as raw:
        for lineno, line in enumerate(raw, start=1):
            try:
                yield lineno, line.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ListError(
                    str(path),
                    f"not valid {encoding} at byte {exc.start} of the line: {line[max(0, exc.start - 10) : exc.start + 10]!r}",
                    line=lineno,
                ) from exc


def open_text(path: Path, encoding: str) -> IO[str]:
    """A strict text stream (universal newlines kept for the csv module)."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors="strict", newline="")


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def check_xml_prolog(path: Path, head: bytes | None = None) -> None:
    """Refuse DOCTYPE and entity declarations: no official list uses them, attacks do."""
    head = head if head is not None else read_head(path)
    root_start = re.search(rb"<[A-Za-z_]", head)
    prolog = head[: root_start.start()] if root_start else head
    match = _DOCTYPE.search(prolog)
    if match:
        line = prolog[: match.start()].count(b"\n") + 1
        raise UnsafeXMLError(
            str(path),
            "XML with a DOCTYPE or entity declaration is refused (external entities and entity "
            "expansion are never processed)",
            line=line,
        )


def xml_parser_options() -> dict[str, object]:
    """lxml options that never touch the network nor expand entities."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def iter_xml(path: Path, tags: tuple[str, ...] | None = None) -> Iterator[etree._Element]:
    """Stream the elements with the given local names ("end" events), freeing memory as it goes.

    The caller receives each element complete; it is cleared afterwards, so
    it must be read before the next one is requested. Syntax errors
    (truncated files, bad bytes) become ListError with the line.
    """
    check_xml_prolog(path)
    wanted = set(tags) if tags else None
    with open_binary(path) as fh:
        context = etree.iterparse(fh, events=("end",), **xml_parser_options())
        try:
            for _event, elem in context:
                if not isinstance(elem.tag, str):
                    continue
                local = etree.QName(elem).localname
                if wanted is None or local in wanted:
                    yield elem
                    elem.clear(keep_tail=False)
                    parent = elem.getparent()
                    if parent is not None:
                        while elem.getprevious() is not None:
                            del parent[0]
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            raise ListError(str(path), f"XML is not well-formed: {exc.msg}", line=line) from exc
        except (OSError, EOFError) as exc:
            raise ListError(str(path), f"cannot read file: {exc}") from exc


def localname(elem: etree._Element) -> str:
    return etree.QName(elem).localname


def child_text(elem: etree._Element, name: str) -> str | None:
    """Text of the first child with that local name (any namespace), stripped, or None."""
    for child in elem:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            text = (child.text or "").strip()
            return text or None
    return None


def children(elem: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in elem if isinstance(c.tag, str) and etree.QName(c).localname == name]


def source_line(elem: etree._Element) -> int | None:
    """The line an element starts on (lxml's stubs leave `sourceline` untyped)."""
    line = getattr(elem, "sourceline", None)
    return line if isinstance(line, int) else None


_XML_PROLOG_NOISE = re.compile(rb"<\?.*?\?>|<!--.*?-->", re.S)
_XML_FIRST_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def xml_root_name(head: bytes) -> str | None:
    """Local name of the root element in the first bytes of an XML file, for sniffing; None if none."""
    body = _XML_PROLOG_NOISE.sub(b"", head.removeprefix(codecs.BOM_UTF8))
    match = _XML_FIRST_TAG.search(body)
    return match.group(1).decode("ascii") if match else None
