"""What a screening request says about the party to look for.

Inputs arrive as text from CSV files, the command line and the API; `Query.make`
turns them into comparable values once (schema names, partial birth date,
ISO country, identifier numbers) and rejects what cannot be understood with
a message that says which field and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from proscribe.model import PartialDate
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_partial_date

# Schema names as callers write them (FtM, the data model, plain words).
_SCHEMAS = {
    "person": "Person",
    "individual": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "company": "Organization",
    "entity": "Organization",
    "legalentity": "LegalEntity",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Aircraft",
    "airplane": "Aircraft",
}
_GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female", "other": "other"}


class QueryError(ValueError):
    """A query field that cannot be understood."""


def normalise_schema(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    key = value.strip().lower().replace("_", "").replace(" ", "")
    if key not in _SCHEMAS:
        raise QueryError(
            f"schema {value!r} is not one of Person, Organization, LegalEntity, Vessel, Aircraft"
        )
    return _SCHEMAS[key]


@dataclass(frozen=True, slots=True)
class Query:
    """One party to screen. Only `name` is required."""

    name: str
    schema: str | None = None
    birth_date: PartialDate | None = None
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    gender: str | None = None
    id: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def make(
        cls,
        name: str,
        schema: str | None = None,
        birth_date: str | None = None,
        country: str | None = None,
        id_number: str | list[str] | tuple[str, ...] | None = None,
        gender: str | None = None,
        id: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> Query:
        """Parse text inputs; raises QueryError naming the field that is wrong."""
        if not isinstance(name, str):
            raise QueryError("name must be text")
        dob: PartialDate | None = None
        if birth_date is not None and birth_date.strip():
            dob = parse_partial_date(birth_date)
            if dob is None:
                raise QueryError(
                    f"birth_date {birth_date!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
                )
        code: str | None = None
        if country is not None and country.strip():
            code = country_code(country.strip())
            if code is None:
                raise QueryError(f"country {country!r} is not a known country name or ISO code")
        ids: tuple[str, ...]
        if id_number is None:
            ids = ()
        elif isinstance(id_number, str):
            ids = tuple(p.strip() for p in id_number.split(";") if p.strip())
        else:
            ids = tuple(p.strip() for p in id_number if p and p.strip())
        sex: str | None = None
        if gender is not None and gender.strip():
            sex = _GENDERS.get(gender.strip().lower())
            if sex is None:
                raise QueryError(f"gender {gender!r} is not male, female or other")
        return cls(
            name=name,
            schema=normalise_schema(schema),
            birth_date=dob,
            country=code,
            identifiers=ids,
            gender=sex,
            id=id,
            extra=dict(extra or {}),
        )
