"""Explanations an analyst can read and defend: structured JSON and one line.

Every result says which query name met which list name (and whether that
list name is a primary name or a weak alias), which words were paired and
how alike they were, which words were left over on either side, and what the
birth date, country, identifier, gender and schema comparisons concluded,
each with the weight it added to or took from the score.
"""

from __future__ import annotations

from typing import Any

from proscribe.match.align import Alignment
from proscribe.match.evidence import Verdict
from proscribe.match.score import NameEvidence, PairScore, Scored


def _words(words: tuple[str, ...], positions: tuple[int, ...]) -> str:
    return " ".join(words[i] for i in positions if i < len(words))


def alignment_json(
    alignment: Alignment, qwords: tuple[str, ...], cwords: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "pairs": [
            {
                "query": _words(qwords, p.query),
                "candidate": _words(cwords, p.candidate),
                "similarity": round(p.similarity, 3),
            }
            for p in alignment.pairs
        ],
        "query_unmatched": [qwords[i] for i in alignment.query_extra if i < len(qwords)],
        "candidate_unmatched": [cwords[i] for i in alignment.candidate_extra if i < len(cwords)],
    }


def alignment_text(alignment: Alignment, qwords: tuple[str, ...], cwords: tuple[str, ...]) -> str:
    parts = []
    for p in alignment.pairs:
        q, c = _words(qwords, p.query), _words(cwords, p.candidate)
        parts.append(f"{q}={c}" if p.similarity >= 0.999 else f"{q}~{c} {p.similarity:.2f}")
    parts += [f"-{qwords[i]}" for i in alignment.query_extra if i < len(qwords)]
    parts += [f"+{cwords[i]}" for i in alignment.candidate_extra if i < len(cwords)]
    return ", ".join(parts)


def name_json(name: NameEvidence) -> dict[str, Any]:
    out: dict[str, Any] = {
        "query": name.query_name,
        "candidate": name.candidate_name,
        "kind": name.kind,
        "similarity": round(name.similarity, 3),
        "weight": round(name.weight, 3),
    }
    if name.script:
        out["script"] = name.script
    out.update(alignment_json(name.alignment, name.query_words, name.candidate_words))
    return out


def _verdict_text(v: Verdict) -> str:
    label = v.kind.replace("_", " ")
    if v.verdict == "unknown":
        return ""
    detail = ""
    if v.query is not None and v.candidate is not None:
        detail = f" ({v.query} vs {v.candidate})"
    return f"{label} {v.verdict.replace('_', ' ')}{detail} {v.weight:+.1f}"


def explanation_json(scored: Scored) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if scored.name is not None:
        out["name"] = name_json(scored.name)
    for v in scored.verdicts:
        out[v.kind] = v.as_dict()
    out["summary"] = explanation_text(scored)
    return out


def explanation_text(scored: Scored) -> str:
    """One readable line: the name pairing first, then every fact that moved the score."""
    pieces = []
    name = scored.name
    if name is not None:
        kind = "" if name.kind == "primary" else f" ({name.kind})"
        pieces.append(
            f'"{name.query_name}" ~ "{name.candidate_name}"{kind} name {name.similarity:.2f} '
            f"[{alignment_text(name.alignment, name.query_words, name.candidate_words)}]"
        )
    else:
        pieces.append("no name in common")
    pieces += [t for t in (_verdict_text(v) for v in scored.verdicts) if t]
    return "; ".join(pieces) + f" => {scored.score:.2f}"


def pair_json(pair: PairScore) -> dict[str, Any]:
    out: dict[str, Any] = {"similarity": round(pair.similarity, 3)}
    out.update(alignment_json(pair.alignment, pair.words1, pair.words2))
    return out
