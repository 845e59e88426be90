"""Cross-script and spelling-variant behaviour on the real lists and the eval bundle.

Each list's original-script names are compared with the same party's Latin
names: the phonetic keys of the romanised original must cover at least half
of its (non-particle) tokens in one of the Latin names. That is the
property the candidate index and scorer build cross-script recall on.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from proscribe.sources.registry import open_list
from proscribe.text.names import NameForm, analyse_name, is_particle


def _forms(form: NameForm) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(form.tokens, form.keys), *zip(form.variants, form.variant_keys, strict=True)]


def key_coverage(query: NameForm, listed: NameForm) -> float:
    """Best share of the query's name keys found among one listed name's keys."""
    best = 0.0
    for tokens, keys in _forms(query):
        wanted = [k for t, k in zip(tokens, keys, strict=True) if not is_particle(t)]
        if not wanted:
            continue
        for other_tokens, other_keys in _forms(listed):
            available = Counter(
                k for t, k in zip(other_tokens, other_keys, strict=True) if not is_particle(t)
            )
            hits = 0
            for key in wanted:
                if available[key] > 0:
                    available[key] -= 1
                    hits += 1
            best = max(best, hits / len(wanted))
    return best


def original_script_coverage(path: Path) -> dict[str, list[bool]]:
    """Per script, whether each original-script name is covered by a Latin name of its party."""
    found: dict[str, list[bool]] = defaultdict(list)
    for entity in open_list(path).entities():
        latin = [
            analyse_name(n.full, entity.schema) for n in entity.names if n.script in (None, "Latn")
        ]
        for name in entity.names:
            if name.script in (None, "Latn"):
                continue
            form = analyse_name(name.full, entity.schema)
            found[form.script or "none"].append(
                any(key_coverage(form, other) >= 0.5 for other in latin)
            )
    return found


def test_un_original_script_names(lists_dir: Path) -> None:
    found = original_script_coverage(lists_dir / "un" / "consolidated_2026-02-27.xml")
    arabic, cyrillic = found["Arab"], found["Cyrl"]
    assert len(arabic) >= 350 and len(cyrillic) >= 10
    # The misses are organisations whose Arabic name is a translation
    # (الجماعة الاسلامية المقاتلة الليبية = Libyan Islamic Fighting Group).
    assert sum(arabic) / len(arabic) >= 0.94
    assert sum(cyrillic) / len(cyrillic) >= 0.9


def test_au_original_script_names(lists_dir: Path) -> None:
    found = original_script_coverage(lists_dir / "au" / "dfat_consolidated_2024-11-11.csv")
    arabic, cyrillic = found["Arab"], found["Cyrl"]
    assert len(arabic) >= 400 and len(cyrillic) >= 40
    assert sum(arabic) / len(arabic) >= 0.94
    assert sum(cyrillic) / len(cyrillic) >= 0.9


@pytest.fixture(scope="module")
def bundle(shared_data: Path) -> dict[str, object]:
    base = shared_data / "eval" / "public"
    names: dict[tuple[str, str], list[NameForm]] = defaultdict(list)
    for path in (
        base / "lists" / "un" / "consolidated_2026-02-27.xml",
        base / "lists" / "au" / "dfat_consolidated_2024-11-11.csv",
    ):
        for entity in open_list(path).entities():
            for name in entity.names:
                names[(entity.source, entity.source_id)].append(
                    analyse_name(name.full, entity.schema)
                )
    with (base / "queries.csv").open(encoding="utf-8") as handle:
        queries = {row["id"]: row for row in csv.DictReader(handle)}
    truth: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with (base / "truth.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["source"]:
                truth[row["query_id"]].append((row["source"], row["source_id"]))
    with (base / "query_details.csv").open(encoding="utf-8") as handle:
        details = {row["query_id"]: row["detail"] for row in csv.DictReader(handle)}
    return {"names": names, "queries": queries, "truth": truth, "details": details}


def test_eval_holdout_script_queries_reach_their_party(bundle: dict[str, object]) -> None:
    names: dict[tuple[str, str], list[NameForm]] = bundle["names"]  # type: ignore[assignment]
    queries: dict[str, dict[str, str]] = bundle["queries"]  # type: ignore[assignment]
    truth: dict[str, list[tuple[str, str]]] = bundle["truth"]  # type: ignore[assignment]
    covered = []
    for qid, row in queries.items():
        if row["category"] != "holdout_script":
            continue
        query = analyse_name(row["name"], row["schema"])
        covered.append(
            any(
                key_coverage(query, listed) >= 0.5
                for party in truth[qid]
                for listed in names[party]
            )
        )
    assert len(covered) == 300
    assert sum(covered) / len(covered) >= 0.95


def test_eval_perturbations_of_spelling_resolve_to_the_listed_name(
    bundle: dict[str, object],
) -> None:
    """Titles, legal forms, comma order, hyphens/particles and accents: same tokens as the base."""
    queries: dict[str, dict[str, str]] = bundle["queries"]  # type: ignore[assignment]
    details: dict[str, str] = bundle["details"]  # type: ignore[assignment]
    kinds = {"honorific", "legal_form", "surname_first_comma", "hyphen_space", "diacritics"}
    checked: Counter[str] = Counter()
    failures = []
    for qid, detail in details.items():
        match = re.search(r"perturbation=(\w+)\S* base=(.*)$", detail)
        if not match or match.group(1) not in kinds:
            continue
        row = queries[qid]
        query = analyse_name(row["name"], row["schema"])
        base = analyse_name(match.group(2), row["schema"])
        checked[match.group(1)] += 1
        query_forms = {query.tokens, *query.variants}
        base_forms = {base.tokens, *base.variants}
        joined = {"".join(f) for f in query_forms} & {"".join(f) for f in base_forms}
        if not (query_forms & base_forms or joined):
            failures.append((row["name"], match.group(2)))
    assert sum(checked.values()) >= 370 and set(checked) == kinds
    assert failures == []
