"""Case-management fixtures: a fresh store per test on SQLite and PostgreSQL, small lists, customers.

PostgreSQL stores use the throwaway-database pattern of tests/store: one
database per session, one schema per store. Saved indexes go to the test's
own home folder, never the user's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from proscribe.cases.settings import CaseSettings
from proscribe.model import Designation, Entity, Identifier, Name, PartialDate, Provenance
from proscribe.store import Store
from tests.store.conftest import BACKENDS, make_store_url, pg_database  # noqa: F401  (pg_database is a fixture)

SETTINGS = CaseSettings(
    threshold=0.7, four_eyes_score=0.85, jurisdiction="US", activity="onboarding"
)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    for name in (
        "PROSCRIBE_ALERT_THRESHOLD",
        "PROSCRIBE_FOUR_EYES_SCORE",
        "PROSCRIBE_AUDIT_SCREENING",
        "PROSCRIBE_USER",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return make_store_url(backend, tmp_path, request)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def settings() -> CaseSettings:
    return SETTINGS


def person(
    source_id: str,
    name: str,
    dob: str | None = None,
    aliases: tuple[str, ...] = (),
    passport: str | None = None,
    nationality: str | None = None,
) -> Entity:
    """A listed person as a parser would produce it."""
    e = Entity(source="testlist", source_id=source_id, schema="Person")
    e.names.append(Name(full=name))
    for alias in aliases:
        e.names.append(Name(full=alias, kind="aka"))
    if dob:
        e.birth_dates.append(PartialDate(dob))
    if passport:
        e.identifiers.append(Identifier(type="passport", number=passport, label="Passport"))
    if nationality:
        e.nationalities.append(nationality)
    e.designations.append(Designation(authority="OFAC", programme="SDGT"))
    e.provenance = Provenance("testlist", "list.psv", source_id, None)
    return e


def company(source_id: str, name: str) -> Entity:
    e = Entity(source="testlist", source_id=source_id, schema="Organization")
    e.names.append(Name(full=name))
    e.designations.append(Designation(authority="OFAC", programme="RUSSIA-EO14024"))
    e.provenance = Provenance("testlist", "list.psv", source_id, None)
    return e


BASE_LIST: list[Callable[[], Entity]] = [
    lambda: person("100", "PETROV, Vladimir Ivanovich", "1965-05-05", nationality="RU"),
    lambda: person("101", "AL-ZEIN, Mazen Hassan", "1974-06-21", aliases=("EL ZEIN, Mazen",)),
    lambda: person("102", "MANSUR, Bashir Ibrahim", "1980-02-09"),
    lambda: company("200", "ARTMARINE LLC"),
    lambda: company("201", "EMPEROR AVIATION LTD"),
]


def base_entities() -> list[Entity]:
    return [make() for make in BASE_LIST]


CUSTOMERS_CSV = (
    "id,name,schema,birth_date,country,id_number\n"
    "C1,John Smith,Person,1970-01-01,US,\n"
    "C2,Vladimir Petrov,Person,1965-05-05,RU,\n"
    "C3,Artmarine LLC,Organization,,,\n"
    "C4,Mazen Al Zein,Person,1974-06-21,,\n"
    "C5,Emperor Aviation Limited,Organization,,,\n"
    "C6,Mary Jones,Person,1981-03-04,GB,P1234567\n"
)


@pytest.fixture
def customers_file(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text(CUSTOMERS_CSV, encoding="utf-8")
    return path
