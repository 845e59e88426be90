"""The issue's scenarios, end to end on the real lists and the project's ICC data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from proscribe.measures import (
    DISCLAIMER,
    RelationContext,
    assess,
    assessment_to_dict,
    format_assessment,
    perspective,
)
from proscribe.measures.programmes import normalise_code
from proscribe.model import Entity, Relation
from tests.measures.conftest import parse

ON = date(2026, 11, 28)


# ---------------------------------------------------------------- Karim Khan, EO 14203


def test_karim_khan_us_bank_must_block_and_report_within_10_business_days(
    icc_eo14203: dict[str, Entity],
) -> None:
    khan = icc_eo14203["KHAN, Karim Asad Ahmad"]
    result = assess(khan, perspective("US", "payment", ON))

    assert [(m.type, m.authority, m.programme) for m in result.measures] == [
        ("asset_freeze", "OFAC", "ICC-EO14203")
    ]
    freeze = result.measures[0]
    assert "EO 14203" in freeze.legal_basis and "EO 14203 sec. 1" in (freeze.basis or "")
    kinds = [a.kind for a in result.actions]
    assert kinds[:2] == ["block", "report"]
    report = result.actions[1]
    assert report.notify == "OFAC"
    assert report.within_business_days == 10
    # 2026-11-28 is a Saturday: ten US federal business days later is Friday 2026-12-11.
    assert report.due == date(2026, 12, 11)
    assert "501.603" in (report.basis or "")
    assert not result.exposures
    # The entry ban is in force for a US party but does not concern a payment.
    assert [m.type for m in result.other_measures] == ["entry_ban"]


def test_ofac_record_keeping_follows_the_rule_in_force_on_the_date(
    icc_eo14203: dict[str, Entity],
) -> None:
    khan = icc_eo14203["KHAN, Karim Asad Ahmad"]
    before = assess(khan, perspective("US", "payment", "2025-03-11"))
    after = assess(khan, perspective("US", "payment", "2025-03-12"))
    assert [a.keep_years for a in before.actions if a.kind == "keep_records"] == [5]
    assert [a.keep_years for a in after.actions if a.kind == "keep_records"] == [10]


def test_karim_khan_french_bank_has_no_eu_measure_but_us_exposure(
    icc_eo14203: dict[str, Entity],
) -> None:
    khan = icc_eo14203["KHAN, Karim Asad Ahmad"]
    for where in ("FR", "EU", "France"):
        result = assess(khan, perspective(where, "payment", ON))
        assert result.measures == [] and result.other_measures == []
        assert [(e.label, e.authority, e.programme) for e in result.exposures] == [
            ("US exposure", "OFAC", "ICC-EO14203")
        ]
        assert result.exposures[0].measures == ["asset_freeze", "entry_ban"]
        assert any("no EU measure" in n for n in result.notes)


def test_every_eo14203_row_blocks_for_a_us_party(icc_eo14203: dict[str, Entity]) -> None:
    assert len(icc_eo14203) == 15
    for entity in icc_eo14203.values():
        result = assess(entity, perspective("US", "onboarding", ON))
        assert "asset_freeze" in result.measure_types(), entity.caption
        assert {"refuse", "report"} <= result.action_kinds()


def test_general_screening_lists_every_action_in_force(icc_eo14203: dict[str, Entity]) -> None:
    result = assess(icc_eo14203["KHAN, Karim Asad Ahmad"], perspective("US", "general", ON))
    assert result.measure_types() == {"asset_freeze", "entry_ban"}
    assert {"block", "refuse", "report", "keep_records", "deny_entry"} == result.action_kinds()
    assert [a.keep_years for a in result.actions if a.kind == "keep_records"] == [10]


def test_khan_at_the_us_border_is_barred(icc_eo14203: dict[str, Entity]) -> None:
    result = assess(icc_eo14203["KHAN, Karim Asad Ahmad"], perspective("US", "entry", ON))
    assert [m.type for m in result.measures] == ["entry_ban"]
    assert result.action_kinds() == {"deny_entry"}


# ---------------------------------------------------------------- family reach of EO 14203 sec. 4


def test_relative_of_designated_icc_official_is_barred_at_us_entry(
    family_context: RelationContext,
) -> None:
    relative = family_context.get("ftm:fixture-relative-1")
    assert relative is not None and not relative.designations
    result = assess(relative, perspective("US", "entry", ON), related=family_context)
    assert [(m.type, m.reach, m.programme) for m in result.measures] == [
        ("entry_ban", "family_members", "ICC-EO14203")
    ]
    assert "KHAN, Karim Asad Ahmad" in (result.measures[0].via or "")
    assert "spouse" in (result.measures[0].via or "")
    assert result.action_kinds() == {"deny_entry"}


def test_same_relative_for_a_us_payment_is_not_blocked(family_context: RelationContext) -> None:
    relative = family_context.get("ftm:fixture-relative-1")
    assert relative is not None
    result = assess(relative, perspective("US", "payment", ON), related=family_context)
    assert result.measures == []
    assert "block" not in result.action_kinds()
    assert [(m.type, m.reach) for m in result.other_measures] == [("entry_ban", "family_members")]
    assert any("no freeze applies to the relative" in n for n in result.notes)


def test_relative_seen_from_france_is_only_us_exposure(family_context: RelationContext) -> None:
    relative = family_context.get("ftm:fixture-relative-1")
    assert relative is not None
    result = assess(relative, perspective("FR", "entry", ON), related=family_context)
    assert result.measures == []
    assert [(e.label, e.measures) for e in result.exposures] == [("US exposure", ["entry_ban"])]


def test_an_associate_is_not_reached_by_the_family_clause(family_context: RelationContext) -> None:
    associate = family_context.get("ftm:fixture-associate-1")
    assert associate is not None
    result = assess(associate, perspective("US", "entry", ON), related=family_context)
    assert result.measures == [] and result.other_measures == []
    assert any("Associated with KHAN" in n for n in result.notes)


def test_the_designated_official_in_the_ftm_file_is_blocked_via_the_ftm_authority_name(
    family_context: RelationContext,
) -> None:
    khan = family_context.get("ftm:ofac-52965")
    assert khan is not None
    assert khan.designations[0].authority == "Office of Foreign Assets Control"
    result = assess(khan, perspective("US", "payment", ON), related=family_context)
    assert "asset_freeze" in result.measure_types()


def test_linked_to_relations_from_ofac_remarks_resolve_by_name(lists_dir: Path) -> None:
    entities = parse(lists_dir / "ofac" / "sdn_2024-05-03" / "sdn.csv")
    context = RelationContext(entities)
    linked = [(e, r) for e in entities for r in e.relations if r.kind == "linked_to"]

    def resolved(entity: Entity, relation: Relation) -> bool:
        around = context.associates(entity.id)
        if relation.target_id is not None:
            return any(a.entity.id == f"{entity.source}:{relation.target_id}" for a in around)
        name = normalise_code(relation.target_name or "")
        return any(normalise_code(n.full) == name for a in around for n in a.entity.names)

    unresolved = [r.target_name for e, r in linked if not resolved(e, r)]
    # "Linked To: NAME": all but a handful of the named parties are in the same list.
    assert len(linked) > 6000 and len(unresolved) < 0.01 * len(linked)
    mahan = next(e for e in entities if e.caption == "MAHAN AIR")
    assert len(context.associates(mahan.id)) >= 80


# ---------------------------------------------------------------- ICC arrest warrants


def test_netanyahu_from_france_today_obliges_arrest(warrants: dict[str, Entity]) -> None:
    result = assess(warrants["netanyahu-benjamin"], perspective("FR"))
    assert [(m.type, m.authority, m.programme) for m in result.measures] == [
        ("arrest_warrant", "ICC", "ICC-WARRANT")
    ]
    assert {"arrest_and_surrender", "notify"} <= result.action_kinds()
    assert "Rome Statute" in result.measures[0].legal_basis


def test_netanyahu_from_the_us_is_informational(warrants: dict[str, Entity]) -> None:
    result = assess(warrants["netanyahu-benjamin"], perspective("US", "general", ON))
    assert result.measures == []
    assert [e.label for e in result.exposures] == ["ICC warrant: informational"]
    assert "never been a party" in result.exposures[0].reason


def test_netanyahu_from_the_philippines_follows_its_membership(warrants: dict[str, Entity]) -> None:
    netanyahu = warrants["netanyahu-benjamin"]
    while_party = assess(netanyahu, perspective("PH", "general", "2015-06-01"))
    after_withdrawal = assess(netanyahu, perspective("PH", "general", "2020-06-01"))
    assert [m.type for m in while_party.measures] == ["arrest_warrant"]
    assert after_withdrawal.measures == []
    assert "effective 2019-03-17" in after_withdrawal.exposures[0].reason


def test_a_warrant_whose_subject_is_not_at_large_obliges_nobody(
    warrants: dict[str, Entity],
) -> None:
    for key in ("deif-mohammed", "duterte-rodrigo", "ongwen-dominic", "gaddafi-muammar"):
        result = assess(warrants[key], perspective("FR", "general", ON))
        assert result.measures == [], key
        assert result.exposures and "no duty to arrest" in result.exposures[0].reason


def test_a_warrant_during_a_payment_screen_freezes_nothing(warrants: dict[str, Entity]) -> None:
    result = assess(warrants["putin-vladimir"], perspective("DE", "payment", ON))
    assert [m.type for m in result.measures] == ["arrest_warrant"]
    assert result.action_kinds() == {"notify"}
    assert "freezes nothing" in result.actions[0].text


def test_unconfirmed_membership_asks_to_verify(warrants: dict[str, Entity]) -> None:
    result = assess(warrants["netanyahu-benjamin"], perspective("HU", "general", ON))
    assert result.actions[0].kind == "review"
    assert "not confirmed" in result.actions[0].text


# ---------------------------------------------------------------- the OFAC 50 Percent Rule


def test_fifty_percent_rule_aggregates_and_follows_blocked_chains(
    ownership_context: RelationContext,
) -> None:
    us = perspective("US", "payment", ON)

    def measures(source_id: str) -> list[tuple[str, str]]:
        entity = ownership_context.get(f"ftm:{source_id}")
        assert entity is not None
        return [(m.type, m.reach) for m in assess(entity, us, related=ownership_context).measures]

    c = ownership_context.get("ftm:own-c")
    assert c is not None
    result_c = assess(c, us, related=ownership_context)
    assert [(m.type, m.reach) for m in result_c.measures] == [("asset_freeze", "ownership")]
    finding = result_c.ownership[0]
    assert finding.share == 55.0
    assert sorted(p.origin for p in finding.paths) == ["ftm:own-a", "ftm:own-b"]
    assert "Alpha Example Holdings Ltd -30%-> Charlie" in (result_c.measures[0].via or "")
    assert "Bravo Example Trading LLC -25%-> Charlie" in (result_c.measures[0].via or "")
    assert measures("own-d") == []
    assert measures("own-e") == [("asset_freeze", "ownership")]
    result_f = assess(ownership_context.get("ftm:own-f"), us, related=ownership_context)  # type: ignore[arg-type]
    path = result_f.ownership[0].paths[0]
    assert [(s.owner_id, s.owned_id, s.share) for s in path.steps] == [
        ("ftm:own-a", "ftm:own-e", 60.0),
        ("ftm:own-e", "ftm:own-f", 50.0),
    ]
    assert path.effective_share == 30.0
    assert measures("own-g") == [] and measures("own-h") == []


def test_fifty_percent_rule_seen_from_germany_is_us_exposure(
    ownership_context: RelationContext,
) -> None:
    c = ownership_context.get("ftm:own-c")
    assert c is not None
    result = assess(c, perspective("DE", "payment", ON), related=ownership_context)
    assert result.measures == []
    assert result.exposures[0].label == "US exposure" and "55%" in result.exposures[0].reason


def test_unstated_share_is_possible_never_blocked(ownership_context: RelationContext) -> None:
    i = ownership_context.get("ftm:own-i")
    assert i is not None
    result = assess(i, perspective("US", "payment", ON), related=ownership_context)
    assert result.measures == []
    assert result.ownership[0].status == "possible"
    assert any("Possibly blocked" in n for n in result.notes)


# ---------------------------------------------------------------- other real lists


def test_un_listing_binds_a_french_bank_through_national_implementation(lists_dir: Path) -> None:
    entities = parse(lists_dir / "un" / "consolidated_2026-02-27.xml")
    alqaida = next(
        e for e in entities if e.designations[0].programme == "Al-Qaida" and e.schema == "Person"
    )
    result = assess(alqaida, perspective("FR", "payment", ON))
    assert {"asset_freeze", "arms_embargo"} <= result.measure_types()
    report = next(a for a in result.actions if a.kind == "report")
    assert report.notify is not None and "Direction générale du Trésor" in report.notify
    entry = assess(alqaida, perspective("FR", "entry", ON))
    assert [m.type for m in entry.measures] == ["travel_ban"]


def test_sectoral_entry_on_the_non_sdn_list_is_not_blocked(lists_dir: Path) -> None:
    entities = parse(lists_dir / "ofac" / "consolidated_nonsdn_2025-12" / "cons_prim.csv")
    vtb = next(e for e in entities if e.source_id == "17013")
    result = assess(vtb, perspective("US", "payment", ON))
    assert result.measure_types() == {"sectoral_restriction"}
    assert "block" not in result.action_kinds()


def test_uk_listing_applies_only_the_sanctions_it_states(lists_dir: Path) -> None:
    entities = {
        e.caption: e for e in parse(lists_dir / "uk" / "uk_sanctions_list_excerpt_2026-08-14.xml")
    }
    ship = assess(entities["Petrel 8"], perspective("GB", "general", ON))
    assert ship.measure_types() == {"transport_restriction"}
    person = assess(entities["ABDUL LATIF MANSUR"], perspective("GB", "entry", ON))
    assert person.measure_types() == {"travel_ban"}
    assert person.actions[0].kind == "deny_entry"


def test_a_terminated_programme_is_reported_stale() -> None:
    from proscribe.model import Designation

    entity = Entity(
        source="ofac",
        source_id="1",
        schema="Person",
        designations=[Designation("OFAC", "ZIMBABWE")],
    )
    assert assess(entity, perspective("US", "payment", "2024-01-10")).measure_types() == {
        "asset_freeze"
    }
    later = assess(entity, perspective("US", "payment", "2024-05-03"))
    assert later.measures == [] and any("ended on 2024-03-04" in n for n in later.notes)


def test_an_unmapped_programme_assumes_the_authority_default_and_says_so() -> None:
    from proscribe.model import Designation

    entity = Entity(
        source="ofac",
        source_id="1",
        schema="Person",
        designations=[Designation("OFAC", "NEW-EO99999")],
    )
    result = assess(entity, perspective("US", "payment", ON))
    assert result.measure_types() == {"asset_freeze"}
    assert any("does not map" in n for n in result.notes)


# ---------------------------------------------------------------- output


def test_text_and_json_output_carry_actions_basis_and_disclaimer(
    icc_eo14203: dict[str, Entity],
) -> None:
    result = assess(icc_eo14203["KHAN, Karim Asad Ahmad"], perspective("US", "payment", ON))
    text = format_assessment(result)
    assert "within 10 business days (by 2026-12-11)" in text
    assert "EO 14203" in text and text.endswith(DISCLAIMER)
    data = json.loads(json.dumps(assessment_to_dict(result)))
    assert data["binding"] is True
    assert data["actions"][1]["due"] == "2026-12-11"
    assert data["perspective"] == {"jurisdiction": "US", "activity": "payment", "on": "2026-11-28"}
    assert "not legal advice" in data["disclaimer"]
