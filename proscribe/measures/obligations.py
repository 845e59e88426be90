"""From a hit to what the screening party must do: measures, actions, exposures.

`assess(entity, perspective)` walks the hit's designations: each names a
programme (`programmes.lookup`), whose measures bind the party or not
(`jurisdictions.binding`); binding measures become actions for the
activity, with the legal basis, the authority to notify and a due date
where the deadline is counted in business days. Designations that do not
bind become exposures ("US exposure" for an EU bank), never silence.

With a `RelationContext` it also applies the measures that reach beyond
the designated party: an entry ban that extends to immediate family members
(EO 14203 sec. 4; entry only, never a freeze), and ownership rules (the
OFAC 50 Percent Rule) over the ownership graph.

Decision support, not legal advice: every action cites the act it rests on
so that a compliance officer can check it.
"""

from __future__ import annotations

import re
from datetime import date

from proscribe.measures import icc
from proscribe.measures.deadlines import add_business_days
from proscribe.measures.jurisdictions import Binding, binding, competent_authority, is_eu_member
from proscribe.measures.model import (
    ACTIVITIES,
    MEASURE_ACTIVITIES,
    Action,
    ActionRule,
    Activity,
    AppliedMeasure,
    Assessment,
    Authority,
    Exposure,
    MeasureRule,
    MeasureType,
    OwnershipFinding,
    Perspective,
    Programme,
)
from proscribe.measures.ownership import blocked_by_ownership
from proscribe.measures.programmes import Catalogue, catalogue, normalise_code
from proscribe.measures.relations import RelationContext
from proscribe.model import Designation, Entity

DISCLAIMER = (
    "Decision support, not legal advice: the measures and actions summarise the legal acts "
    "cited; the acts themselves, and your legal or compliance function, decide."
)

_COMPETENT = ("national competent authority", "member-state competent authority")


def assess(
    entity: Entity,
    perspective: Perspective,
    *,
    related: RelationContext | None = None,
    catalogue_: Catalogue | None = None,
) -> Assessment:
    """What a hit on `entity` means for a party screening from `perspective`."""
    cat = catalogue_ or catalogue()
    result = Assessment(entity.id, entity.caption, perspective)
    for designation in entity.designations:
        _designation(result, entity, designation, cat, perspective)
    if related is not None:
        _family_reach(result, entity, related, cat, perspective)
        _ownership(result, entity, related, cat, perspective)
        if not entity.designations:
            _associates(result, entity, related)
    _summarise(result, entity, perspective)
    return result


MAX_ASSOCIATE_NOTES = 5


def _associates(result: Assessment, entity: Entity, related: RelationContext) -> None:
    """Designated associates of an undesignated hit: worth a look, binding on nobody."""
    designated = [a for a in related.associates(entity.id) if a.entity.designations]
    for other in designated[:MAX_ASSOCIATE_NOTES]:
        programmes = ", ".join(
            sorted(
                {f"{d.authority} {d.programme or ''}".strip() for d in other.entity.designations}
            )
        )
        result.notes.append(
            f"Associated with {other.entity.caption} ({other.entity.id}; {programmes})"
            + (f", as {other.role}" if other.role else "")
            + ": no measure extends to associates by itself; consider whether the funds are theirs."
        )
    if len(designated) > MAX_ASSOCIATE_NOTES:
        result.notes.append(
            f"... and {len(designated) - MAX_ASSOCIATE_NOTES} more designated associates."
        )


def _summarise(result: Assessment, entity: Entity, perspective: Perspective) -> None:
    """A closing note for the cases where silence could be misread."""
    if result.measures or result.other_measures:
        return
    if result.exposures:
        where = perspective.jurisdiction
        if where == "EU" or is_eu_member(where, perspective.on):
            scope = "no EU measure (and no UN measure) applies"
        else:
            scope = f"no measure binding on {where} applies"
        labels = ", ".join(sorted({e.label for e in result.exposures}))
        result.notes.append(f"For a party in {where}, {scope}; flagged as {labels}.")
    elif not entity.designations and not result.ownership:
        result.notes.append(
            "The entity carries no designation: no sanctions measure follows from this hit alone."
        )


# ---------------------------------------------------------------- designations


def _designation(
    result: Assessment,
    entity: Entity,
    designation: Designation,
    cat: Catalogue,
    perspective: Perspective,
) -> None:
    authority = cat.authority(designation.authority)
    if authority is None:
        result.notes.append(
            f"Designation by {designation.authority!r} ({designation.programme or 'no programme'}): the authority is not in "
            "the measures catalogue, so its measures are unknown; review the listing manually."
        )
        return
    programme = cat.lookup(designation.authority, designation.programme, source=entity.source)
    if programme is None:
        programme = _unmapped(result, authority, designation)
    if programme.ended is not None and perspective.on > programme.ended:
        result.notes.append(
            f"{authority.code} {programme.code} ended on {programme.ended}: the listing is stale on {perspective.on}"
            + (f". {programme.note}" if programme.note else "")
        )
        return
    if designation.listed_on and designation.listed_on > perspective.on.isoformat():
        result.notes.append(
            f"{authority.code} {programme.code} is dated {designation.listed_on}, after {perspective.on}: "
            "assessed as the list states it, though it was not yet in force on that date."
        )
    if authority.jurisdiction == "ICC":
        _icc(result, entity, designation, authority, programme, perspective)
        return
    bound = binding(authority, perspective)
    rules = _stated_rules(result, authority, programme, designation) or [
        m for m in programme.measures if "designated" in m.reach
    ]
    if bound.binds is False:
        _exposure(result, authority, programme, rules, bound)
        return
    for rule in rules:
        _apply(result, authority, programme, rule, perspective, reach="designated", bound=bound)
    if programme.note:
        result.notes.append(f"{authority.code} {programme.code}: {programme.note}")


def _stated_rules(
    result: Assessment, authority: Authority, programme: Programme, designation: Designation
) -> list[MeasureRule] | None:
    """The measures the listing itself states (FCDO SanctionsImposed), when the authority has such words.

    A regime can impose several measures; the listing says which were
    imposed on this party (a ship under "Prohibition of port entry" only is
    not frozen), so those replace the regime's menu.
    """
    if not authority.stated_measures or not designation.remarks:
        return None
    found: list[MeasureType] = []
    unknown: list[str] = []
    for part in re.split(r"[;|]", designation.remarks):
        words = part.strip()
        if not words:
            continue
        mtype = authority.stated_measures.get(normalise_code(words))
        if mtype is None:
            unknown.append(words)
        elif mtype not in found:
            found.append(mtype)
    if not found:
        return None
    if unknown:
        result.notes.append(
            f"{authority.code} {programme.code}: stated sanction(s) {', '.join(map(repr, unknown))} not in the catalogue; review them."
        )
    menu = {m.type: m for m in programme.measures}
    return [menu.get(t) or MeasureRule(type=t, basis="as stated in the listing") for t in found]


def _unmapped(result: Assessment, authority: Authority, designation: Designation) -> Programme:
    """A stand-in programme with the authority's default measures, flagged for review."""
    what = f"programme {designation.programme!r}" if designation.programme else "no programme"
    result.notes.append(
        f"{authority.code} designation with {what}, which the measures catalogue does not map: "
        f"assuming the authority's default measures ({', '.join(m.type for m in authority.default_measures) or 'none'}); "
        "review the listing."
    )
    return Programme(
        authority=authority.code,
        code=designation.programme or "(not stated)",
        title="unmapped programme",
        legal_basis=designation.legal_basis or f"{authority.name}: legal basis not stated",
        measures=authority.default_measures,
    )


def _exposure(
    result: Assessment,
    authority: Authority,
    programme: Programme,
    rules: list[MeasureRule],
    bound: Binding,
) -> None:
    reason = bound.reason
    if programme.secondary_sanctions:
        reason += f". Secondary sanctions risk: {programme.secondary_sanctions}"
    result.exposures.append(
        Exposure(
            label=authority.exposure_label,
            authority=authority.code,
            jurisdiction=authority.jurisdiction,
            programme=programme.code,
            measures=[m.type for m in rules],
            reason=reason,
            legal_basis=programme.legal_basis,
        )
    )


def _icc(
    result: Assessment,
    entity: Entity,
    designation: Designation,
    authority: Authority,
    programme: Programme,
    perspective: Perspective,
) -> None:
    status = icc.warrant_status(designation) or "unknown"
    bound = binding(authority, perspective)
    rules = list(programme.measures)
    if not rules:
        result.notes.append(
            f"ICC {programme.code}: {programme.note or 'no measure'} (status {status})."
        )
        return

    def informational(reason: str) -> None:
        result.exposures.append(
            Exposure(
                label="ICC warrant: informational",
                authority=authority.code,
                jurisdiction="ICC",
                programme=programme.code,
                measures=[m.type for m in rules],
                reason=reason,
                legal_basis=programme.legal_basis,
            )
        )

    if status not in icc.ACTIVE_STATUSES:
        informational(f"warrant status {status.replace('_', ' ')}: no duty to arrest")
        return
    if bound.binds is False:
        informational(
            f"{bound.reason}: the Rome Statute creates no obligation for {perspective.jurisdiction}"
        )
        return
    for rule in rules:
        _apply(
            result,
            authority,
            programme,
            rule,
            perspective,
            reach="designated",
            bound=bound,
            reference=designation.reference,
        )


# ---------------------------------------------------------------- applying a measure


def _apply(
    result: Assessment,
    authority: Authority,
    programme: Programme,
    rule: MeasureRule,
    perspective: Perspective,
    *,
    reach: str,
    bound: Binding,
    via: str | None = None,
    reference: str | None = None,
) -> AppliedMeasure:
    concerns = perspective.activity in MEASURE_ACTIVITIES[rule.type]
    actions = _actions(authority, programme, rule, perspective) if concerns else []
    if bound.binds is None:
        actions.insert(
            0,
            Action(
                kind="review",
                text=f"Verify whether the measure binds you: {bound.reason}",
                authority=authority.code,
                programme=programme.code,
            ),
        )
    note = rule.note
    if reference:
        note = f"{note} Reference: {reference}." if note else f"Reference: {reference}."
    applied = AppliedMeasure(
        type=rule.type,
        authority=authority.code,
        jurisdiction=authority.jurisdiction,
        programme=programme.code,
        legal_basis=programme.legal_basis,
        basis=rule.basis,
        reach=reach,  # type: ignore[arg-type]
        actions=actions,
        via=via,
        note=note,
    )
    (result.measures if concerns else result.other_measures).append(applied)
    return applied


def _rules_for(
    authority: Authority, rule: MeasureRule, activity: Activity
) -> tuple[ActionRule, ...]:
    own = rule.actions.get(activity)
    if own is not None:
        return own
    defaults = authority.actions.get(rule.type, {})
    if activity in defaults:
        return defaults[activity]
    if activity == "general":
        merged: list[ActionRule] = []
        for act in ACTIVITIES:
            for r in rule.actions.get(act) or defaults.get(act, ()):
                if r not in merged and r.kind != "no_action":
                    merged.append(r)
        return tuple(merged)
    return defaults.get("general", ())


def _actions(
    authority: Authority, programme: Programme, rule: MeasureRule, perspective: Perspective
) -> list[Action]:
    out: list[Action] = []
    calendar = "US" if authority.jurisdiction == "US" else "weekdays"
    for r in _rules_for(authority, rule, perspective.activity):
        if not r.in_force(perspective.on):
            continue
        due: date | None = None
        if r.within_business_days is not None:
            due = add_business_days(perspective.on, r.within_business_days, calendar)
        out.append(
            Action(
                kind=r.kind,
                text=r.text,
                authority=authority.code,
                programme=programme.code,
                basis=r.basis,
                notify=_notify(r.notify, perspective.jurisdiction),
                within_business_days=r.within_business_days,
                within=r.within,
                due=due,
                keep_years=r.keep_years,
            )
        )
    return out


def _notify(who: str | None, jurisdiction: str) -> str | None:
    if who is None:
        return None
    if any(who.startswith(c) for c in _COMPETENT):
        named = competent_authority(jurisdiction)
        if named:
            return f"{who} ({jurisdiction}: {named})"
    return who


# ---------------------------------------------------------------- beyond the designated party


def _family_reach(
    result: Assessment,
    entity: Entity,
    related: RelationContext,
    cat: Catalogue,
    perspective: Perspective,
) -> None:
    for relative in related.relatives(entity.id):
        for designation in relative.entity.designations:
            authority = cat.authority(designation.authority)
            programme = cat.lookup(
                designation.authority, designation.programme, source=relative.entity.source
            )
            if authority is None or programme is None:
                continue
            if programme.ended is not None and perspective.on > programme.ended:
                continue
            family_rules = [m for m in programme.measures if "family_members" in m.reach]
            via = f"{relative.role or 'family member'} of {relative.entity.caption} ({relative.entity.id}), designated under {authority.code} {programme.code}"
            if not family_rules:
                result.notes.append(
                    f"Relative ({relative.role or 'family'}) of {relative.entity.caption}, designated under {authority.code} "
                    f"{programme.code}: the programme's measures do not extend to family members."
                )
                continue
            bound = binding(authority, perspective)
            if bound.binds is False:
                exposure = Exposure(
                    label=authority.exposure_label,
                    authority=authority.code,
                    jurisdiction=authority.jurisdiction,
                    programme=programme.code,
                    measures=[m.type for m in family_rules],
                    reason=f"{via}; the family reach binds {authority.jurisdiction} only: {bound.reason}",
                    legal_basis=programme.legal_basis,
                )
                result.exposures.append(exposure)
                continue
            for rule in family_rules:
                applied = _apply(
                    result,
                    authority,
                    programme,
                    rule,
                    perspective,
                    reach="family_members",
                    bound=bound,
                    via=via,
                )
                if any(m is applied for m in result.other_measures):
                    result.notes.append(
                        f"{via}: {rule.type.replace('_', ' ')} reaches family members, which does not concern "
                        f"{perspective.activity}; no freeze applies to the relative."
                    )


def _ownership(
    result: Assessment,
    entity: Entity,
    related: RelationContext,
    cat: Catalogue,
    perspective: Perspective,
) -> None:
    if len(related.ownership) == 0:
        return
    for authority in cat.authorities.values():
        if authority.ownership is None:
            continue
        listed = {
            e.id: [
                d for d in e.designations if _freezes(cat, authority, d, e.source, perspective.on)
            ]
            for e in related.entities()
        }
        listed = {k: v for k, v in listed.items() if v}
        if not listed or entity.id in listed:
            continue
        findings = blocked_by_ownership(related.ownership, listed, rule=authority.ownership)
        finding = findings.get(entity.id)
        if finding is None:
            continue
        result.ownership.append(finding)
        _apply_ownership(result, authority, finding, listed, related, perspective)


def _freezes(
    cat: Catalogue, authority: Authority, designation: Designation, source: str, on: date
) -> bool:
    if cat.resolve_authority(designation.authority) != authority.code:
        return False
    programme = cat.lookup(designation.authority, designation.programme, source=source)
    if programme is None or (programme.ended is not None and on > programme.ended):
        return False
    return any(m.type == "asset_freeze" for m in programme.measures)


def describe_finding(finding: OwnershipFinding, related: RelationContext) -> str:
    """The paths of an ownership finding in words: "A -30%-> C; B -25%-> C (aggregate 55%)"."""

    def name(entity_id: str) -> str:
        e = related.get(entity_id)
        return e.caption if e is not None else entity_id

    parts = []
    for path in finding.paths:
        chain = name(path.origin)
        for step in path.steps:
            share = "?" if step.share is None else f"{step.share:g}%"
            chain += f" -{share}-> {name(step.owned_id)}"
        eff = path.effective_share
        if len(path.steps) > 1 and eff is not None:
            chain += f" (look-through {eff:g}%)"
        parts.append(chain)
    text = "; ".join(parts)
    return f"{text} (aggregate {finding.share:g}%)" if len(finding.paths) > 1 else text


def _apply_ownership(
    result: Assessment,
    authority: Authority,
    finding: OwnershipFinding,
    listed: dict[str, list[Designation]],
    related: RelationContext,
    perspective: Perspective,
) -> None:
    assert authority.ownership is not None
    origins = sorted({p.origin for p in finding.paths})
    codes = sorted({d.programme or "" for o in origins for d in listed.get(o, [])})
    paths = describe_finding(finding, related)
    rule = MeasureRule(type="asset_freeze", reach=("designated",), basis=authority.ownership.basis)
    programme = Programme(
        authority=authority.code,
        code=", ".join(c for c in codes if c) or "ownership",
        title=f"{authority.code} ownership rule",
        legal_basis=authority.ownership.basis,
        measures=(rule,),
    )
    bound = binding(authority, perspective)
    if finding.status == "possible":
        result.notes.append(
            f"Possibly blocked under the {authority.code} ownership rule: holdings by designated owners of unstated share ({paths}); establish the shares."
        )
        return
    if bound.binds is False:
        result.exposures.append(
            Exposure(
                label=authority.exposure_label,
                authority=authority.code,
                jurisdiction=authority.jurisdiction,
                programme=programme.code,
                measures=["asset_freeze"],
                reason=f"owned {finding.share:g}% by parties {authority.code} blocks ({paths}), so blocked by operation of its ownership rule; {bound.reason}",
                legal_basis=authority.ownership.basis,
            )
        )
        return
    _apply(
        result, authority, programme, rule, perspective, reach="ownership", bound=bound, via=paths
    )
