"""Errors that name the file and the place in it where a list went wrong."""

from __future__ import annotations


class ListError(Exception):
    """A list file that cannot be read as it claims to be.

    The message always names the file and, where known, the line (CSV, XML)
    or the element, so an operator can open the file at the right place.
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        element: str | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.element = element
        self.message = message
        where = self.file
        if line is not None:
            where += f":{line}"
        if element:
            where += f" <{element}>"
        super().__init__(f"{where}: {message}")


class UnknownFormatError(ListError):
    """No parser recognises the file's content."""


class UnsafeXMLError(ListError):
    """XML with a DOCTYPE or entity declarations: refused before parsing (XXE, billion laughs)."""
