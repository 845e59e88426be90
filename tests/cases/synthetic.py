"""Synthetic customer files with realistic names, for the monitoring tests and benchmark.

A bank's customer file is mostly people with ordinary names, some companies,
and a handful of parties that really are on a list. The generator draws
given names and surnames from real name data (../shared/data/names: the US
Census 2020 tables weighted by frequency, and common names by country in
their romanised form, so Russian, Arabic, Chinese, Turkish... names appear
next to American ones), makes companies from surnames and trade words, and
adds one customer per listed entity it is given, named as the list names
it. Everything is drawn from one seeded generator: the same seed gives the
same file on every machine.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from proscribe.model import Entity

CSV_COLUMNS = ("id", "name", "schema", "birth_date", "country", "id_number")

# Share of each kind of generated customer.
PERSON_SHARE = 0.85
COUNTRY_NAMES_SHARE = 0.35  # persons named from another country's common names
BIRTH_DATE_SHARE = 0.6
COUNTRY_SHARE = 0.7
ID_NUMBER_SHARE = 0.2

TRADE_WORDS = (
    "Trading",
    "Logistics",
    "Consulting",
    "Holdings",
    "Foods",
    "Partners",
    "Capital",
    "Systems",
    "Textiles",
    "Farms",
    "Builders",
    "Media",
    "Dental",
    "Motors",
    "Bakery",
)
LEGAL_SUFFIXES = ("LLC", "Ltd", "Inc", "GmbH", "SA", "BV", "Co")


@dataclass(frozen=True, slots=True)
class NamePool:
    """Names with sampling weights, loaded once per process."""

    first: tuple[str, ...]
    first_p: np.ndarray
    last: tuple[str, ...]
    last_p: np.ndarray
    # (country, forename, surname) triples sampled per country.
    country_first: dict[str, tuple[str, ...]]
    country_last: dict[str, tuple[str, ...]]


def _census(path: Path) -> tuple[tuple[str, ...], np.ndarray]:
    names: list[str] = []
    counts: list[float] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("name") or "").strip()
            count = (row.get("count") or "").strip()
            if not name or not count.isdigit() or name == "ALL OTHER NAMES":
                continue
            names.append(name.title())
            counts.append(float(count))
    p = np.asarray(counts)
    return tuple(names), p / p.sum()


def _by_country(path: Path, column: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get(column) or "").strip()
            country = (row.get("Country") or "").strip()
            if name and country and name.replace(" ", "").replace("-", "").isalpha():
                out.setdefault(country, []).append(name)
    return {c: tuple(dict.fromkeys(v)) for c, v in out.items()}


@cache
def load_names(names_dir: Path) -> NamePool:
    first, first_p = _census(names_dir / "us_census" / "census_2020_first_names.csv")
    last, last_p = _census(names_dir / "us_census" / "census_2020_surnames.csv")
    popular = names_dir / "popular_by_country"
    forenames = _by_country(popular / "common-forenames-by-country.csv", "Romanized Name")
    surnames = _by_country(popular / "common-surnames-by-country.csv", "Romanized Name")
    both = sorted(set(forenames) & set(surnames))
    return NamePool(
        first,
        first_p,
        last,
        last_p,
        {c: forenames[c] for c in both},
        {c: surnames[c] for c in both},
    )


def match_name(entity: Entity) -> str:
    """The name a customer who *is* this listed party would give: the primary Latin name.

    Person names the list writes `SURNAME, Given` are turned round to
    `Given Surname`, as a customer form would hold them.
    """
    names = [
        n for n in entity.names if n.kind == "primary" and (n.script in (None, "Latn"))
    ] or entity.names
    full = names[0].full
    if entity.schema == "Person" and "," in full:
        family, _, given = full.partition(",")
        full = f"{given.strip()} {family.strip().title()}"
    return full


def match_rows(entities: Sequence[Entity], prefix: str = "MATCH") -> list[dict[str, str]]:
    """One customer row per listed entity, carrying its birth date when the list gives one."""
    rows = []
    for n, entity in enumerate(entities, 1):
        dob = (
            entity.birth_dates[0].value
            if entity.birth_dates and not entity.birth_dates[0].end
            else ""
        )
        schema = (
            entity.schema
            if entity.schema in ("Person", "Organization", "Vessel")
            else "Organization"
        )
        rows.append(
            {
                "id": f"{prefix}-{n:05d}",
                "name": match_name(entity),
                "schema": schema,
                "birth_date": dob,
                "country": "",
                "id_number": "",
            }
        )
    return rows


def generate_customers(
    n: int,
    names_dir: Path,
    seed: int = 20240426,
    matches: Sequence[Entity] = (),
    id_prefix: str = "C",
) -> Iterator[dict[str, str]]:
    """`n` synthetic customers, then one row per entity in `matches` (ids MATCH-00001...)."""
    pool = load_names(names_dir)
    rng = np.random.default_rng(seed)
    countries = sorted(pool.country_first)
    batch = 100_000
    done = 0
    while done < n:
        size = min(batch, n - done)
        kind = rng.random(size)
        first = rng.choice(len(pool.first), size=size, p=pool.first_p)
        last = rng.choice(len(pool.last), size=size, p=pool.last_p)
        last2 = rng.choice(len(pool.last), size=size, p=pool.last_p)
        other = rng.random(size)
        country_pick = rng.integers(0, len(countries), size=size)
        pick_a = rng.integers(0, 1 << 30, size=size)
        pick_b = rng.integers(0, 1 << 30, size=size)
        trade = rng.integers(0, len(TRADE_WORDS), size=size)
        legal = rng.integers(0, len(LEGAL_SUFFIXES), size=size)
        has_dob = rng.random(size) < BIRTH_DATE_SHARE
        dob_days = rng.integers(0, 365 * 65, size=size)
        has_country = rng.random(size) < COUNTRY_SHARE
        has_id = rng.random(size) < ID_NUMBER_SHARE
        id_numbers = rng.integers(10_000_000, 99_999_999, size=size)
        base = np.datetime64("1940-01-01")
        for i in range(size):
            row = {c: "" for c in CSV_COLUMNS}
            row["id"] = f"{id_prefix}{done + i + 1:08d}"
            country = ""
            if kind[i] < PERSON_SHARE:
                row["schema"] = "Person"
                if other[i] < COUNTRY_NAMES_SHARE:
                    country = countries[int(country_pick[i])]
                    fn = pool.country_first[country]
                    ln = pool.country_last[country]
                    row["name"] = f"{fn[int(pick_a[i]) % len(fn)]} {ln[int(pick_b[i]) % len(ln)]}"
                else:
                    country = "US"
                    row["name"] = f"{pool.first[int(first[i])]} {pool.last[int(last[i])]}"
                if has_dob[i]:
                    row["birth_date"] = str(base + np.timedelta64(int(dob_days[i]), "D"))
            else:
                row["schema"] = "Organization"
                owner = pool.last[int(last[i])]
                if other[i] < 0.3:
                    owner = f"{owner} & {pool.last[int(last2[i])]}"
                row["name"] = (
                    f"{owner} {TRADE_WORDS[int(trade[i])]} {LEGAL_SUFFIXES[int(legal[i])]}"
                )
                country = "US"
            if has_country[i]:
                row["country"] = country
            if has_id[i]:
                row["id_number"] = f"X{int(id_numbers[i])}"
            yield row
        done += size
    yield from match_rows(matches)


def write_csv(rows: Iterator[dict[str, str]], path: Path) -> int:
    """Write rows as a customer CSV; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
