"""Whether an authority's measures bind a screening party, given where it stands and when.

A US designation binds US persons; an EU one binds the EU and its member
states (membership counted on the date: EU law bound the UK until the end
of 2020); a UN one binds every UN member state; an ICC warrant binds the
states parties to the Rome Statute on the date. What does not bind is still
worth knowing (a French bank with a US-only hit has "US exposure"), so the
answer carries its reason either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from proscribe.measures import icc
from proscribe.measures.loading import MeasureDataError, as_date, as_mapping, check_keys, load_yaml
from proscribe.measures.model import Authority, Perspective
from proscribe.sources.countries import country_code

JURISDICTIONS_FILE = Path(__file__).with_name("data") / "jurisdictions.yaml"

# Perspective spellings that are not country names rigour knows.
_EXTRA = {"EU": "EU", "EUROPEAN UNION": "EU", "UK": "GB"}


@dataclass(frozen=True, slots=True)
class Binding:
    """Whether measures bind the screening party: True, False, or None (not confirmed)."""

    binds: bool | None
    reason: str


@dataclass(frozen=True, slots=True)
class _Period:
    start: date
    end: date | None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class Jurisdictions:
    eu_members: dict[str, _Period]
    un_members: dict[str, date | None]
    territories: dict[str, frozenset[str]]
    competent_authorities: dict[str, str]


def _load(path: Path = JURISDICTIONS_FILE) -> Jurisdictions:
    doc = as_mapping(load_yaml(path), path, "top level")
    check_keys(
        doc, {"eu_members", "un_members", "territories", "competent_authorities"}, path, "top level"
    )
    eu: dict[str, _Period] = {}
    for code, row in as_mapping(doc["eu_members"], path, "eu_members").items():
        row = as_mapping(row, path, f"eu_members.{code}")
        check_keys(row, {"from", "until", "note"}, path, f"eu_members.{code}")
        start = as_date(row.get("from"), path, f"eu_members.{code}.from")
        if start is None:
            raise MeasureDataError(path, f"eu_members.{code}", "from is required")
        eu[_code(code, path, "eu_members")] = _Period(
            start, as_date(row.get("until"), path, f"eu_members.{code}.until")
        )
    un_doc = as_mapping(doc["un_members"], path, "un_members")
    admitted = as_mapping(un_doc.get("admitted", {}), path, "un_members.admitted")
    un: dict[str, date | None] = {
        _code(c, path, "un_members"): None for c in str(un_doc["codes"]).split()
    }
    for code, when in admitted.items():
        key = _code(code, path, "un_members.admitted")
        if key not in un:
            raise MeasureDataError(path, "un_members.admitted", f"{code} is not in the member list")
        un[key] = as_date(when, path, f"un_members.admitted.{code}")
    territories = {
        str(k): frozenset(_code(c, path, f"territories.{k}") for c in v)
        for k, v in as_mapping(doc["territories"], path, "territories").items()
    }
    authorities = {
        _code(k, path, "competent_authorities"): str(v)
        for k, v in as_mapping(doc["competent_authorities"], path, "competent_authorities").items()
    }
    return Jurisdictions(eu, un, territories, authorities)


def _code(value: Any, path: Path, where: str) -> str:
    code = str(value)
    if len(code) != 2 or not code.isupper() or country_code(code) != code:
        raise MeasureDataError(path, where, f"{value!r} is not an ISO 3166 alpha-2 code")
    return code


@cache
def jurisdictions() -> Jurisdictions:
    return _load()


def normalise_jurisdiction(text: str) -> str:
    """ "EU" or the ISO alpha-2 code for what a user typed ("US", "France", "uk", "EU")."""
    t = " ".join(text.split()).upper()
    if t in _EXTRA:
        return _EXTRA[t]
    code = country_code(text)
    if code is None:
        raise ValueError(
            f"unknown jurisdiction {text!r}: give an ISO country code (US, FR, GB, ...) or EU"
        )
    return code


def is_eu_member(country: str, on: date) -> bool:
    period = jurisdictions().eu_members.get(country)
    return period is not None and period.covers(on)


def eu_members_on(on: date) -> list[str]:
    return sorted(c for c, p in jurisdictions().eu_members.items() if p.covers(on))


def is_un_member(country: str, on: date) -> bool:
    members = jurisdictions().un_members
    if country not in members:
        return False
    admitted = members[country]
    return admitted is None or admitted <= on


def competent_authority(jurisdiction: str) -> str | None:
    """The authority a party in this jurisdiction notifies, where the data names one."""
    return jurisdictions().competent_authorities.get(jurisdiction)


def _in_territory(legal_order: str, country: str) -> bool:
    return country in jurisdictions().territories.get(legal_order, frozenset({legal_order}))


def binding(authority: Authority, perspective: Perspective) -> Binding:
    """Whether `authority`'s measures bind a party screening from `perspective`."""
    order, where, on = authority.jurisdiction, perspective.jurisdiction, perspective.on
    if order == "ICC":
        return _icc_binding(where, on)
    if order == "UN":
        if where == "EU":
            return Binding(True, "UN sanctions are implemented in EU law for all member states")
        if is_un_member(where, on):
            return Binding(
                True,
                f"{where} is a UN member state, bound by Security Council decisions (UN Charter art. 25)",
            )
        return Binding(False, f"{where} is not a UN member state")
    if order == "EU":
        if where == "EU":
            return Binding(True, "EU restrictive measures bind the Union and its member states")
        if is_eu_member(where, on):
            return Binding(True, f"{where} is an EU member state on {on}")
        return Binding(
            False,
            f"{where} is not an EU member state on {on}; EU measures bind EU territory and EU persons only",
        )
    if where == "EU":
        return Binding(False, f"{authority.code} measures bind {order} persons, not the EU as such")
    if _in_territory(order, where):
        return Binding(
            True, f"{authority.code} measures bind parties in {where}: {authority.binds}"
        )
    return Binding(
        False,
        f"{authority.code} measures bind {order} persons; {where} is outside that jurisdiction",
    )


def _icc_binding(where: str, on: date) -> Binding:
    if where == "EU":
        members = eu_members_on(on)
        states = [icc.membership(m, on) for m in members]
        if all(s.is_party for s in states):
            return Binding(True, f"every EU member state on {on} is a party to the Rome Statute")
        unsure = [s.country for s in states if not s.is_party]
        return Binding(
            None,
            f"not every EU member state is a confirmed party on {on} ({', '.join(unsure)}); take the member state's view",
        )
    member = icc.membership(where, on)
    if member.status == "party":
        return Binding(True, member.reason)
    if member.status == "unconfirmed":
        return Binding(None, member.reason)
    return Binding(False, member.reason)
