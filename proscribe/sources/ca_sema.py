"""Canada: Consolidated Special Economic Measures Act (SEMA) autonomous sanctions list, XML.

The older element set: `<data-set>` of `<record>`s, each with `Country` (the
regime, bilingual: "Burma / Birmanie"; one "country" is the Justice for
Victims of Corrupt Foreign Officials Regulations), `Schedule`, `Item`, and
either `GivenName`/`LastName` (a person) or `Entity`, plus optional
`Aliases`, `DateOfBirth` ("1972-08-10 or 1972-08-11") and `Title`. The file
states no publication date and does not mark ships.

Identifier: the list has none, but a record is fixed by its regime,
schedule and item ("Russia, Schedule 1, Part 2, Item 4"). `source_id` is
`<regime>/<schedule>/<item>` with each part reduced to letters, digits and
"-": `Burma/1/1`, `Russia/1-Part-2/4`, `JVCFOR/1/54` (the regulation's own
acronym). A schedule of "N/A", or none, is left out (`Zimbabwe/161`,
`Venezuela/55`): over the whole 2020-04 file these ids are unique.

Bilingual text: `English/French` is split at a "/" outside brackets (so
"MEC Steel Mills (Hmaw Bi/Pyi/Ywama)" stays whole); the French half is an
alias with `lang="fr"`. Aliases are separated by ", " (and a French list
ends "A, B et C"). A person's alias that only respells the given names
("Andrei" for "Andrey Igorevich AKIMOV") or the surname ("PASHENKO" for
"PASHCHENKO") is completed with the rest of the name; any other one-word
alias is a nickname or call sign ("Motorola", "Givi") and kept as weak.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from anyascii import anyascii
from lxml import etree
from rapidfuzz.distance import JaroWinkler

from proscribe.model import Designation, Entity, Name, Provenance
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.dates import parse_partial_date
from proscribe.sources.eu_fsf import add_name, clean
from proscribe.sources.io import iter_xml, localname, source_line, xml_root_name

SOURCE = "ca"

_KNOWN = {
    "Country",
    "Schedule",
    "Item",
    "GivenName",
    "LastName",
    "Entity",
    "Aliases",
    "DateOfBirth",
    "Title",
}

# Jaro-Winkler similarity at or above which an alias word is read as a
# respelling of a name word (Andrei/Andrey 0.93, Aleksei/Alexey 0.82); the
# nicknames in the file score at most 0.63 against the names they go with.
_SAME_WORD = 0.8


def _sniff(path: Path, head: bytes) -> bool:
    return (
        xml_root_name(head) == "data-set"
        and b"<record>" in head
        and b"<Country>" in head
        and b"<Item>" in head
    )


def bilingual(text: str | None) -> list[str]:
    """The halves of "English/French" split at slashes outside brackets."""
    value = clean(text)
    if not value:
        return []
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "/" and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [p for part in parts if (p := part.strip(" ,;"))]


def split_aliases(text: str | None) -> list[tuple[str, str | None]]:
    """(alias, language) pairs: English half first, then the French half (lang "fr")."""
    halves = bilingual(text)
    out: list[tuple[str, str | None]] = []
    for n, half in enumerate(halves):
        lang = "fr" if n == 1 and len(halves) == 2 else None
        items = _split_commas(half)
        if lang == "fr" and len(items) > 1:
            last = items.pop()
            items.extend(p for p in re.split(r"\s+et\s+", last) if p)
        for item in items:
            alias = item.strip()
            if alias.startswith("(") and alias.endswith(")"):
                alias = alias[1:-1].strip()
            if alias:
                out.append((alias, lang))
    return out


def _split_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", anyascii(text)).strip("-")


def regime_name(country: str) -> str:
    """The English half of the bilingual regime ("Burma / Birmanie" -> "Burma")."""
    halves = [h.strip() for h in re.split(r"\s+/\s+", country)]
    return halves[0] if halves and halves[0] else country


def record_id(country: str, schedule: str | None, item: str) -> str:
    regime = regime_name(country)
    acronym = re.search(r"\(([A-Z]{2,})\)\s*$", regime)
    parts = [acronym.group(1) if acronym else _key(regime)]
    if schedule and schedule.upper() != "N/A":
        parts.append(_key(schedule))
    parts.append(_key(item))
    return "/".join(parts)


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(text).casefold())


def _respells(words: list[str], name_words: list[str]) -> bool:
    """True when `words` respell the first name words one by one.

    A respelling is similar and of about the same length: "Andrei" respells
    "Andrey", but "Hajizadeh" does not respell "Haji" (it is "Haji Zadeh"
    written as one word, so "Amir Ali Hajizadeh" is a name of its own).
    """
    if not name_words or len(words) > len(name_words):
        return False
    for word, name in zip(words, name_words, strict=False):
        a, b = _fold(word), _fold(name)
        if not a or not b or not 2 / 3 <= len(a) / len(b) <= 3 / 2:
            return False
        if JaroWinkler.similarity(a, b) < _SAME_WORD:
            return False
    return True


def person_alias(alias: str, given: str | None, family: str | None) -> Name:
    """A person's alias as a name: respelt given names or surname completed, nicknames weak."""
    words = alias.split()
    given_words = (given or "").split()
    family_words = (family or "").split()
    if _respells(words, given_words):
        new_given = " ".join(words + given_words[len(words) :])
        return Name(
            full=" ".join([new_given, *family_words]), kind="aka", given=new_given, family=family
        )
    if _respells(words, family_words):
        return Name(full=" ".join([*given_words, alias]), kind="aka", given=given, family=alias)
    if len(words) == 1:
        return Name(full=alias, kind="weak")
    return Name(full=alias, kind="aka")


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    unknown: set[str] = set()
    seen: set[str] = set()
    for elem in iter_xml(path, ("record",)):
        entity = _entity(path, elem, report, unknown)
        if entity is None:
            continue
        if entity.source_id in seen:
            report.warn(
                path,
                f"record id {entity.source_id} repeats an earlier record; kept as "
                f"{entity.source_id}~{source_line(elem)}",
                line=source_line(elem),
                record=entity.source_id,
            )
            entity.source_id = f"{entity.source_id}~{source_line(elem)}"
            if entity.provenance is not None:
                entity.provenance.record_id = entity.source_id
        seen.add(entity.source_id)
        report.count("entities")
        yield entity


def _entity(
    path: Path, elem: etree._Element, report: ParseReport, unknown: set[str]
) -> Entity | None:
    line = source_line(elem)
    values: dict[str, str | None] = {}
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        tag = localname(child)
        if tag not in _KNOWN:
            if tag not in unknown:
                unknown.add(tag)
                report.warn(
                    path, f"element <{tag}> is not read by this parser", line=source_line(child)
                )
            continue
        values[tag] = clean(child.text)
    country, item = values.get("Country"), values.get("Item")
    if not country or not item:
        report.warn(path, "record without Country or Item; skipped", line=line)
        return None
    schedule = values.get("Schedule")
    sid = record_id(country, schedule, item)
    given, family, org = values.get("GivenName"), values.get("LastName"), values.get("Entity")
    if not (given or family or org):
        report.warn(
            path, "record without GivenName, LastName or Entity; skipped", line=line, record=sid
        )
        return None
    person = bool(given or family)
    entity = Entity(
        source=report.source,
        source_id=sid,
        schema="Person" if person else "Organization",
        provenance=Provenance(report.source, str(path), sid, line),
    )
    if person:
        full = " ".join(p for p in (given, family) if p)
        add_name(entity, Name(full=full, kind="primary", given=given, family=family))
        if org:
            report.warn(
                path,
                "record has both a person's name and an Entity; the Entity is kept as an alias",
                line=line,
                record=sid,
            )
            add_name(entity, Name(full=org, kind="aka"))
    else:
        halves = bilingual(org)
        for n, half in enumerate(halves):
            add_name(
                entity,
                Name(
                    full=half,
                    kind="primary" if n == 0 else "aka",
                    lang="fr" if n == 1 and len(halves) == 2 else None,
                ),
            )
    aliases = split_aliases(values.get("Aliases"))
    english = sum(1 for _a, lang in aliases if lang is None)
    if english > 1 and english != len(aliases) - english > 0:
        report.warn(
            path,
            f"the English and French alias lists differ in length ({english} and "
            f"{len(aliases) - english}): a comma inside a name would split it",
            line=line,
            record=sid,
        )
    for alias, lang in aliases:
        name = person_alias(alias, given, family) if person else Name(full=alias, kind="aka")
        name.lang = lang
        add_name(entity, name)
    for title in bilingual(values.get("Title")):
        if title not in entity.titles:
            entity.titles.append(title)
    dob = values.get("DateOfBirth")
    if dob:
        for part in re.split(r"\s+or\s+|\s*;\s*", dob):
            date = parse_partial_date(part)
            if date is None:
                report.warn(
                    path, f"DateOfBirth {part!r} not readable; kept as text", line=line, record=sid
                )
                entity.add_property("birth_date_text", part)
            elif date not in entity.birth_dates:
                entity.birth_dates.append(date)
    regime = regime_name(country)
    schedule_ref = f"Schedule {schedule}, " if schedule and schedule.upper() != "N/A" else ""
    entity.designations.append(
        Designation(
            authority="CA",
            programme=regime,
            legal_basis=regime if "regulation" in regime.casefold() else None,
            reference=f"{schedule_ref}Item {item}",
        )
    )
    report.count("names", len(entity.names))
    report.count("birth_dates", len(entity.birth_dates))
    return entity


FORMATS = [
    ListFormat(
        name="ca_sema_xml",
        source=SOURCE,
        description="Canada SEMA consolidated autonomous sanctions list (XML)",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]
