"""The programme catalogue: every programme code the lists emit, mapped to its measures.

The data lives in YAML files the team maintains (`data/authorities.yaml`,
`data/programmes/*.yaml`) so that a compliance officer can review and extend
it without reading code. Loading is strict: an unknown measure type, reach,
activity or key is an error naming the file and the entry, because a typo
in this data would silently change what a hit obliges someone to do.

Lookup is by (authority, programme code as the parser emits it). Codes are
compared after light normalisation (case, spacing, dash and apostrophe
variants, a leading "The"), since lists write the same regime as "1988
(Taliban) " or "Autonomous (Thematic – Corruption)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, cast

from proscribe.measures.loading import (
    MeasureDataError,
    as_date,
    as_list,
    as_mapping,
    as_text,
    check_keys,
    load_yaml,
)
from proscribe.measures.model import (
    ACTION_KINDS,
    ACTIVITIES,
    MEASURE_TYPES,
    REACHES,
    ActionKind,
    ActionRule,
    Activity,
    Authority,
    MeasureRule,
    MeasureType,
    OwnershipRule,
    Programme,
    Reach,
)

DATA_DIR = Path(__file__).with_name("data")


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u2018\u2019\u02bc`´]")
_SPACES = re.compile(r"\s+")
_SPACED_DASH = re.compile(r"\s*-\s*")


def normalise_code(text: str) -> str:
    """The comparison form of a programme code or authority name."""
    t = _QUOTES.sub("'", _DASHES.sub("-", text))
    t = _SPACES.sub(" ", t).strip().casefold()
    t = _SPACED_DASH.sub("-", t)
    return t.removeprefix("the ")


_RULE_KEYS = {
    "kind",
    "text",
    "basis",
    "notify",
    "within_business_days",
    "within",
    "keep_years",
    "from",
    "until",
}


def _action_rule(data: Any, file: Path, where: str) -> ActionRule:
    data = as_mapping(data, file, where)
    check_keys(data, _RULE_KEYS, file, where)
    kind = data.get("kind")
    if kind not in ACTION_KINDS:
        raise MeasureDataError(
            file, where, f"unknown action kind {kind!r}; known: {', '.join(ACTION_KINDS)}"
        )
    for key in ("within_business_days", "keep_years"):
        if key in data and not (isinstance(data[key], int) and data[key] > 0):
            raise MeasureDataError(file, where, f"{key} must be a positive whole number")
    return ActionRule(
        kind=cast(ActionKind, kind),
        text=cast(str, as_text(data.get("text"), file, f"{where}.text")),
        basis=as_text(data.get("basis"), file, f"{where}.basis", required=False),
        notify=as_text(data.get("notify"), file, f"{where}.notify", required=False),
        within_business_days=data.get("within_business_days"),
        within=as_text(data.get("within"), file, f"{where}.within", required=False),
        keep_years=data.get("keep_years"),
        valid_from=as_date(data.get("from"), file, f"{where}.from"),
        valid_until=as_date(data.get("until"), file, f"{where}.until"),
    )


def _actions_by_activity(
    data: Any, file: Path, where: str
) -> dict[Activity, tuple[ActionRule, ...]]:
    out: dict[Activity, tuple[ActionRule, ...]] = {}
    for activity, rules in as_mapping(data, file, where).items():
        if activity not in ACTIVITIES:
            raise MeasureDataError(
                file, f"{where}.{activity}", f"unknown activity; known: {', '.join(ACTIVITIES)}"
            )
        items = as_list(rules, file, f"{where}.{activity}")
        out[cast(Activity, activity)] = tuple(
            _action_rule(rule, file, f"{where}.{activity}[{i}]") for i, rule in enumerate(items)
        )
    return out


def _measure_type(value: Any, file: Path, where: str) -> MeasureType:
    if value not in MEASURE_TYPES:
        raise MeasureDataError(
            file, where, f"unknown measure type {value!r}; known: {', '.join(MEASURE_TYPES)}"
        )
    return cast(MeasureType, value)


def _measure(data: Any, file: Path, where: str) -> MeasureRule:
    if isinstance(data, str):
        return MeasureRule(type=_measure_type(data, file, where))
    data = as_mapping(data, file, where)
    check_keys(data, {"type", "reach", "basis", "note", "actions"}, file, where)
    reach_items = as_list(data.get("reach", ["designated"]), file, f"{where}.reach")
    for r in reach_items:
        if r not in REACHES:
            raise MeasureDataError(
                file, f"{where}.reach", f"unknown reach {r!r}; known: {', '.join(REACHES)}"
            )
    return MeasureRule(
        type=_measure_type(data.get("type"), file, f"{where}.type"),
        reach=tuple(cast(list[Reach], reach_items)),
        basis=as_text(data.get("basis"), file, f"{where}.basis", required=False),
        note=as_text(data.get("note"), file, f"{where}.note", required=False),
        actions=_actions_by_activity(data["actions"], file, f"{where}.actions")
        if "actions" in data
        else {},
    )


def _measures(data: Any, file: Path, where: str) -> tuple[MeasureRule, ...]:
    items = as_list(data, file, where)
    return tuple(_measure(m, file, f"{where}[{i}]") for i, m in enumerate(items))


_AUTHORITY_KEYS = {
    "name",
    "jurisdiction",
    "aliases",
    "binds",
    "exposure_label",
    "notify",
    "ownership",
    "default_measures",
    "actions",
    "stated_measures",
}


def _authority(code: str, data: Any, file: Path) -> Authority:
    data = as_mapping(data, file, code)
    check_keys(data, _AUTHORITY_KEYS, file, code)
    ownership = None
    if "ownership" in data:
        own = as_mapping(data["ownership"], file, f"{code}.ownership")
        check_keys(own, {"threshold", "inclusive", "aggregate", "basis"}, file, f"{code}.ownership")
        ownership = OwnershipRule(
            threshold=float(own["threshold"]),
            inclusive=bool(own["inclusive"]),
            aggregate=bool(own["aggregate"]),
            basis=cast(str, as_text(own.get("basis"), file, f"{code}.ownership.basis")),
        )
    actions: dict[MeasureType, dict[Activity, tuple[ActionRule, ...]]] = {}
    for mtype, by_activity in as_mapping(data.get("actions", {}), file, f"{code}.actions").items():
        actions[_measure_type(mtype, file, f"{code}.actions")] = _actions_by_activity(
            by_activity, file, f"{code}.actions.{mtype}"
        )
    stated = {
        normalise_code(str(words)): _measure_type(mtype, file, f"{code}.stated_measures.{words}")
        for words, mtype in as_mapping(
            data.get("stated_measures", {}), file, f"{code}.stated_measures"
        ).items()
    }
    return Authority(
        code=code,
        name=cast(str, as_text(data.get("name"), file, f"{code}.name")),
        jurisdiction=cast(str, as_text(data.get("jurisdiction"), file, f"{code}.jurisdiction")),
        binds=cast(str, as_text(data.get("binds"), file, f"{code}.binds")),
        exposure_label=cast(
            str, as_text(data.get("exposure_label"), file, f"{code}.exposure_label")
        ),
        notify=cast(str, as_text(data.get("notify"), file, f"{code}.notify")),
        aliases=tuple(str(a) for a in as_list(data.get("aliases", []), file, f"{code}.aliases")),
        actions=actions,
        ownership=ownership,
        default_measures=_measures(
            data.get("default_measures", []), file, f"{code}.default_measures"
        ),
        stated_measures=stated,
    )


_PROGRAMME_KEYS = {
    "title",
    "legal_basis",
    "aliases",
    "measures",
    "note",
    "url",
    "ended",
    "secondary_sanctions",
    "same_as_sdn",
}


def _programme(
    authority: Authority,
    code: str,
    data: Any,
    file: Path,
    *,
    list_variant: str | None = None,
    main: Mapping[str, Programme] | None = None,
) -> Programme:
    where = f"{authority.code} {code!r}" + (f" (list {list_variant})" if list_variant else "")
    data = as_mapping(data if data is not None else {}, file, where)
    check_keys(data, _PROGRAMME_KEYS, file, where)
    note = as_text(data.get("note"), file, f"{where}.note", required=False)
    if data.get("same_as_sdn"):
        base = (main or {}).get(normalise_code(code))
        if base is None:
            raise MeasureDataError(
                file, where, "same_as_sdn names a code the authority's main programmes do not have"
            )
        return replace(base, list_variant=list_variant, note=note or base.note, file=file.name)
    measures = (
        _measures(data["measures"], file, f"{where}.measures")
        if "measures" in data
        else authority.default_measures
    )
    return Programme(
        authority=authority.code,
        code=str(code),
        title=cast(str, as_text(data.get("title"), file, f"{where}.title")),
        legal_basis=cast(str, as_text(data.get("legal_basis"), file, f"{where}.legal_basis")),
        measures=measures,
        aliases=tuple(str(a) for a in as_list(data.get("aliases", []), file, f"{where}.aliases")),
        list_variant=list_variant,
        note=note,
        url=as_text(data.get("url"), file, f"{where}.url", required=False),
        ended=as_date(data.get("ended"), file, f"{where}.ended"),
        secondary_sanctions=as_text(
            data.get("secondary_sanctions"), file, f"{where}.secondary_sanctions", required=False
        ),
        file=file.name,
    )


@dataclass(slots=True)
class Catalogue:
    """All authorities and programmes, indexed for lookup by normalised names."""

    authorities: dict[str, Authority] = field(default_factory=dict)
    programmes: list[Programme] = field(default_factory=list)
    _authority_index: dict[str, str] = field(default_factory=dict)
    # (authority code, list variant or "", normalised code or alias) -> programme
    _index: dict[tuple[str, str, str], Programme] = field(default_factory=dict)
    # list variants that do not fall back to the authority's main programmes
    _variants: set[tuple[str, str]] = field(default_factory=set)
    # names of a list variant as designations write the authority ("Sectoral
    # Sanctions Identifications List (SSI) - Treasury Department") -> (authority, variant)
    _variant_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Catalogue:
        cat = cls()
        auth_file = data_dir / "authorities.yaml"
        for code, data in as_mapping(load_yaml(auth_file), auth_file, "top level").items():
            cat._add_authority(_authority(str(code), data, auth_file))
        for file in sorted((data_dir / "programmes").glob("*.yaml")):
            cat._load_programmes(file)
        return cat

    def _add_authority(self, authority: Authority) -> None:
        self.authorities[authority.code] = authority
        for name in (authority.code, *authority.aliases):
            self._authority_index[normalise_code(name)] = authority.code

    def _load_programmes(self, file: Path) -> None:
        doc = as_mapping(load_yaml(file), file, "top level")
        check_keys(doc, {"authority", "programmes", "lists"}, file, "top level")
        code = self.resolve_authority(str(doc.get("authority")))
        if code is None:
            raise MeasureDataError(
                file, "authority", f"{doc.get('authority')!r} is not in authorities.yaml"
            )
        authority = self.authorities[code]
        main: dict[str, Programme] = {}
        for prog_code, data in as_mapping(doc.get("programmes", {}), file, "programmes").items():
            programme = _programme(authority, str(prog_code), data, file)
            self._add(programme, "")
            main[normalise_code(programme.code)] = programme
        for variant, vdata in as_mapping(doc.get("lists", {}), file, "lists").items():
            vdata = as_mapping(vdata, file, f"lists.{variant}")
            check_keys(vdata, {"title", "aliases", "programmes"}, file, f"lists.{variant}")
            self._variants.add((authority.code, str(variant)))
            for alias in as_list(vdata.get("aliases", []), file, f"lists.{variant}.aliases"):
                self._variant_names[normalise_code(str(alias))] = (authority.code, str(variant))
            for prog_code, data in as_mapping(
                vdata.get("programmes", {}), file, f"lists.{variant}.programmes"
            ).items():
                programme = _programme(
                    authority, str(prog_code), data, file, list_variant=str(variant), main=main
                )
                self._add(programme, str(variant))

    def _add(self, programme: Programme, variant: str) -> None:
        for name in (programme.code, *programme.aliases):
            key = (programme.authority, variant, normalise_code(name))
            existing = self._index.get(key)
            if existing is not None and existing is not programme:
                raise MeasureDataError(
                    programme.file,
                    f"{programme.authority} {programme.code!r}",
                    f"code or alias {name!r} is already used by {existing.code!r} ({existing.file})",
                )
            self._index[key] = programme
        self.programmes.append(programme)

    def resolve_authority(self, name: str | None) -> str | None:
        """The authority code for a name as lists and FtM write it ("OFAC", "Office of Foreign Assets Control")."""
        if not name:
            return None
        key = normalise_code(name)
        if key in self._variant_names:
            return self._variant_names[key][0]
        return self._authority_index.get(key)

    def lookup(
        self, authority: str | None, programme: str | None, *, source: str | None = None
    ) -> Programme | None:
        """The programme for a designation, or None when the catalogue does not map it.

        A list with its own entries (OFAC's non-SDN lists) is looked up there
        and only there: it is chosen by the entity's `source` ("ofac_cons")
        or by the authority text naming it (the CSL's "Sectoral Sanctions
        Identifications List (SSI) - Treasury Department"). A designation
        without a programme whose authority text names a list (the CSL's
        "Entity List (EL) - Bureau of Industry and Security") is looked up
        by that text: the list is its own programme.
        """
        code = self.resolve_authority(authority)
        if code is None or authority is None:
            return None
        key = normalise_code(programme or authority)
        variant = self._variant_names.get(normalise_code(authority), (code, ""))[1]
        if not variant and source is not None and (code, source) in self._variants:
            variant = source
        return self._index.get((code, variant, key))

    def authority(self, name: str | None) -> Authority | None:
        code = self.resolve_authority(name)
        return self.authorities.get(code) if code else None

    def for_authority(self, name: str) -> list[Programme]:
        code = self.resolve_authority(name)
        return [p for p in self.programmes if p.authority == code]


@cache
def catalogue() -> Catalogue:
    """The catalogue of the data files shipped with proscribe (loaded once)."""
    return Catalogue.load(DATA_DIR)


def lookup(
    authority: str | None, programme: str | None, *, source: str | None = None
) -> Programme | None:
    """`Catalogue.lookup` on the shipped catalogue."""
    return catalogue().lookup(authority, programme, source=source)


def unmapped(
    designations: Iterable[tuple[str | None, str | None, str | None]],
) -> list[tuple[str | None, str | None, str | None]]:
    """The (source, authority, programme) triples the catalogue does not map, in first-seen order."""
    cat = catalogue()
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out: list[tuple[str | None, str | None, str | None]] = []
    for source, authority, programme in designations:
        key = (source, authority, programme)
        if key in seen:
            continue
        seen.add(key)
        if cat.lookup(authority, programme, source=source) is None:
            out.append(key)
    return out
