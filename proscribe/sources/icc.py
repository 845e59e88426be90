"""The team's ICC warrants file (`data/icc/warrants.yaml`) as a list like any other.

The International Criminal Court publishes no machine-readable list of its
warrants, so proscribe keeps one as project data (see the file's header).
Loading it through the registry means `proscribe lists import` stores the
warrants as entities of source "icc" and the matcher screens them like
designations; `proscribe.measures` then turns a hit into the duty to arrest
that a state party has, or into information for a state that is not one.

The file is multi-document YAML, one warrant per document, read one
document at a time so that every error names its line. It is project data
written by people, so validation is strict: an unknown key, a status
outside the vocabulary, a date that is not a date, a country nobody can name
or a non-Latin alias without its script stops the import with the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from rigour.text.scripts import text_scripts

from proscribe.model import Designation, Entity, Name, Place, Provenance
from proscribe.model.entity import Gender
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.io import open_text

FORMAT_TAG = "proscribe-icc-warrants/1"
WARRANTS_FILE = Path(__file__).with_name("data") / "icc" / "warrants.yaml"
STATES_PARTIES_FILE = Path(__file__).with_name("data") / "icc" / "states_parties.yaml"

AUTHORITY = "ICC"
PROGRAMMES = {"arrest_warrant": "ICC-WARRANT", "summons": "ICC-SUMMONS"}
_COUNT_KEYS = {"arrest_warrant": "arrest_warrants", "summons": "summonses"}
STATUSES = (
    "at_large",
    "in_custody",
    "deceased",
    "convicted",
    "acquitted",
    "withdrawn",
    "charges_not_confirmed",
    "inadmissible",
)

_HEADER_KEYS = {"format", "title", "published", "situations"}
_PERSON_KEYS = {
    "id",
    "name",
    "given",
    "family",
    "aliases",
    "gender",
    "birth_date",
    "birth_place",
    "nationality",
    "positions",
    "situation",
    "case",
    "kind",
    "issued",
    "public",
    "status",
    "status_date",
    "charges",
    "note",
}
_GENDERS: dict[str, Gender] = {"male": "male", "female": "female", "other": "other"}

# rigour's script names -> the ISO 15924 codes a declared script may use.
_SCRIPT_CODES: dict[str, set[str]] = {
    "Cyrillic": {"Cyrl"},
    "Hebrew": {"Hebr"},
    "Arabic": {"Arab"},
    "Greek": {"Grek"},
    "Georgian": {"Geor"},
    "Armenian": {"Armn"},
    "Ethiopic": {"Ethi"},
    "Han": {"Hani", "Hans", "Hant", "Jpan", "Kore"},
    "Hiragana": {"Jpan"},
    "Katakana": {"Jpan"},
    "Hangul": {"Kore", "Hang"},
}


def _sniff(path: Path, head: bytes) -> bool:
    return FORMAT_TAG.encode() in head


class _Doc:
    """One YAML document of the file, with the helpers that name its line on error."""

    def __init__(self, path: Path, line: int, data: Any) -> None:
        self.path = path
        self.line = line
        if not isinstance(data, dict):
            raise ListError(str(path), "each document must be a mapping of fields", line=line)
        self.data: dict[str, Any] = data

    def error(self, message: str) -> ListError:
        return ListError(str(self.path), message, line=self.line, element=self.data.get("id"))

    def check_keys(self, allowed: set[str]) -> None:
        unknown = set(self.data) - allowed
        if unknown:
            raise self.error(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(f"missing {key}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(f"{key} must be text")
        text = " ".join(str(value).split())
        if not text and required:
            raise self.error(f"empty {key}")
        return text or None

    def texts(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(f"{key} must be a list")
        return value

    def date(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value)
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise self.error(f"{key} {text!r} is not an ISO date (YYYY-MM-DD)") from exc


def _documents(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, data) of each YAML document, composed one at a time."""
    with open_text(path, "utf-8") as fh:
        loader = yaml.SafeLoader(fh)
        try:
            while loader.check_node():
                node = loader.get_node()
                if node is None:
                    continue
                line = node.start_mark.line + 1
                yield line, loader.construct_document(node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise ListError(str(path), f"not valid YAML: {exc}", line=line) from exc
        except UnicodeDecodeError as exc:
            raise ListError(str(path), f"not valid UTF-8: {exc}") from exc
        finally:
            loader.dispose()


def _check_script(doc: _Doc, text: str, declared: str | None) -> str | None:
    """The alias's script: declared for non-Latin text, verified against its letters."""
    found = {s for s in text_scripts(text) if s not in ("Latin", "Common", "Inherited")}
    if not found:
        if declared not in (None, "Latn"):
            raise doc.error(f"alias {text!r} is Latin script but declared {declared!r}")
        return None
    if declared is None:
        raise doc.error(
            f"alias {text!r} is in {', '.join(sorted(found))} script: give it as {{name, script}}"
        )
    allowed = set().union(*(_SCRIPT_CODES.get(s, {s}) for s in found))
    if declared not in allowed:
        raise doc.error(
            f"alias {text!r} declared {declared!r}, but its letters are {', '.join(sorted(found))}"
        )
    return declared


def _names(doc: _Doc, entity: Entity, report: ParseReport) -> None:
    name = doc.text("name", required=True)
    assert name is not None
    _check_script(doc, name, None)
    entity.names.append(
        Name(full=name, kind="primary", given=doc.text("given"), family=doc.text("family"))
    )
    seen = {name}
    for alias in doc.texts("aliases"):
        script = None
        if isinstance(alias, dict):
            unknown = set(alias) - {"name", "script"}
            if unknown or "name" not in alias:
                raise doc.error(
                    f"an alias mapping has exactly 'name' and optional 'script', not {sorted(alias)}"
                )
            text, script = str(alias["name"]).strip(), alias.get("script")
        else:
            text = str(alias).strip()
        if not text:
            raise doc.error("empty alias")
        if text in seen:
            report.warn(
                doc.path,
                f"alias {text!r} repeats a name of the same person",
                line=doc.line,
                record=entity.source_id,
            )
            continue
        seen.add(text)
        entity.names.append(Name(full=text, kind="aka", script=_check_script(doc, text, script)))
        report.count("aliases")
    report.count("names", len(entity.names))


def _warrant(
    doc: _Doc, entity: Entity, situations: dict[str, dict[str, Any]], report: ParseReport
) -> None:
    kind = doc.text("kind", required=True)
    if kind not in PROGRAMMES:
        raise doc.error(f"kind {kind!r} is not one of {', '.join(PROGRAMMES)}")
    status = doc.text("status", required=True)
    if status not in STATUSES:
        raise doc.error(f"status {status!r} is not one of {', '.join(STATUSES)}")
    situation = doc.text("situation", required=True)
    assert situation is not None
    if situation not in situations:
        raise doc.error(f"situation {situation!r} is not declared in the header")
    issued, public = doc.date("issued"), doc.date("public")
    if issued is None and public is None:
        raise doc.error("a warrant needs the date it was issued or the date it was made public")
    situation_name = str(situations[situation].get("name", situation))
    case = doc.text("case")
    entity.designations.append(
        Designation(
            authority=AUTHORITY,
            programme=PROGRAMMES[kind],
            legal_basis="Rome Statute art. 58(7)"
            if kind == "summons"
            else "Rome Statute art. 58(1)",
            listed_on=issued or public,
            reference=situation,
            remarks=status,
        )
    )
    entity.add_property("icc_situation", f"{situation_name} ({situation})")
    entity.add_property("icc_case", case)
    entity.add_property("warrant_kind", kind)
    entity.add_property("warrant_status", status)
    entity.add_property("warrant_status_date", doc.date("status_date"))
    entity.add_property("warrant_issued", issued)
    entity.add_property("warrant_public", public)
    entity.add_property("source_url", situations[situation].get("url"))
    report.count(_COUNT_KEYS[kind])
    report.count(f"status_{status}")


def _person(
    doc: _Doc, path: Path, situations: dict[str, dict[str, Any]], report: ParseReport
) -> Entity:
    doc.check_keys(_PERSON_KEYS)
    source_id = doc.text("id", required=True)
    assert source_id is not None
    entity = Entity(
        source=report.source,
        source_id=source_id,
        schema="Person",
        provenance=Provenance(
            source=report.source, file=str(path), record_id=source_id, line=doc.line
        ),
    )
    _names(doc, entity, report)
    gender = doc.text("gender")
    if gender is not None:
        if gender not in _GENDERS:
            raise doc.error(f"gender {gender!r} is not one of {', '.join(_GENDERS)}")
        entity.gender = _GENDERS[gender]
    birth = doc.data.get("birth_date")
    if birth is not None:
        text = birth.isoformat() if isinstance(birth, dt.date) else str(birth)
        parsed = parse_partial_date(text)
        if parsed is None:
            raise doc.error(f"birth_date {text!r} is not a date")
        entity.birth_dates.append(parsed)
    place = doc.text("birth_place")
    if place is not None:
        entity.birth_places.append(
            Place(text=place, country=country_code(place.rsplit(",", 1)[-1]))
        )
    for value in doc.texts("nationality"):
        code = country_code(str(value))
        if code is None:
            raise doc.error(f"nationality {value!r} is not a country")
        if code not in entity.nationalities:
            entity.nationalities.append(code)
    entity.positions.extend(" ".join(str(p).split()) for p in doc.texts("positions"))
    _warrant(doc, entity, situations, report)
    for key in ("charges", "note"):
        remark = doc.text(key)
        if remark is not None:
            entity.remarks.append(remark)
    return entity


def _header(path: Path, line: int, data: Any, report: ParseReport) -> dict[str, dict[str, Any]]:
    doc = _Doc(path, line, data)
    doc.check_keys(_HEADER_KEYS)
    if doc.text("format") != FORMAT_TAG:
        raise doc.error(f"the first document must declare format: {FORMAT_TAG}")
    report.published = doc.date("published")
    situations = doc.data.get("situations") or {}
    if not isinstance(situations, dict) or not all(
        isinstance(v, dict) for v in situations.values()
    ):
        raise doc.error("situations must map each situation code to {name, url}")
    return situations


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    """Stream the warrants of the file, one entity per person."""
    path = files[0]
    situations: dict[str, dict[str, Any]] | None = None
    seen: dict[str, int] = {}
    for line, data in _documents(path):
        if situations is None:
            situations = _header(path, line, data, report)
            continue
        entity = _person(_Doc(path, line, data), path, situations, report)
        if entity.source_id in seen:
            raise ListError(
                str(path),
                f"id {entity.source_id!r} already used at line {seen[entity.source_id]}",
                line=line,
            )
        seen[entity.source_id] = line
        report.count("entities")
        yield entity
    if situations is None:
        raise ListError(str(path), "the file holds no documents")


FORMATS = [
    ListFormat(
        name="icc_warrants",
        source="icc",
        description="ICC public arrest warrants and summonses (proscribe project data, YAML)",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]
