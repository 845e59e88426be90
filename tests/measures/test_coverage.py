"""Every programme or regime code the parsers emit for the real lists is in the catalogue.

The codes are taken through the registry, so the test checks exactly what
the parsers produce. A designation without any programme is accepted only
when the parser reported it for that record.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from proscribe.measures.programmes import catalogue
from proscribe.sources.registry import detect, open_list
from tests.conftest import LISTS


def _list_files() -> list[Path]:
    return sorted(p for p in LISTS.rglob("*") if p.is_file()) if LISTS.exists() else []


def _main_list_files() -> list[Path]:
    """Every real file a parser reads as a list (companions ride along with their main file)."""
    return [p for p in _list_files() if detect(p).companion_of is None]


@pytest.mark.parametrize("path", _main_list_files(), ids=lambda p: str(p.relative_to(LISTS)))
def test_every_programme_code_is_mapped(path: Path, lists_dir: Path) -> None:
    parsed = open_list(path)
    cat = catalogue()
    unmapped: Counter[tuple[str, str, str]] = Counter()
    without_programme: list[str] = []
    designations = 0
    for entity in parsed.entities():
        for d in entity.designations:
            designations += 1
            if d.programme is None and cat.lookup(d.authority, None, source=entity.source) is None:
                without_programme.append(entity.source_id)
            elif cat.lookup(d.authority, d.programme, source=entity.source) is None:
                unmapped[(entity.source, d.authority, str(d.programme))] += 1
    assert designations > 0
    assert not unmapped, "unmapped (source, authority, programme) with counts: " + "; ".join(
        f"{k} x{n}" for k, n in sorted(unmapped.items())
    )
    reported = {i.record for i in parsed.report.issues}
    assert set(without_programme) <= reported, (
        f"designations without a programme, not reported: {without_programme}"
    )


def test_real_lists_are_there(lists_dir: Path) -> None:
    assert len(_main_list_files()) >= 15
