"""Dates as lists write them, turned into partial ISO dates.

Lists write "30 Mar 1970", "Mar 1970", "1970", "circa 1965", "1961 to 1963",
"30/03/1970", "1970-03-30", "00/00/1970" (unknown day and month), "Approximately
1957", "between 1950 and 1955". One function turns all of them into a
`PartialDate`, keeping the original text when it is not a plain date.
"""

from __future__ import annotations

import re

from proscribe.model import PartialDate

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january", "janvier", "enero"),
            ("feb", "february", "fevrier", "février", "febrero"),
            ("mar", "march", "mars", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "junio"),
            ("jul", "july", "juillet", "julio"),
            ("aug", "august", "aout", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "decembre", "décembre", "diciembre"),
        ],
        start=1,
    )
    for m in names
}

_CIRCA = re.compile(r"^(circa|ca\.?|c\.|approx(?:imately|\.)?|about|around)\s+", re.I)
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s+(?:to|and|-|–)\s+(.+)$", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_DMY_NUM = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_YMD_SLASH = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$")
_DMY_TEXT = re.compile(r"^(\d{1,2})\s*[- ]?\s*([A-Za-zéû]+)\.?\s*[- ,]?\s*(\d{4})$")
_MY_TEXT = re.compile(r"^([A-Za-zéû]+)\.?\s*[- ,]?\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2100:
        return None
    if not month:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date_value(text: str) -> str | None:
    """One plain date (no circa, no range) as an ISO prefix, or None."""
    t = text.strip().strip(".").strip()
    if not t:
        return None
    if m := _ISO.match(t):
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    if m := _DMY_NUM.match(t):
        d, mo, y = m.groups()
        return _iso(int(y), int(mo) or None, int(d) or None)
    if m := _YMD_SLASH.match(t):
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) or None, int(d) or None)
    if m := _DMY_TEXT.match(t):
        d, mon, y = m.groups()
        month = MONTHS.get(mon.lower())
        return _iso(int(y), month, int(d)) if month else None
    if m := _MY_TEXT.match(t):
        mon, y = m.groups()
        month = MONTHS.get(mon.lower())
        return _iso(int(y), month) if month else None
    if m := _YEAR.match(t):
        return _iso(int(m.group(1)))
    return None


def parse_partial_date(text: str | None) -> PartialDate | None:
    """A list's date text as a PartialDate (circa and ranges kept), or None if no date is in it."""
    if text is None:
        return None
    raw = " ".join(text.split())
    if not raw:
        return None
    t = raw
    circa = False
    if m := _CIRCA.match(t):
        circa = True
        t = t[m.end() :]
    value = parse_date_value(t)
    if value is not None:
        return PartialDate(value=value, circa=circa, text=None if not circa else raw)
    if m := _RANGE.match(t):
        start, end = parse_date_value(m.group(1)), parse_date_value(m.group(2))
        if start and end:
            return PartialDate(value=start, end=end, circa=circa, text=raw)
    return None
