"""The vocabulary of measures and obligations: what a listing imposes, and on whom.

A designation names a programme; the programme (from the data files under
`proscribe/measures/data/`) says which measures it imposes and how far they
reach; the screening party's perspective (jurisdiction, activity, date) says
whether those measures bind it and what it has to do. These dataclasses carry
that chain from the data files to the assessment, so that every action shown
to a user can be traced back to a legal basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

Activity = Literal["payment", "onboarding", "entry", "general"]
ACTIVITIES: tuple[Activity, ...] = get_args(Activity)

# What a listing can impose. `asset_freeze` covers US "blocking"; `entry_ban`
# is an admission bar on the person (US INA 212(f) suspensions, UK excluded
# persons), `travel_ban` the UN/EU/UK measure on entry and transit.
MeasureType = Literal[
    "asset_freeze",
    "entry_ban",
    "travel_ban",
    "arrest_warrant",
    "arms_embargo",
    "investment_ban",
    "trade_restriction",
    "financial_restriction",
    "sectoral_restriction",
    "export_control",
    "procurement_ban",
    "director_disqualification",
    "transport_restriction",
]
MEASURE_TYPES: tuple[MeasureType, ...] = get_args(MeasureType)

# Whom a measure reaches: the designated party itself, its immediate family
# members (only where the legal act says so, e.g. EO 14203 sec. 4), or the
# entities it owns (ownership rules are modelled per authority, see
# `OwnershipRule`).
Reach = Literal["designated", "family_members"]
REACHES: tuple[Reach, ...] = get_args(Reach)

# Which activities a measure type concerns. A measure that does not concern the
# screening activity is still reported, as "other measures in force", so that a
# payment screen of a person under an entry ban says so without asking anyone
# to act on it.
MEASURE_ACTIVITIES: dict[MeasureType, tuple[Activity, ...]] = {
    "asset_freeze": ("payment", "onboarding", "general"),
    "entry_ban": ("entry", "general"),
    "travel_ban": ("entry", "general"),
    "arrest_warrant": ("payment", "onboarding", "entry", "general"),
    "arms_embargo": ("payment", "general"),
    "investment_ban": ("payment", "onboarding", "general"),
    "trade_restriction": ("payment", "general"),
    "financial_restriction": ("payment", "onboarding", "general"),
    "sectoral_restriction": ("payment", "onboarding", "general"),
    "export_control": ("payment", "general"),
    "procurement_ban": ("payment", "onboarding", "general"),
    "director_disqualification": ("onboarding", "general"),
    "transport_restriction": ("payment", "general"),
}

ActionKind = Literal[
    "block",
    "reject",
    "report",
    "keep_records",
    "refuse",
    "deny_entry",
    "arrest_and_surrender",
    "notify",
    "restrict",
    "review",
    "no_action",
]
ACTION_KINDS: tuple[ActionKind, ...] = get_args(ActionKind)


@dataclass(frozen=True, slots=True)
class ActionRule:
    """One thing the screening party must do, as a data file states it.

    `valid_from`/`valid_until` make a rule temporal (OFAC's record-keeping
    period went from 5 to 10 years on 2025-03-12): the rule in force on the
    perspective's date is the one shown.
    """

    kind: ActionKind
    text: str
    basis: str | None = None
    notify: str | None = None
    within_business_days: int | None = None
    within: str | None = None
    keep_years: int | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def in_force(self, on: date) -> bool:
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_until is not None and on > self.valid_until)


@dataclass(frozen=True, slots=True)
class MeasureRule:
    """A measure a programme imposes, its reach, and (optionally) its own actions.

    `actions` overrides the authority's default actions for this measure type,
    activity by activity; activities it does not name keep the defaults.
    """

    type: MeasureType
    reach: tuple[Reach, ...] = ("designated",)
    basis: str | None = None
    note: str | None = None
    actions: dict[Activity, tuple[ActionRule, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OwnershipRule:
    """How an authority extends a freeze to entities its designated parties own.

    OFAC: 50% or more (`inclusive`), aggregated across blocked owners and
    counted through blocked intermediaries. EU/UK: more than 50%, no
    aggregation of unrelated designated owners.
    """

    threshold: float
    inclusive: bool
    aggregate: bool
    basis: str


@dataclass(frozen=True, slots=True)
class Authority:
    """An issuer of designations and the defaults that hold for all its programmes.

    `jurisdiction` is the legal order its measures belong to: "US", "UN",
    "EU", "GB", "AU", "CA", "CH", "ICC", ... `binds` says in words whom they
    bind; `proscribe.measures.jurisdictions` decides it for a perspective.
    When a designation states its own measures in words the authority's
    `stated_measures` knows, those replace the programme's list.
    """

    code: str
    name: str
    jurisdiction: str
    binds: str
    exposure_label: str
    notify: str
    aliases: tuple[str, ...] = ()
    actions: dict[MeasureType, dict[Activity, tuple[ActionRule, ...]]] = field(default_factory=dict)
    ownership: OwnershipRule | None = None
    default_measures: tuple[MeasureRule, ...] = ()
    # Words a list uses, per designation, for the measures actually imposed
    # (FCDO "SanctionsImposed": "Asset freeze|Travel Ban"), normalised -> type.
    stated_measures: dict[str, MeasureType] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Programme:
    """A sanctions programme or regime: its code as the lists write it, its basis and measures.

    `list_variant` is set for entries that only hold for one list of the
    authority (OFAC's non-SDN Consolidated list uses SDN programme tags for
    measures that are not blocking). `ended` marks a terminated programme.
    """

    authority: str
    code: str
    title: str
    legal_basis: str
    measures: tuple[MeasureRule, ...]
    aliases: tuple[str, ...] = ()
    list_variant: str | None = None
    note: str | None = None
    url: str | None = None
    ended: date | None = None
    secondary_sanctions: str | None = None
    file: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.authority, self.code)


@dataclass(frozen=True, slots=True)
class Perspective:
    """Who is screening, for what, and when.

    `jurisdiction` is an ISO 3166 alpha-2 code or "EU" (an EU institution or
    a party bound by EU law without a member state named).
    """

    jurisdiction: str
    activity: Activity = "general"
    on: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class Action:
    """An action for the screening party, with the basis that requires it."""

    kind: ActionKind
    text: str
    authority: str
    programme: str | None
    basis: str | None = None
    notify: str | None = None
    within_business_days: int | None = None
    within: str | None = None
    due: date | None = None
    keep_years: int | None = None


@dataclass(slots=True)
class AppliedMeasure:
    """A measure that binds the screening party for this hit.

    `reach` says why it reaches the hit: the hit is the designated party, a
    family member of one (`via` names them), or an entity owned by designated
    parties (`via` holds the ownership finding's summary).
    """

    type: MeasureType
    authority: str
    jurisdiction: str
    programme: str | None
    legal_basis: str
    basis: str | None
    reach: Literal["designated", "family_members", "ownership"]
    actions: list[Action] = field(default_factory=list)
    via: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Exposure:
    """A designation that does not bind the screening party but that it should know of.

    E.g. "US exposure" for an EU bank screening an OFAC-only designation, or
    an ICC warrant seen from a state that is not a party to the Rome Statute.
    """

    label: str
    authority: str
    jurisdiction: str
    programme: str | None
    measures: list[MeasureType]
    reason: str
    legal_basis: str | None = None


@dataclass(frozen=True, slots=True)
class OwnershipStep:
    """One holding: `share` in percent, None when the source does not state it."""

    owner_id: str
    owned_id: str
    share: float | None


@dataclass(frozen=True, slots=True)
class OwnershipPath:
    """A chain of holdings from a designated owner down to the entity.

    `effective_share` multiplies the shares along the chain; it is shown for
    information; the rule itself counts each blocked holder's direct share.
    """

    steps: tuple[OwnershipStep, ...]

    @property
    def origin(self) -> str:
        return self.steps[0].owner_id

    @property
    def effective_share(self) -> float | None:
        result = 100.0
        for step in self.steps:
            if step.share is None:
                return None
            result = result * step.share / 100.0
        return result


@dataclass(slots=True)
class OwnershipFinding:
    """An entity reached by an ownership rule: the aggregate share and every path found."""

    entity_id: str
    share: float
    paths: list[OwnershipPath]
    status: Literal["blocked", "possible"] = "blocked"
    truncated: bool = False


@dataclass(slots=True)
class Assessment:
    """What a hit means for one screening party: measures, actions, exposures, notes.

    `measures` concern the screening activity; `other_measures` bind the party
    but concern other activities (an entry ban during a payment screen).
    Decision support only: the text says so.
    """

    entity_id: str
    caption: str
    perspective: Perspective
    measures: list[AppliedMeasure] = field(default_factory=list)
    other_measures: list[AppliedMeasure] = field(default_factory=list)
    exposures: list[Exposure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ownership: list[OwnershipFinding] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        """Every action for the activity, in order, without repeats."""
        seen: set[tuple[object, ...]] = set()
        out: list[Action] = []
        for measure in self.measures:
            for action in measure.actions:
                key = (action.kind, action.text, action.notify, action.due)
                if key not in seen:
                    seen.add(key)
                    out.append(action)
        return out

    @property
    def binding(self) -> bool:
        return bool(self.measures)

    def measure_types(self) -> set[MeasureType]:
        return {m.type for m in self.measures}

    def action_kinds(self) -> set[ActionKind]:
        return {a.kind for a in self.actions}
