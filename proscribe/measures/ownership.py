"""Ownership rules: which entities are frozen because designated parties own them.

OFAC's 50 Percent Rule (Revised Guidance, 13 August 2014): an entity owned
50% or more, directly or indirectly, individually or in the aggregate, by
one or more blocked persons is itself blocked, although it is on no list.
"Indirectly" works through blocked intermediaries: an entity blocked by the
rule counts as a blocked owner of what it owns, with its full direct share.
So if A (blocked) owns 60% of E and E owns 50% of F, E is blocked and so
is F, though A's "look-through" share of F is only 30%. Shares are not
multiplied along a chain, and holdings through an entity that is *not*
blocked do not count (A owning 40% of G, which owns all of H, blocks
neither). `OwnershipPath.effective_share` shows the multiplied share for
information only.

The same machinery serves the EU and UK rules with their own parameters
(more than 50%, no aggregation of different owners), see `OwnershipRule`.

Limits, stated so that nobody mistakes the result for a full analysis:
control without ownership (board control, voting agreements, nominee
arrangements) is not modelled; a holding with no stated share is reported
as "possible" when it could reach the threshold, never as blocked; where
two sources state different shares for the same holding the larger is
used; at most `max_paths` paths are kept per entity.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from proscribe.measures.model import OwnershipFinding, OwnershipPath, OwnershipRule, OwnershipStep

OFAC_50_PERCENT = OwnershipRule(
    threshold=50.0,
    inclusive=True,
    aggregate=True,
    basis="OFAC Revised Guidance on Entities Owned by Persons Whose Property and Interests in Property Are Blocked (13 August 2014)",
)


@dataclass(slots=True)
class OwnershipGraph:
    """Who owns what share of whom: owned id -> {owner id: share in percent, or None if unstated}."""

    owners_of: dict[str, dict[str, float | None]] = field(default_factory=dict)
    holdings_of: dict[str, set[str]] = field(default_factory=dict)

    def add(self, owner: str, owned: str, share: float | None) -> None:
        """Record a holding; the larger share wins when two sources disagree."""
        if owner == owned:
            return
        if share is not None and not 0 <= share <= 100:
            raise ValueError(f"ownership share {share} of {owner} in {owned} is not a percentage")
        owners = self.owners_of.setdefault(owned, {})
        current = owners.get(owner)
        if owner not in owners or (share is not None and (current is None or share > current)):
            owners[owner] = share
        self.holdings_of.setdefault(owner, set()).add(owned)

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[str, str, float | None]]) -> OwnershipGraph:
        graph = cls()
        for owner, owned, share in edges:
            graph.add(owner, owned, share)
        return graph

    def __len__(self) -> int:
        return sum(len(v) for v in self.owners_of.values())


def _meets(total: float, rule: OwnershipRule) -> bool:
    return total >= rule.threshold if rule.inclusive else total > rule.threshold


def blocked_by_ownership(
    graph: OwnershipGraph,
    blocked_ids: Iterable[str],
    *,
    rule: OwnershipRule = OFAC_50_PERCENT,
    max_paths: int = 50,
) -> dict[str, OwnershipFinding]:
    """Entities reached by the ownership rule, with the share and every path from a designated owner.

    `blocked_ids` are the designated (listed) parties. The result holds the
    entities blocked by the rule (status "blocked") and those whose
    unstated holdings could reach the threshold (status "possible"); listed
    parties themselves are not in it.
    """
    listed = set(blocked_ids)
    blocked = set(listed)
    findings: dict[str, OwnershipFinding] = {}
    queue: deque[str] = deque(sorted(o for b in listed for o in graph.holdings_of.get(b, ())))
    while queue:
        owned = queue.popleft()
        if owned in blocked:
            continue
        holders = {
            o: s
            for o, s in graph.owners_of.get(owned, {}).items()
            if o in blocked and s is not None
        }
        if not holders:
            continue
        total = sum(holders.values()) if rule.aggregate else max(holders.values())
        if not _meets(total, rule):
            continue
        blocked.add(owned)
        counted = holders if rule.aggregate else {o: s for o, s in holders.items() if s == total}
        paths, truncated = _paths(owned, counted, listed, findings, max_paths)
        findings[owned] = OwnershipFinding(owned, total, paths, "blocked", truncated)
        queue.extend(sorted(graph.holdings_of.get(owned, ())))
    for owned, owners in graph.owners_of.items():
        if owned in blocked:
            continue
        unknown = [o for o, s in owners.items() if o in blocked and s is None]
        if not unknown:
            continue
        known = {o: s for o, s in owners.items() if o in blocked and s is not None}
        share = sum(known.values()) if rule.aggregate else max(known.values(), default=0.0)
        holders_all: dict[str, float | None] = {**known, **dict.fromkeys(unknown)}
        paths, truncated = _paths(owned, holders_all, listed, findings, max_paths)
        findings[owned] = OwnershipFinding(owned, share, paths, "possible", truncated)
    return findings


def _paths(
    owned: str,
    holders: dict[str, float] | dict[str, float | None],
    listed: set[str],
    findings: dict[str, OwnershipFinding],
    max_paths: int,
) -> tuple[list[OwnershipPath], bool]:
    out: list[OwnershipPath] = []
    truncated = False
    for holder in sorted(holders):
        step = OwnershipStep(holder, owned, holders[holder])
        if holder in listed:
            prefixes: list[tuple[OwnershipStep, ...]] = [()]
        else:
            prefixes = [p.steps for p in findings[holder].paths]
            truncated = truncated or findings[holder].truncated
        for prefix in prefixes:
            if len(out) >= max_paths:
                return out, True
            out.append(OwnershipPath((*prefix, step)))
    return out, truncated
