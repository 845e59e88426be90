"""Fixtures for the measures tests: real lists parsed through the registry, and our FtM fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from proscribe.measures import RelationContext
from proscribe.model import Entity
from proscribe.sources.icc import WARRANTS_FILE
from proscribe.sources.registry import open_list

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "measures"


def parse(path: Path) -> list[Entity]:
    return list(open_list(path).entities())


@pytest.fixture(scope="session")
def icc_eo14203(lists_dir: Path) -> dict[str, Entity]:
    """The real OFAC extract of every ICC-EO14203 row, by caption."""
    return {
        e.caption: e for e in parse(lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv")
    }


@pytest.fixture(scope="session")
def warrants() -> dict[str, Entity]:
    """The project's ICC warrants file, by our id."""
    return {e.source_id: e for e in parse(WARRANTS_FILE)}


@pytest.fixture(scope="session")
def family_context() -> RelationContext:
    return RelationContext(parse(FIXTURES / "icc_family.ftm.jsonl"))


@pytest.fixture(scope="session")
def ownership_context() -> RelationContext:
    return RelationContext(parse(FIXTURES / "ownership_50.ftm.jsonl"))
