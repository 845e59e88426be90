"""The project's ICC data: the warrants list format, and both tables checked against the reference ones.

../shared/data/reference/icc holds tables compiled from public sources; our
files are written independently. The comparison reports every difference;
the fields an obligation depends on (membership dates, warrant status and
date, nationality) must agree, the others are printed for review.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from proscribe.measures.icc import states_parties
from proscribe.model import Entity
from proscribe.sources.errors import ListError
from proscribe.sources.icc import STATUSES, WARRANTS_FILE
from proscribe.sources.registry import detect, open_list


@pytest.fixture(scope="module")
def parsed() -> tuple[list[Entity], dict[str, int], str | None, list[str]]:
    pl = open_list(WARRANTS_FILE)
    entities = list(pl.entities())
    return entities, pl.report.counts, pl.report.published, [str(i) for i in pl.report.issues]


def test_the_file_is_detected_as_icc_warrants() -> None:
    fmt = detect(WARRANTS_FILE)
    assert (fmt.name, fmt.source) == ("icc_warrants", "icc")


def test_every_warrant_is_an_entity(
    parsed: tuple[list[Entity], dict[str, int], str | None, list[str]],
) -> None:
    entities, counts, published, issues = parsed
    documents = WARRANTS_FILE.read_text(encoding="utf-8").count("\n---\n")
    assert len(entities) == documents == counts["entities"] == 65
    assert counts["arrest_warrants"] + counts["summonses"] == 65
    assert sum(counts[f"status_{s}"] for s in STATUSES if f"status_{s}" in counts) == 65
    assert counts["status_at_large"] == 29
    assert published == "2026-11-28"
    assert issues == []
    for e in entities:
        assert e.source == "icc" and e.schema == "Person"
        assert (
            e.provenance is not None
            and e.provenance.line is not None
            and e.provenance.record_id == e.source_id
        )
        assert [d.authority for d in e.designations] == ["ICC"]
        assert e.designations[0].remarks in STATUSES
        assert e.designations[0].listed_on is not None


def test_netanyahu_record(
    parsed: tuple[list[Entity], dict[str, int], str | None, list[str]],
) -> None:
    e = next(x for x in parsed[0] if x.source_id == "netanyahu-benjamin")
    assert e.caption == "Benjamin Netanyahu"
    assert ("בנימין נתניהו", "Hebr") in [(n.full, n.script) for n in e.names]
    assert e.birth_dates[0].value == "1949-10-21" and e.nationalities == ["IL"]
    d = e.designations[0]
    assert (d.programme, d.listed_on, d.reference, d.remarks) == (
        "ICC-WARRANT",
        "2024-11-21",
        "ICC-01/18",
        "at_large",
    )
    assert e.properties["icc_situation"] == ["State of Palestine (ICC-01/18)"]


def test_native_script_aliases_carry_their_script(
    parsed: tuple[list[Entity], dict[str, int], str | None, list[str]],
) -> None:
    scripts = {n.script for e in parsed[0] for n in e.names if n.script}
    assert scripts == {"Cyrl", "Hebr", "Arab"}
    putin = next(x for x in parsed[0] if x.source_id == "putin-vladimir")
    assert any(n.script == "Cyrl" and n.full.startswith("Владимир") for n in putin.names)


def test_circa_birth_dates_are_kept(
    parsed: tuple[list[Entity], dict[str, int], str | None, list[str]],
) -> None:
    kony = next(x for x in parsed[0] if x.source_id == "kony-joseph")
    assert kony.birth_dates[0].value == "1961" and kony.birth_dates[0].circa


HEADER = "format: proscribe-icc-warrants/1\npublished: 2026-01-01\nsituations:\n  ICC-01/18: {name: State of Palestine}\n"
PERSON = "---\nid: x\nname: Test Person\nsituation: ICC-01/18\nkind: arrest_warrant\nissued: 2024-11-21\nstatus: at_large\n"


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        (PERSON + "colour: blue\n", "unknown field(s) colour", 6),
        (PERSON.replace("at_large", "hiding"), "status 'hiding'", 6),
        (PERSON + "aliases: [בנימין]\n", "give it as {name, script}", 6),
        (PERSON + "aliases: [{name: Путин, script: Arab}]\n", "declared 'Arab'", 6),
        (PERSON.replace("issued: 2024-11-21", "issued: 21/11/2024"), "not an ISO date", 6),
        (PERSON.replace("ICC-01/18", "ICC-99/99"), "not declared", 6),
        (PERSON + "nationality: [Atlantis]\n", "nationality 'Atlantis'", 6),
        (PERSON + PERSON, "already used at line 6", 13),
        (PERSON + "aliases: [unclosed\n", "not valid YAML", None),
    ],
)
def test_bad_records_name_the_line(
    tmp_path: Path, body: str, message: str, line: int | None
) -> None:
    path = tmp_path / "warrants.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(ListError) as err:
        list(open_list(path).entities())
    assert message in str(err.value) and str(path) in str(err.value)
    if line is not None:
        assert err.value.line == line


def test_a_header_without_the_format_tag_is_not_this_format(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("title: something else\n" + PERSON, encoding="utf-8")
    with pytest.raises(ListError, match="unknown list format"):
        open_list(path)


# ---------------------------------------------------------------- comparison with the reference tables


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_states_parties_agree_with_the_reference_table(shared_data: Path) -> None:
    ref = {r["iso2"]: r for r in _rows(shared_data / "reference" / "icc" / "states_parties.csv")}
    ours = states_parties()
    assert set(ref) == set(ours)
    differences = []
    for code, state in sorted(ours.items()):
        r = ref[code]
        pairs = {
            "ratified_or_acceded": (state.joined.isoformat(), r["ratified_or_acceded"]),
            "entry_into_force": (state.in_force.isoformat(), r["entry_into_force"]),
            "withdrawal_effective": (
                state.withdrawal_effective.isoformat() if state.withdrawal_effective else "",
                r["withdrawal_effective"],
            ),
        }
        # A notification withdrawn before it took effect is recorded here, not in the reference.
        if state.withdrawal_revoked is None:
            pairs["withdrawal_notified"] = (
                state.withdrawal_notified.isoformat() if state.withdrawal_notified else "",
                r["withdrawal_notified"],
            )
        differences += [
            f"{code} {field}: ours {a!r}, reference {b!r}"
            for field, (a, b) in pairs.items()
            if a != b
        ]
    print("\n".join(differences) or "states parties: no difference")
    assert differences == []


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return re.sub(
        r"[^a-z0-9]+", " ", "".join(c for c in t if not unicodedata.combining(c)).lower()
    ).strip()


def test_warrants_agree_with_the_reference_table(
    shared_data: Path, parsed: tuple[list[Entity], dict[str, int], str | None, list[str]]
) -> None:
    entities = parsed[0]
    index: dict[str, set[str]] = {}
    for e in entities:
        for n in e.names:
            if _key(n.full):
                index.setdefault(_key(n.full), set()).add(e.source_id)
    by_id = {e.source_id: e for e in entities}
    must_agree: list[str] = []
    for_review: list[str] = []
    matched: set[str] = set()
    for r in _rows(shared_data / "reference" / "icc" / "arrest_warrants.csv"):
        names = [r["person_name"], *[a for a in r["aliases"].split(";") if a]]
        ids = set().union(*(index.get(_key(n), set()) for n in names if _key(n)))
        if len(ids) != 1:
            must_agree.append(
                f"{r['person_name']}: {'missing' if not ids else 'ambiguous ' + str(sorted(ids))}"
            )
            continue
        e = by_id[ids.pop()]
        matched.add(e.source_id)
        props = e.properties
        for field, ours, theirs in (
            ("status", props["warrant_status"][0], r["warrant_status"]),
            ("issued", props.get("warrant_issued", [""])[0], r["warrant_issued"]),
            ("nationality", ",".join(e.nationalities), r["nationality_iso2"]),
        ):
            if ours != theirs:
                must_agree.append(
                    f"{r['person_name']} {field}: ours {ours!r}, reference {theirs!r}"
                )
        ours_birth = e.birth_dates[0].value if e.birth_dates else ""
        if ours_birth and r["birth_date"] and ours_birth[:4] != r["birth_date"][:4]:
            must_agree.append(
                f"{r['person_name']} birth year: ours {ours_birth!r}, reference {r['birth_date']!r}"
            )
        elif ours_birth != r["birth_date"]:
            for_review.append(
                f"{r['person_name']} birth date: ours {ours_birth!r}, reference {r['birth_date']!r}"
            )
        ours_date = props.get("warrant_status_date", [""])[0]
        if ours_date != r["status_date"]:
            for_review.append(
                f"{r['person_name']} status date: ours {ours_date!r}, reference {r['status_date']!r}"
            )
    only_ours = sorted(set(by_id) - matched)
    print("\n".join(["for review:", *for_review, f"only in ours: {only_ours}"]))
    assert must_agree == []
    # Ours adds summonses and closed cases the reference leaves out; none of them is at large.
    assert all(by_id[i].properties["warrant_status"] != ["at_large"] for i in only_ours)
    assert date.fromisoformat(parsed[2] or "") >= date(2026, 1, 1)
