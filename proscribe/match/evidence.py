"""Secondary evidence: what a birth date, country, identifier, gender or schema says about a pair.

Each comparison returns a `Verdict`: a short label an analyst can read
("same_day", "conflict", ...), the values compared, and a weight in log-odds
that the scorer adds to the name evidence. Positive weights raise the score,
negative lower it; missing data on either side is "unknown" with weight 0, so
an absent fact never counts for or against a match.

The weights are log-likelihood ratios in spirit: how much more likely the
observation is for the same party than for a different party with a similar
name. A shared passport number is near-proof; a shared birth year is weak,
since thousands of people share one; a different birth year is strong
counter-evidence, softened when the list itself says "circa" or gives a range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from proscribe.model import PartialDate

# Log-odds weights. Tuning them is documented in docs/matching.md.
DOB_SAME_DAY = 2.4
DOB_SAME_MONTH = 1.6
DOB_SAME_YEAR = 1.0
DOB_TRANSPOSED = 1.0  # day and month swapped: a common data-entry error
DOB_IN_RANGE = 0.7  # within a range or circa window the list states
DOB_NEAR_YEAR = -0.4  # one year apart: data errors, calendar conversions
DOB_SAME_YEAR_OTHER_DAY = -0.8
DOB_CONFLICT = -2.6
COUNTRY_MATCH = 0.4
COUNTRY_CONFLICT = -0.7
ID_MATCH = 5.0
ID_PARTIAL = 2.0
ID_CONFLICT = -0.5
GENDER_MATCH = 0.1
GENDER_CONFLICT = -1.8
SCHEMA_CONFLICT = -5.0
SCHEMA_WEAK_CONFLICT = -1.5
CIRCA_YEARS = 2


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of comparing one kind of fact."""

    kind: str
    verdict: str
    weight: float
    query: str | None = None
    candidate: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"verdict": self.verdict, "weight": round(self.weight, 3)}
        if self.query is not None:
            out["query"] = self.query
        if self.candidate is not None:
            out["candidate"] = self.candidate
        return out


def _unknown(kind: str, query: str | None = None) -> Verdict:
    return Verdict(kind, "unknown", 0.0, query, None)


def _ymd(value: str) -> tuple[int, int | None, int | None]:
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    return year, month, day


def _date_text(date: PartialDate) -> str:
    text = date.value if date.end is None else f"{date.value}..{date.end}"
    return f"circa {text}" if date.circa else text


def _compare_one_date(query: PartialDate, cand: PartialDate) -> tuple[str, float]:
    qy, qm, qd = _ymd(query.value)
    cy, cm, cd = _ymd(cand.value)
    # Ranges and circa dates: only the year window can be judged.
    if cand.end is not None or query.end is not None or cand.circa or query.circa:
        lo_c = cy - (CIRCA_YEARS if cand.circa else 0)
        hi_c = _ymd(cand.end)[0] if cand.end else cy
        hi_c += CIRCA_YEARS if cand.circa else 0
        lo_q = qy - (CIRCA_YEARS if query.circa else 0)
        hi_q = (_ymd(query.end)[0] if query.end else qy) + (CIRCA_YEARS if query.circa else 0)
        if lo_q <= hi_c and lo_c <= hi_q:
            if qy == cy and qm is not None and qm == cm:
                return "same_month", DOB_SAME_MONTH
            return "in_range", DOB_IN_RANGE
        gap = min(abs(lo_q - hi_c), abs(lo_c - hi_q))
        return ("near_year", DOB_NEAR_YEAR) if gap <= 1 else ("conflict", DOB_CONFLICT)
    if qy != cy:
        if abs(qy - cy) == 1:
            return "near_year", DOB_NEAR_YEAR
        return "conflict", DOB_CONFLICT
    if qm is None or cm is None:
        return "same_year", DOB_SAME_YEAR
    if qm == cm:
        if qd is None or cd is None:
            return "same_month", DOB_SAME_MONTH
        if qd == cd:
            return "same_day", DOB_SAME_DAY
        return "same_year_other_day", DOB_SAME_YEAR_OTHER_DAY
    if qd is not None and cd is not None and qd == cm and qm == cd:
        return "day_month_swapped", DOB_TRANSPOSED
    if qd is None and cd is None:
        return "same_year_other_month", DOB_SAME_YEAR_OTHER_DAY
    # Lists often record 1 January or 1 July when only the year is known.
    if (cm, cd) in ((1, 1), (7, 1)) or (qm, qd) in ((1, 1), (7, 1)):
        return "same_year", DOB_SAME_YEAR
    return "same_year_other_day", DOB_SAME_YEAR_OTHER_DAY


def compare_birth_dates(query: PartialDate | None, candidates: Sequence[PartialDate]) -> Verdict:
    """The best agreement between the query's birth date and any the list gives."""
    if query is None:
        return _unknown("birth_date")
    if not candidates:
        return _unknown("birth_date", _date_text(query))
    best: tuple[str, float, PartialDate] | None = None
    for cand in candidates:
        label, weight = _compare_one_date(query, cand)
        if best is None or weight > best[1]:
            best = (label, weight, cand)
    assert best is not None
    return Verdict("birth_date", best[0], best[1], _date_text(query), _date_text(best[2]))


def compare_countries(query: str | None, candidates: Iterable[str]) -> Verdict:
    """Query country against every country the list links to the party (nationality, residence, ...)."""
    if not query:
        return _unknown("country")
    known = sorted(set(candidates))
    if not known:
        return _unknown("country", query)
    if query in known:
        return Verdict("country", "match", COUNTRY_MATCH, query, query)
    return Verdict("country", "conflict", COUNTRY_CONFLICT, query, ",".join(known))


_ID_JUNK = re.compile(r"[^0-9A-Za-z]+")


def identifier_key(number: str) -> str:
    """Comparable form of a document number: alphanumerics, upper case, leading zeros kept."""
    return _ID_JUNK.sub("", number).upper()


def compare_identifiers(query: Sequence[str], candidates: Sequence[tuple[str, str]]) -> Verdict:
    """Query document numbers against the list's `(type, number)` pairs.

    Equal numbers are near-proof of identity. A number contained in a longer
    one (a passport number written with its country prefix) is strong
    evidence. Different numbers are weak counter-evidence only: the query
    does not say which kind of document its number is, and people hold many.
    """
    keys = [(q, identifier_key(q)) for q in query if identifier_key(q)]
    if not keys:
        return _unknown("identifier")
    if not candidates:
        return _unknown("identifier", keys[0][0])
    partial: Verdict | None = None
    for raw, key in keys:
        for kind, number in candidates:
            ckey = identifier_key(number)
            if not ckey:
                continue
            if ckey == key:
                return Verdict("identifier", f"same_{kind}", ID_MATCH, raw, number)
            if min(len(ckey), len(key)) >= 6 and (ckey in key or key in ckey):
                partial = partial or Verdict(
                    "identifier", f"partial_{kind}", ID_PARTIAL, raw, number
                )
    if partial is not None:
        return partial
    return Verdict(
        "identifier", "conflict", ID_CONFLICT, keys[0][0], ", ".join(n for _, n in candidates[:3])
    )


def compare_gender(query: str | None, candidate: str | None) -> Verdict:
    if not query or not candidate:
        return _unknown("gender", query)
    if query == candidate:
        return Verdict("gender", "match", GENDER_MATCH, query, candidate)
    return Verdict("gender", "conflict", GENDER_CONFLICT, query, candidate)


_PARTIES = frozenset({"Person", "Organization", "LegalEntity"})
_THINGS = frozenset({"Vessel", "Aircraft"})


def compare_schema(query: str | None, candidate: str) -> Verdict:
    """Whether the kinds of party can be the same: a person is never a company or a ship.

    `LegalEntity` on either side is compatible with people and organisations
    (lists use it when they do not know which); vessels and aircraft only
    match their own kind, and are closer to companies (a ship is often
    listed under its owner's name) than to people.
    """
    if not query:
        return _unknown("schema", None)
    if query == candidate or (
        "LegalEntity" in (query, candidate) and {query, candidate} <= _PARTIES
    ):
        return Verdict("schema", "match", 0.0, query, candidate)
    if "Person" in (query, candidate):
        return Verdict("schema", "conflict", SCHEMA_CONFLICT, query, candidate)
    return Verdict("schema", "weak_conflict", SCHEMA_WEAK_CONFLICT, query, candidate)
