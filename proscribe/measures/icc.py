"""Who is bound by an ICC warrant on a given date, and whether the warrant still binds anyone.

Membership of the Rome Statute is temporal: a state is bound from the
Statute's entry into force for it until a withdrawal takes effect (art.
127(1): one year after the notification). The Philippines were a party on
2015-06-01 and not on 2020-06-01. Where the facts after a date are not
confirmed (Hungary after its notified withdrawal date; Burkina Faso, Mali
and Niger after their announced withdrawal), membership is "unconfirmed",
and obligations built on it say "verify" instead of guessing either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from proscribe.measures.loading import MeasureDataError, as_date, as_mapping, check_keys, load_yaml
from proscribe.model import Designation, Entity
from proscribe.sources.countries import country_code
from proscribe.sources.icc import AUTHORITY, STATES_PARTIES_FILE, STATUSES

# Only a person at large is to be arrested; every other status is informational.
ACTIVE_STATUSES = frozenset({"at_large"})

MembershipStatus = Literal["party", "not_party", "unconfirmed"]

_STATE_KEYS = {
    "country",
    "name",
    "joined",
    "in_force",
    "instrument",
    "withdrawal_notified",
    "withdrawal_effective",
    "withdrawal_revoked",
    "unconfirmed_from",
    "note",
}


@dataclass(frozen=True, slots=True)
class StateParty:
    """One present or former state party and the dates that decide its membership."""

    country: str
    name: str
    joined: date
    in_force: date
    instrument: str | None = None
    withdrawal_notified: date | None = None
    withdrawal_effective: date | None = None
    withdrawal_revoked: date | None = None
    unconfirmed_from: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Membership:
    """A state's standing under the Rome Statute on a date, with the reason in words."""

    country: str
    on: date
    status: MembershipStatus
    reason: str
    state: StateParty | None = None

    @property
    def is_party(self) -> bool:
        return self.status == "party"


def load_states_parties(path: Path = STATES_PARTIES_FILE) -> dict[str, StateParty]:
    """The states-parties table, validated (unknown keys, dates out of order are errors)."""
    doc = as_mapping(load_yaml(path), path, "top level")
    check_keys(doc, {"treaty", "checked", "states"}, path, "top level")
    out: dict[str, StateParty] = {}
    for i, row in enumerate(doc.get("states") or []):
        where = f"states[{i}]"
        row = as_mapping(row, path, where)
        check_keys(row, _STATE_KEYS, path, where)
        code = country_code(str(row.get("country")))
        if code is None or code != row.get("country"):
            raise MeasureDataError(
                path, where, f"country {row.get('country')!r} is not an ISO alpha-2 code"
            )
        if code in out:
            raise MeasureDataError(path, where, f"{code} is listed twice")
        joined, in_force = (
            as_date(row.get("joined"), path, f"{where}.joined"),
            as_date(row.get("in_force"), path, f"{where}.in_force"),
        )
        if joined is None or in_force is None:
            raise MeasureDataError(path, where, "joined and in_force are required")
        state = StateParty(
            country=code,
            name=str(row.get("name") or code),
            joined=joined,
            in_force=in_force,
            instrument=row.get("instrument"),
            withdrawal_notified=as_date(
                row.get("withdrawal_notified"), path, f"{where}.withdrawal_notified"
            ),
            withdrawal_effective=as_date(
                row.get("withdrawal_effective"), path, f"{where}.withdrawal_effective"
            ),
            withdrawal_revoked=as_date(
                row.get("withdrawal_revoked"), path, f"{where}.withdrawal_revoked"
            ),
            unconfirmed_from=as_date(
                row.get("unconfirmed_from"), path, f"{where}.unconfirmed_from"
            ),
            note=row.get("note"),
        )
        if state.withdrawal_effective is not None and state.withdrawal_notified is None:
            raise MeasureDataError(path, where, "withdrawal_effective without withdrawal_notified")
        if state.withdrawal_effective is not None and state.withdrawal_effective <= state.in_force:
            raise MeasureDataError(path, where, "withdrawal_effective before entry into force")
        out[code] = state
    return out


@cache
def states_parties() -> dict[str, StateParty]:
    return load_states_parties()


def membership(country: str, on: date) -> Membership:
    """The state's standing on `on`: party, not a party, or unconfirmed."""
    code = country_code(country) or country.upper()
    state = states_parties().get(code)
    if state is None:
        return Membership(
            code, on, "not_party", f"{code} has never been a party to the Rome Statute"
        )
    if on < state.in_force:
        return Membership(
            code,
            on,
            "not_party",
            f"the Statute entered into force for {state.name} on {state.in_force}",
            state,
        )
    if state.withdrawal_effective is not None and on >= state.withdrawal_effective:
        return Membership(
            code,
            on,
            "not_party",
            f"{state.name} withdrew (notified {state.withdrawal_notified}, effective {state.withdrawal_effective})",
            state,
        )
    if state.unconfirmed_from is not None and on >= state.unconfirmed_from:
        return Membership(
            code,
            on,
            "unconfirmed",
            f"{state.name}'s membership from {state.unconfirmed_from} is not confirmed"
            + (
                f" (withdrawal notified {state.withdrawal_notified})"
                if state.withdrawal_notified
                else ""
            )
            + "; verify before relying on either answer",
            state,
        )
    reason = f"{state.name} is a party since {state.in_force}"
    notified, revoked = state.withdrawal_notified, state.withdrawal_revoked
    if notified is not None and notified <= on and (revoked is None or on < revoked):
        reason += f" (withdrawal notified {notified}, not yet effective)"
    return Membership(code, on, "party", reason, state)


def is_state_party(country: str, on: date) -> bool:
    """True when the state is, as confirmed, a party to the Rome Statute on that date."""
    return membership(country, on).is_party


def parties_on(on: date) -> list[str]:
    """The countries that are (confirmed) parties on a date, sorted."""
    return sorted(code for code in states_parties() if membership(code, on).is_party)


def warrant_status(designation: Designation) -> str | None:
    """The status of an ICC warrant designation ("at_large", ...), or None if it is not one."""
    if designation.authority != AUTHORITY:
        return None
    status = (designation.remarks or "").strip()
    return status if status in STATUSES else None


def entity_warrant_status(entity: Entity) -> str | None:
    for designation in entity.designations:
        status = warrant_status(designation)
        if status is not None:
            return status
    return None
