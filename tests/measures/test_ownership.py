"""The ownership rules on graphs written out by hand, including the cases the fixtures do not cover."""

from __future__ import annotations

import pytest

from proscribe.measures.model import OwnershipRule
from proscribe.measures.ownership import OFAC_50_PERCENT, OwnershipGraph, blocked_by_ownership

EU_RULE = OwnershipRule(threshold=50, inclusive=False, aggregate=False, basis="EU best practices")


def _graph() -> OwnershipGraph:
    return OwnershipGraph.from_edges(
        [
            ("A", "C", 30),
            ("B", "C", 25),  # aggregate 55%
            ("A", "D", 49),  # below
            ("A", "E", 60),
            ("E", "F", 50),  # through a blocked intermediary
            ("A", "G", 40),
            ("G", "H", 100),  # through an unblocked intermediary
        ]
    )


def test_ofac_rule_on_the_issue_example() -> None:
    found = blocked_by_ownership(_graph(), {"A", "B"})
    assert sorted(found) == ["C", "E", "F"]
    assert found["C"].share == 55 and {p.origin for p in found["C"].paths} == {"A", "B"}
    assert [[(s.owner_id, s.owned_id) for s in p.steps] for p in found["F"].paths] == [
        [("A", "E"), ("E", "F")]
    ]
    assert found["F"].share == 50 and found["F"].paths[0].effective_share == 30


def test_exactly_fifty_counts_for_ofac_not_for_the_eu() -> None:
    graph = OwnershipGraph.from_edges([("A", "X", 50)])
    assert "X" in blocked_by_ownership(graph, {"A"})
    assert blocked_by_ownership(graph, {"A"}, rule=EU_RULE) == {}


def test_eu_rule_does_not_aggregate_different_owners() -> None:
    found = blocked_by_ownership(_graph(), {"A", "B"}, rule=EU_RULE)
    assert "C" not in found and "E" in found and "F" not in found  # E->F is 50%, not more


def test_aggregation_mixes_direct_and_indirect_holdings() -> None:
    # A holds 25% of X directly and, through E (60% A, blocked), another 25%.
    graph = OwnershipGraph.from_edges([("A", "E", 60), ("A", "X", 25), ("E", "X", 25)])
    found = blocked_by_ownership(graph, {"A"})
    assert found["X"].share == 50
    assert sorted(len(p.steps) for p in found["X"].paths) == [1, 2]


def test_cycles_terminate() -> None:
    graph = OwnershipGraph.from_edges([("A", "X", 60), ("X", "Y", 70), ("Y", "X", 30)])
    found = blocked_by_ownership(graph, {"A"})
    assert set(found) == {"X", "Y"}


def test_unknown_share_is_possible_and_larger_share_wins() -> None:
    graph = OwnershipGraph.from_edges([("A", "X", None), ("A", "Y", 20), ("A", "Y", 55)])
    found = blocked_by_ownership(graph, {"A"})
    assert found["X"].status == "possible" and found["X"].paths[0].steps[0].share is None
    assert found["Y"].status == "blocked" and found["Y"].share == 55


def test_paths_are_capped() -> None:
    edges = [(f"O{i}", "X", 1.0) for i in range(60)]
    found = blocked_by_ownership(
        OwnershipGraph.from_edges(edges), {f"O{i}" for i in range(60)}, max_paths=10
    )
    assert found["X"].share == 60 and len(found["X"].paths) == 10 and found["X"].truncated


def test_shares_must_be_percentages() -> None:
    with pytest.raises(ValueError, match="not a percentage"):
        OwnershipGraph.from_edges([("A", "X", 150)])


def test_listed_parties_are_not_findings() -> None:
    graph = OwnershipGraph.from_edges([("A", "B", 100)])
    assert blocked_by_ownership(graph, {"A", "B"}, rule=OFAC_50_PERCENT) == {}
