"""An assessment as text for `proscribe check`, and as plain data for JSON and batch output.

The text leads with what the screening party must do, then what is in
force but concerns another activity, then what does not bind it, and always
ends with the decision-support disclaimer.
"""

from __future__ import annotations

from typing import Any

from proscribe.measures.model import Action, AppliedMeasure, Assessment, Exposure, OwnershipFinding
from proscribe.measures.obligations import DISCLAIMER

_MEASURE_WORDS = {
    "asset_freeze": "asset freeze / blocking",
    "entry_ban": "entry ban",
    "travel_ban": "travel ban",
    "arrest_warrant": "arrest warrant",
    "arms_embargo": "arms embargo",
    "investment_ban": "investment ban",
    "trade_restriction": "trade restriction",
    "financial_restriction": "financial restriction",
    "sectoral_restriction": "sectoral restriction",
    "export_control": "export control",
    "procurement_ban": "procurement ban",
    "director_disqualification": "director disqualification",
    "transport_restriction": "transport restriction",
}


def measure_words(measure_type: str) -> str:
    return _MEASURE_WORDS.get(measure_type, measure_type.replace("_", " "))


def _action_line(action: Action) -> str:
    text = action.text
    if action.notify and action.kind in ("report", "notify"):
        text += f" — to {action.notify}"
    elif action.notify:
        text += f" — authority: {action.notify}"
    if action.within_business_days is not None:
        text += f", within {action.within_business_days} business days"
        if action.due is not None:
            text += f" (by {action.due.isoformat()})"
    elif action.within:
        text += f", {action.within}"
    if action.keep_years is not None:
        text += f" ({action.keep_years} years)"
    if action.basis:
        text += f" [{action.basis}]"
    return f"      → {action.kind.replace('_', ' ')}: {text}"


def _measure_lines(measure: AppliedMeasure, *, with_actions: bool) -> list[str]:
    head = f"  • {measure_words(measure.type)} — {measure.authority} {measure.programme or ''}".rstrip()
    if measure.reach == "family_members":
        head += " (reaches family members)"
    elif measure.reach == "ownership":
        head += " (by ownership)"
    lines = [head, f"      basis: {measure.basis or measure.legal_basis}"]
    if measure.via:
        lines.append(f"      via: {measure.via}")
    if measure.note:
        lines.append(f"      note: {measure.note}")
    if with_actions:
        lines.extend(_action_line(a) for a in measure.actions)
    return lines


def format_assessment(assessment: Assessment) -> str:
    """The assessment as the lines `proscribe check` prints."""
    p = assessment.perspective
    lines = [
        f"{assessment.caption} ({assessment.entity_id}) — screened as {p.jurisdiction}, activity {p.activity}, on {p.on.isoformat()}"
    ]
    if assessment.measures:
        lines.append("Measures that bind you, and what to do:")
        for m in assessment.measures:
            lines.extend(_measure_lines(m, with_actions=True))
    else:
        lines.append("No measure binds you for this activity.")
    if assessment.other_measures:
        lines.append(f"Also in force for you, but not for {p.activity}:")
        for m in assessment.other_measures:
            lines.extend(_measure_lines(m, with_actions=False))
    if assessment.exposures:
        lines.append("Exposures (not binding on you):")
        for e in assessment.exposures:
            measures = ", ".join(measure_words(t) for t in e.measures) or "no measure"
            lines.append(
                f"  • {e.label}: {e.authority} {e.programme or ''} ({measures}) — {e.reason}"
            )
    for note in assessment.notes:
        lines.append(f"Note: {note}")
    lines.append(DISCLAIMER)
    return "\n".join(lines)


def _action_dict(action: Action) -> dict[str, Any]:
    return {
        "kind": action.kind,
        "text": action.text,
        "authority": action.authority,
        "programme": action.programme,
        "basis": action.basis,
        "notify": action.notify,
        "within_business_days": action.within_business_days,
        "within": action.within,
        "due": action.due.isoformat() if action.due else None,
        "keep_years": action.keep_years,
    }


def _measure_dict(measure: AppliedMeasure) -> dict[str, Any]:
    return {
        "type": measure.type,
        "authority": measure.authority,
        "jurisdiction": measure.jurisdiction,
        "programme": measure.programme,
        "legal_basis": measure.legal_basis,
        "basis": measure.basis,
        "reach": measure.reach,
        "via": measure.via,
        "note": measure.note,
        "actions": [_action_dict(a) for a in measure.actions],
    }


def _exposure_dict(exposure: Exposure) -> dict[str, Any]:
    return {
        "label": exposure.label,
        "authority": exposure.authority,
        "jurisdiction": exposure.jurisdiction,
        "programme": exposure.programme,
        "measures": list(exposure.measures),
        "reason": exposure.reason,
        "legal_basis": exposure.legal_basis,
    }


def _finding_dict(finding: OwnershipFinding) -> dict[str, Any]:
    return {
        "entity_id": finding.entity_id,
        "share": finding.share,
        "status": finding.status,
        "truncated": finding.truncated,
        "paths": [
            {
                "steps": [
                    {"owner": s.owner_id, "owned": s.owned_id, "share": s.share} for s in path.steps
                ],
                "effective_share": path.effective_share,
            }
            for path in finding.paths
        ],
    }


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """Plain JSON-able data for the API and batch output (dates as ISO text)."""
    p = assessment.perspective
    return {
        "entity_id": assessment.entity_id,
        "caption": assessment.caption,
        "perspective": {
            "jurisdiction": p.jurisdiction,
            "activity": p.activity,
            "on": p.on.isoformat(),
        },
        "binding": assessment.binding,
        "measures": [_measure_dict(m) for m in assessment.measures],
        "other_measures": [_measure_dict(m) for m in assessment.other_measures],
        "actions": [_action_dict(a) for a in assessment.actions],
        "exposures": [_exposure_dict(e) for e in assessment.exposures],
        "ownership": [_finding_dict(f) for f in assessment.ownership],
        "notes": list(assessment.notes),
        "disclaimer": DISCLAIMER,
    }
