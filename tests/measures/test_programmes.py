"""The programme catalogue: lookups as the parsers write codes, and strict loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proscribe.measures.loading import MeasureDataError
from proscribe.measures.programmes import DATA_DIR, Catalogue, catalogue, lookup, normalise_code


def test_catalogue_covers_every_authority_the_lists_use() -> None:
    cat = catalogue()
    assert set(cat.authorities) >= {"OFAC", "UN", "EU", "UK", "AU", "CA", "ICC", "BIS", "DOS"}
    # The 78 tags of the real SDN captures; the non-SDN lists have their own entries.
    assert len([p for p in cat.for_authority("OFAC") if p.list_variant is None]) >= 78
    assert len([p for p in cat.for_authority("OFAC") if p.list_variant == "ofac_cons"]) >= 11
    assert len(cat.for_authority("UK")) >= 31


def test_icc_eo14203_blocks_and_bars_family_at_entry_only() -> None:
    programme = lookup("OFAC", "ICC-EO14203")
    assert programme is not None
    reach = {m.type: m.reach for m in programme.measures}
    assert reach == {"asset_freeze": ("designated",), "entry_ban": ("designated", "family_members")}
    assert "14203" in programme.legal_basis


@pytest.mark.parametrize(
    ("authority", "code", "expected"),
    [
        ("OFAC", "icc-eo14203", "ICC-EO14203"),
        ("Office of Foreign Assets Control", "SDGT", "SDGT"),
        ("AU", "1988 (Taliban) ", "1988 (Taliban)"),
        ("AU", "Autonomous (Thematic – Corruption)", "Autonomous (Thematic - Corruption)"),
        ("CA", "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)", "JVCFOR"),
        ("CA", "Russia / Russie", "Russia"),
        (
            "UK",
            "Isil (Da'esh) and Al-Qaeda (United Nations Sanctions) (EU Exit) Regulations 2019",
            "ISIL (Da'esh) and Al-Qaida",
        ),
        ("UK", "The Afghanistan (Sanctions) (EU Exit) Regulations 2020", "Afghanistan"),
        ("UN", "GB", "GB"),
        ("EU", "TAQA", "TAQA"),
        ("Entity List (EL) - Bureau of Industry and Security", None, "EL"),
        ("Specially Designated Nationals (SDN) - Treasury Department", "NPWMD", "NPWMD"),
    ],
)
def test_lookup_tolerates_how_lists_write_codes(
    authority: str, code: str | None, expected: str
) -> None:
    programme = lookup(authority, code)
    assert programme is not None and programme.code == expected


def test_non_sdn_list_has_its_own_measures_for_the_same_tag() -> None:
    sdn = lookup("OFAC", "UKRAINE-EO13662")
    cons = lookup("OFAC", "UKRAINE-EO13662", source="ofac_cons")
    csl = lookup(
        "Sectoral Sanctions Identifications List (SSI) - Treasury Department", "UKRAINE-EO13662"
    )
    assert sdn is not None and [m.type for m in sdn.measures] == ["asset_freeze"]
    assert cons is not None and [m.type for m in cons.measures] == ["sectoral_restriction"]
    assert csl is cons
    # A non-SDN list never falls back to the SDN meaning of a tag it does not map.
    assert lookup("OFAC", "GLOMAG", source="ofac_cons") is None
    sdgt = lookup("OFAC", "SDGT", source="ofac_cons")
    assert (
        sdgt is not None
        and sdgt.list_variant == "ofac_cons"
        and [m.type for m in sdgt.measures] == ["asset_freeze"]
    )


def test_unknown_codes_and_authorities_are_none() -> None:
    assert lookup("OFAC", "NO-SUCH-PROGRAMME") is None
    assert lookup("Ministry of Nowhere", "SDGT") is None
    assert lookup("OFAC", None) is None


def test_normalise_code() -> None:
    assert normalise_code("  CAATSA  -  RUSSIA ") == normalise_code("caatsa-russia")
    assert normalise_code("The Afghanistan (Sanctions)") == "afghanistan (sanctions)"
    assert normalise_code("Da’esh") == "da'esh"


def _data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_loading_refuses_an_unknown_measure_type(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    (data / "programmes" / "zz.yaml").write_text(
        "authority: OFAC\nprogrammes:\n  TEST-1:\n    title: t\n    legal_basis: b\n    measures: [asset-freeze]\n",
        encoding="utf-8",
    )
    with pytest.raises(MeasureDataError) as err:
        Catalogue.load(data)
    assert (
        "zz.yaml" in str(err.value)
        and "TEST-1" in str(err.value)
        and "asset-freeze" in str(err.value)
    )


def test_loading_refuses_unknown_keys_reaches_and_duplicates(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    bad = data / "programmes" / "zz.yaml"
    bad.write_text(
        "authority: OFAC\nprogrammes:\n  T:\n    title: t\n    legal_basis: b\n    measure: []\n",
        encoding="utf-8",
    )
    with pytest.raises(MeasureDataError, match="unknown key"):
        Catalogue.load(data)
    bad.write_text(
        "authority: OFAC\nprogrammes:\n  T:\n    title: t\n    legal_basis: b\n"
        "    measures: [{type: entry_ban, reach: [cousins]}]\n",
        encoding="utf-8",
    )
    with pytest.raises(MeasureDataError, match="unknown reach"):
        Catalogue.load(data)
    bad.write_text(
        "authority: OFAC\nprogrammes:\n  SDGT:\n    title: t\n    legal_basis: b\n",
        encoding="utf-8",
    )
    with pytest.raises(MeasureDataError, match="already used"):
        Catalogue.load(data)
    bad.write_text("authority: NOBODY\nprogrammes: {}\n", encoding="utf-8")
    with pytest.raises(MeasureDataError, match=r"not in authorities\.yaml"):
        Catalogue.load(data)
    bad.write_text("authority: OFAC\nprogrammes:\n  T: [unclosed\n", encoding="utf-8")
    with pytest.raises(MeasureDataError, match="not valid YAML"):
        Catalogue.load(data)


def test_loading_refuses_a_bad_action_rule(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    auth = data / "authorities.yaml"
    text = auth.read_text(encoding="utf-8").replace(
        "within_business_days: 10", "within_business_days: ten", 1
    )
    auth.write_text(text, encoding="utf-8")
    with pytest.raises(MeasureDataError, match="within_business_days"):
        Catalogue.load(data)
