"""Deterministic synthetic sanctions lists and customer files, for the speed and batch benchmarks.

    .venv/bin/python bench/synth.py entities --n 1000000 --seed 1 --out bench/.cache/synth.jsonl
    .venv/bin/python bench/synth.py customers --n 1000000 --lists FILE... --out customers.csv

`entities` writes FollowTheMoney JSON lines (the format of OpenSanctions'
`entities.ftm.json`, read by proscribe's `ftm_json` parser and by
nomenklatura), so the same file feeds both systems. A real list is not a
random bag of strings: token frequencies are heavy-headed (thousands of
Mohammeds and Smiths, a long tail of rare surnames), a party has several
names (aliases, other transliterations, the original script, a kunya, a
former vessel name), and the facts that confirm a name (partial birth
dates, nationalities, passport numbers, IMO numbers) are there for some
parties only. So names are drawn from the real name data under
../shared/data/names (US Census frequencies, common names by country in
native script and romanised, surname lists by country, Wikidata
transliteration pairs), per *culture*: an Arabic party gets Arabic-script
and Latin names, a Russian one a patronymic and Cyrillic, a Chinese one a
Han name written surname-first, and so on. About 80% are people, 17%
organisations and 3% vessels. There are no Sanction link entities: the
FtM parser keeps link entities in memory, which would measure the parser,
not the index.

`customers` writes a query file (id,name,schema,birth_date,country) for the
batch contract: a share of rows (`--hit-share`) are parties drawn from the
given list files, lightly perturbed (a typo, a dropped middle name, another
order, no accents...), the rest are synthetic customers of the same
cultures, most of whom match nothing. Which row was made from which party
goes to a sidecar `OUT.truth.csv` (id,source,source_id), never into the
query file.

Everything comes from one seeded `random.Random` and the name files are
read in a fixed order, so a seed gives a byte-identical file on every run.
Output is written as it is generated: memory does not grow with `--n`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_names import NAMES, Culture, Mix, Pool, Token, cultures, fold, pairs, words  # noqa: E402

PERSON_SHARE = 0.80
VESSEL_SHARE = 0.03  # the rest are organisations
CUSTOMER_COLUMNS = ("id", "name", "schema", "birth_date", "country")
TRUTH_COLUMNS = ("id", "source", "source_id")

_TRADE = words(
    "Trading|Logistics|Shipping|Holdings|Investments|Petroleum|Energy|Engineering|"
    "Technologies|Industries|Finance|Exchange|Group|Resources|Marine|Construction|Mining|"
    "Aviation|Electronics|Chemicals|Metals|Consulting|Import Export|General Trading|"
    "Security|Services"
)

_WORDS = words(
    "Global|United|Eastern|Western|Golden|Star|Ocean|Delta|Alpha|Nova|Pacific|Atlas|"
    "Phoenix|Crescent|Orient|Royal|Sun|Silk Road|Horizon|Summit|Falcon|Eagle|Lion|Pearl|"
    "Emerald|Caspian|Baltic|Black Sea|Gulf|Red Sea|Everest|Apex|Unity|Victory|Prime|"
    "Continental|Meridian|Zenith"
)

_LEGAL = words("LLC|Ltd|Limited|Inc|Co.|Corp|GmbH|S.A.|SARL|B.V.|FZE|JSC")

_RU_WORDS = pairs(
    "Trans=Транс|Stroy=Строй|Invest=Инвест|Neftegaz=Нефтегаз|Torg=Торг|Energo=Энерго|"
    "Prom=Пром|Tekh=Тех|Servis=Сервис|Logistik=Логистик|Snab=Снаб|Avia=Авиа|Flot=Флот|"
    "Metall=Металл|Khim=Хим|Agro=Агро|Sib=Сиб|Ural=Урал|Volga=Волга|Baltik=Балтик"
)

_RU_LEGAL = pairs("OOO=ООО|AO=АО|PAO=ПАО|ZAO=ЗАО|OAO=ОАО")

_AR_TRADE = pairs(
    "Trading Company=للتجارة|Contracting Company=للمقاولات|"
    "Oil Services Company=للخدمات النفطية|Exchange Company=للصرافة|"
    "Import and Export Company=للاستيراد والتصدير|General Trading Company=للتجارة العامة|"
    "Money Exchange=للصرافة والتحويلات|Shipping Company=للشحن"
)

_ZH_WORDS = pairs(
    "Huaxin=华信|Jinlong=金龙|Hengyuan=恒源|Dongfang=东方|Zhongtian=中天|Tianli=天利|Hongda=宏达|"
    "Xinhua=新华|Changjiang=长江|Haiyang=海洋|Jiahe=嘉禾|Ruifeng=瑞丰|Shengda=盛达|Yuanhang=远航|"
    "Baoli=宝利|Kaida=凯达"
)

_ZH_TRADE = pairs(
    "Trading=贸易|Technology=科技|Shipping=航运|Industrial=实业|Import and Export=进出口|"
    "Electronics=电子|Logistics=物流|Energy=能源|Chemical=化工"
)

_VESSEL_WORDS = words(
    "OCEAN|STAR|SEA|PRINCESS|GLORY|FORTUNE|PEARL|SPIRIT|WIND|GRACE|HOPE|LUCKY|GOLDEN|"
    "ROYAL|BLUE|NORTHERN|SOUTHERN|EASTERN|QUEEN|KING|DIAMOND|LADY|LIBERTY|PACIFIC|"
    "ATLANTIC|ARCTIC|CASPIAN|NEPTUNE|POSEIDON|HORIZON|VOYAGER|PIONEER|EXPRESS|TRADER|"
    "CARRIER|MARINER|DOLPHIN|FALCON|PHOENIX|TITAN|AURORA|CRYSTAL|EMERALD|SAPPHIRE|"
    "MAJESTY|SUNRISE|SUNSET|HARMONY|VICTORY"
)

_VESSEL_TYPES = words(
    "Crude Oil Tanker|Oil Products Tanker|Chemical Tanker|LPG Tanker|Bulk Carrier|"
    "General Cargo|Container Ship|Tug|Fishing Vessel|Yacht"
)
_FLAGS = tuple(
    (c, float(w))
    for c, w in pairs(
        "PA=8|LR=6|MH=5|MT=3|BS=2|CM=3|KM=3|TG=2|SL=2|PW=2|IR=4|KP=2|RU=3|CN=3|HK=2|SG=2|AE=2|GA=2"
    )
)

_KUNYA_PREFIX = ("Abu", "أبو")
_NASAB = (("bin", "بن"), ("ibn", "ابن"))
_AL = ("al-", "ال")


# --- names -----------------------------------------------------------------------------


@dataclass(slots=True)
class PersonName:
    """A person's name as tokens, in both writings when the culture has a script."""

    given: list[Token]
    surname: list[Token]
    middle: list[Token] = field(default_factory=list)
    patronymic: Token | None = None
    nasab: list[tuple[str, str]] = field(default_factory=list)  # Arabic "bin X": (latin, arabic)
    gender: str = ""

    def latin_tokens(self) -> list[str]:
        out = [t[0] for t in self.given]
        out += [t[0] for t in self.middle]
        if self.patronymic is not None:
            out.append(self.patronymic[0])
        out += [t for t, _ in self.nasab]
        out += [t[0] for t in self.surname]
        return out

    def latin(self) -> str:
        return " ".join(self.latin_tokens())

    def native(self, culture: Culture) -> str | None:
        if culture.script is None:
            return None
        parts = [*self.given, *self.middle]
        if self.patronymic is not None:
            parts.append(self.patronymic)
        if any(t[1] is None for t in [*parts, *self.surname]):
            return None
        given = [t[1] or "" for t in parts] + [n for _, n in self.nasab]
        family = [t[1] or "" for t in self.surname]
        ordered = family + given if culture.surname_first else given + family
        return culture.joiner.join(ordered)

    def surname_first(self) -> str:
        """How many lists write a person: SURNAME, Given Middle."""
        family = " ".join(t[0] for t in self.surname).upper()
        rest = self.latin_tokens()[: -len(self.surname)] if self.surname else self.latin_tokens()
        return f"{family}, {' '.join(rest)}" if rest else family


def variant(text: str, rules: Sequence[tuple[str, str]], rng: random.Random) -> str | None:
    """Another transliteration of the name: one rule applied at one place, or None if none applies."""
    low = text.lower()
    usable = [(a, b) for a, b in rules if a in low]
    if not usable:
        return None
    a, b = usable[rng.randrange(len(usable))]
    at = low.find(a)
    # Keep the case shape of the original: capitalise word starts again.
    out = low[:at] + b + low[at + len(a) :]
    words = [w[:1].upper() + w[1:] if w else w for w in out.split(" ")]
    result = " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in words)
    return result if result.lower() != low and result.strip() else None


def _pick_gendered(pool: Pool | Mix, rng: random.Random, gender: str) -> Token:
    """A given name of the wanted gender when the data says (a few tries), else any."""
    token: Token = pool.pick(rng)
    for _ in range(3):
        if not gender or not token[2] or token[2] == gender:
            return token
        token = pool.pick(rng)
    return token


def person_name(culture: Culture, rng: random.Random, country: str) -> PersonName:
    gender = "male" if rng.random() < 0.8 else "female"  # listed parties are mostly men
    given_pool: Pool | Mix = culture.given
    surname_pool: Pool | Mix = culture.surname
    per_country = culture.extra.get("by_country")
    if per_country and country in per_country:
        given_pool, surname_pool = per_country[country]
    given = [_pick_gendered(given_pool, rng, gender)]
    gender = given[0][2] or gender
    name = PersonName(given=given, surname=[surname_pool.pick(rng)], gender=gender)
    key = culture.key
    if key in ("anglo", "european", "hispanic") and rng.random() < 0.35:
        name.middle.append(_pick_gendered(given_pool, rng, gender))
    if rng.random() < culture.extra.get("double_surname", 0.0):
        name.surname.append(surname_pool.pick(rng))
    if key == "cyrillic" and rng.random() < culture.extra.get("patronymic", 0.0):
        father = _pick_gendered(given_pool, rng, "male")
        suffix = ("ovich", "ович") if gender == "male" else ("ovna", "овна")
        lat = father[0].rstrip("aeiouy") + suffix[0]
        native = (father[1] or "").rstrip("аеиоуыяй") + suffix[1] if father[1] else None
        name.patronymic = (lat, native, "")
        if gender == "female":
            s_lat, s_nat, _ = name.surname[0]
            if s_lat.endswith(("ov", "ev", "in")):
                name.surname[0] = (s_lat + "a", (s_nat + "а") if s_nat else None, "")
    if key == "arabic":
        if rng.random() < 0.4:
            lat, ar = _NASAB[rng.randrange(2)]
            father = _pick_gendered(given_pool, rng, "male")
            if father[1]:
                name.nasab.append((lat, ar))
                name.nasab.append((father[0], father[1]))
        if rng.random() < 0.35:
            s_lat, s_nat, _ = name.surname[0]
            name.surname[0] = (
                _AL[0] + s_lat,
                (_AL[1] + s_nat) if s_nat else None,
                "",
            )
    return name


def _dob(rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.12:
        return None
    year = 1935 + int(rng.random() ** 0.8 * 70)
    if r < 0.30:
        return str(year)
    month = rng.randint(1, 12)
    if r < 0.37:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _passport(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return (
        letters[rng.randrange(len(letters))]
        + letters[rng.randrange(len(letters))]
        + f"{rng.randrange(10**7):07d}"
    )


def _imo(rng: random.Random) -> str:
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(5)]
    check = sum(d * (7 - i) for i, d in enumerate(digits)) % 10
    return "IMO" + "".join(map(str, digits)) + str(check)


# --- entities -------------------------------------------------------------------------------


def _person(culture: Culture, rng: random.Random) -> dict[str, list[str]]:
    country = culture.countries.pick(rng)
    name = person_name(culture, rng, country)
    latin = name.latin()
    native = name.native(culture)
    props: dict[str, list[str]] = {}
    names: list[str] = []
    aliases: list[str] = []
    if native and rng.random() < 0.35:
        names.append(native)
        aliases.append(latin)
    else:
        names.append(latin)
        if native and rng.random() < 0.7:
            aliases.append(native)
    if rng.random() < 0.25:
        aliases.append(name.surname_first())
    if rng.random() < 0.45:
        other = variant(latin, culture.variants, rng)
        if other:
            aliases.append(other)
    if rng.random() < 0.1 and (name.middle or name.patronymic or name.nasab):
        aliases.append(f"{name.given[0][0]} {' '.join(t[0] for t in name.surname)}")
    props["name"] = names
    if aliases:
        props["alias"] = list(dict.fromkeys(a for a in aliases if a not in names))
    if culture.key == "arabic" and rng.random() < 0.12:
        kunya_lat, kunya_ar = _KUNYA_PREFIX
        son = _pick_gendered(culture.given, rng, "male")
        props["weakAlias"] = [f"{kunya_lat} {son[0]}"]
        if son[1] and rng.random() < 0.5:
            props["weakAlias"].append(f"{kunya_ar} {son[1]}")
    elif rng.random() < 0.05:
        props["weakAlias"] = [name.given[0][0]]
    if rng.random() < 0.5:
        props["firstName"] = [name.given[0][0]]
        props["lastName"] = [" ".join(t[0] for t in name.surname)]
        if name.middle:
            props["middleName"] = [t[0] for t in name.middle]
        if name.patronymic is not None:
            props["fatherName"] = [name.patronymic[0]]
    dob = _dob(rng)
    if dob:
        props["birthDate"] = [dob]
        if rng.random() < 0.06:
            props["birthDate"].append(str(int(dob[:4]) + rng.choice((-1, 1))))
    if rng.random() < 0.85:
        props["nationality"] = [country.lower()]
    if rng.random() < 0.08:
        props["citizenship"] = [culture.countries.pick(rng).lower()]
    props["gender"] = [name.gender or "male"]
    if rng.random() < 0.22:
        props["passportNumber"] = [_passport(rng)]
    if rng.random() < 0.1:
        props["idNumber"] = [f"{rng.randrange(10**10):010d}"]
    return props


def _org(culture: Culture, rng: random.Random) -> dict[str, list[str]]:
    country = culture.countries.pick(rng)
    sur: Token = culture.surname.pick(rng)
    names: list[str]
    aliases: list[str] = []
    key = culture.key
    r = rng.random()
    if key == "cyrillic" and r < 0.7:
        (w1l, w1c), (w2l, w2c) = rng.sample(_RU_WORDS, 2)
        lf_lat, lf_cyr = _RU_LEGAL[rng.randrange(len(_RU_LEGAL))]
        native = f"{lf_cyr} «{w1c}{w2c.lower()}»"
        latin = f"{lf_lat} {w1l}{w2l.lower()}"
        names, aliases = ([native], [latin]) if rng.random() < 0.4 else ([latin], [native])
        aliases.append(f"{w1l}{w2l} {rng.choice(('LLC', 'JSC', 'Limited Liability Company'))}")
    elif key == "arabic" and r < 0.6 and sur[1]:
        trade_lat, trade_ar = _AR_TRADE[rng.randrange(len(_AR_TRADE))]
        native = f"شركة {sur[1]} {trade_ar}"
        latin = f"{sur[0]} {trade_lat}"
        names, aliases = ([latin], [native]) if rng.random() < 0.6 else ([native], [latin])
    elif key == "chinese" and r < 0.7:
        wl, wc = _ZH_WORDS[rng.randrange(len(_ZH_WORDS))]
        tl, tc = _ZH_TRADE[rng.randrange(len(_ZH_TRADE))]
        place = rng.choice(
            (
                ("", ""),
                ("Shenzhen ", "深圳"),
                ("Shanghai ", "上海"),
                ("Hong Kong ", "香港"),
                ("Dalian ", "大连"),
            )
        )
        native = f"{place[1]}{wc}{tc}有限公司"
        latin = f"{place[0]}{wl} {tl} Co., Ltd."
        names, aliases = ([latin], [native])
    else:
        trade = _TRADE[rng.randrange(len(_TRADE))]
        legal = _LEGAL[rng.randrange(len(_LEGAL))]
        pattern = rng.random()
        if pattern < 0.45:
            latin = f"{sur[0]} {trade} {legal}"
        elif pattern < 0.6:
            latin = f"{sur[0]} & {culture.surname.pick(rng)[0]} {legal}"
        elif pattern < 0.9:
            latin = f"{_WORDS[rng.randrange(len(_WORDS))]} {trade} {legal}"
        else:
            words = rng.sample(_WORDS, 2)
            latin = f"{words[0]} {words[1]} {trade}"
        names = [latin]
        if rng.random() < 0.25:
            short = " ".join(latin.split(" ")[:-1])
            if len(short.split()) >= 2:
                aliases.append(short)
        if rng.random() < 0.1:
            initials = "".join(w[0] for w in latin.split() if w[:1].isalpha() and w[0].isupper())
            if len(initials) >= 3:
                aliases.append(initials)
    props: dict[str, list[str]] = {"name": names}
    if aliases:
        props["alias"] = list(dict.fromkeys(a for a in aliases if a not in names))
    if rng.random() < 0.12:
        props["previousName"] = [
            f"{_WORDS[rng.randrange(len(_WORDS))]} {_TRADE[rng.randrange(len(_TRADE))]}"
        ]
    props["jurisdiction" if rng.random() < 0.6 else "country"] = [country.lower()]
    if rng.random() < 0.3:
        props["registrationNumber"] = [f"{rng.randrange(10**9):09d}"]
    if rng.random() < 0.1:
        props["taxNumber"] = [f"{rng.randrange(10**10):010d}"]
    if rng.random() < 0.25:
        props["incorporationDate"] = [str(rng.randint(1960, 2023))]
    return props


def _vessel(rng: random.Random, culture: Culture) -> dict[str, list[str]]:
    def vessel_name() -> str:
        r = rng.random()
        if r < 0.5:
            a, b = rng.sample(_VESSEL_WORDS, 2)
            return f"{a} {b}"
        if r < 0.75:
            return culture.given.pick(rng)[0].upper()
        if r < 0.9:
            return f"{_VESSEL_WORDS[rng.randrange(len(_VESSEL_WORDS))]} {rng.randint(1, 99)}"
        return f"{culture.surname.pick(rng)[0].upper()} {_VESSEL_WORDS[rng.randrange(len(_VESSEL_WORDS))]}"

    props: dict[str, list[str]] = {"name": [vessel_name()]}
    if rng.random() < 0.4:
        props["previousName"] = [vessel_name() for _ in range(rng.randint(1, 3))]
    props["imoNumber"] = [_imo(rng)]
    flag = _FLAG_POOL.pick(rng)
    props["flag"] = [flag.lower()]
    props["type"] = [_VESSEL_TYPES[rng.randrange(len(_VESSEL_TYPES))]]
    if rng.random() < 0.3:
        props["mmsi"] = [f"{rng.randint(200, 775)}{rng.randrange(10**6):06d}"]
    if rng.random() < 0.5:
        props["buildDate"] = [str(rng.randint(1975, 2020))]
    return props


_FLAG_POOL = Pool.of(_FLAGS)


def generate_entities(n: int, seed: int, names_dir: Path = NAMES) -> Iterator[dict[str, Any]]:
    """`n` FtM entities (dicts), deterministic for a seed."""
    pick_culture, _ = cultures(names_dir)
    rng = random.Random(seed)
    for i in range(n):
        culture: Culture = pick_culture.pick(rng)
        r = rng.random()
        if r < PERSON_SHARE:
            schema, props = "Person", _person(culture, rng)
        elif r < 1 - VESSEL_SHARE:
            schema, props = "Organization", _org(culture, rng)
        else:
            schema, props = "Vessel", _vessel(rng, culture)
        yield {"id": f"syn{seed}-{i:07d}", "schema": schema, "properties": props}


def write_entities(n: int, seed: int, out: Path, names_dir: Path = NAMES) -> int:
    """Stream the entities to `out` (written to a temporary name, then renamed: never half a file)."""
    tmp = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        batch: list[str] = []
        for entity in generate_entities(n, seed, names_dir):
            batch.append(dumps(entity))
            count += 1
            if len(batch) >= 10_000:
                fh.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            fh.write("\n".join(batch) + "\n")
    tmp.replace(out)
    return count


# --- customers -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    """What a customer row needs of a listed party."""

    source: str
    source_id: str
    schema: str
    latin: tuple[str, ...]
    other: tuple[str, ...]
    birth_date: str | None
    country: str | None


_FTM_SCHEMA = {"Aircraft": "Airplane", "LegalEntity": "Organization"}


def _is_latin(text: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())


def _listed_entities(path: Path) -> Iterator[Callable[[], Listed | None]]:
    """Each party of a list file, as a thunk: only the sampled ones are ever decoded.

    FtM JSON lines are read directly (one json.loads per *sampled* line), so a
    query set over a million-entity file takes seconds; every other format
    goes through proscribe's parser.
    """
    from proscribe.sources.ftm_json import SOURCE, THING_SCHEMAS
    from proscribe.sources.registry import detect, open_list

    if detect(path).name == "ftm_json":
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                m = _SCHEMA_RE.search(line)
                if m is None or m.group(1) not in THING_SCHEMAS:
                    continue
                yield lambda line=line: _listed_from_ftm(SOURCE, line)  # type: ignore[misc]
        return
    for entity in open_list(path).entities():
        if not entity.names:
            continue
        yield lambda entity=entity: Listed(  # type: ignore[misc]
            entity.source,
            entity.source_id,
            _FTM_SCHEMA.get(entity.schema, entity.schema),
            tuple(n.full for n in entity.names if n.script in (None, "Latn")),
            tuple(n.full for n in entity.names if n.script not in (None, "Latn")),
            next((d.value for d in entity.birth_dates if not d.end), None),
            next(iter([*entity.nationalities, *entity.citizenships, *entity.countries]), None),
        )


_SCHEMA_RE = re.compile(r'"schema"\s*:\s*"([A-Za-z]+)"')


def _listed_from_ftm(source: str, line: str) -> Listed | None:
    data = json.loads(line)
    props: dict[str, list[str]] = data.get("properties", {})
    names = [v for p in ("name", "alias", "previousName") for v in props.get(p, [])]
    if not names:
        return None
    countries = [
        v
        for p in ("nationality", "citizenship", "country", "jurisdiction")
        for v in props.get(p, [])
    ]
    schema = data["schema"]
    return Listed(
        source,
        data["id"],
        "Organization" if schema in ("Company", "PublicBody", "LegalEntity") else schema,
        tuple(n for n in names if _is_latin(n)),
        tuple(n for n in names if not _is_latin(n)),
        next(iter(props.get("birthDate", [])), None),
        countries[0].upper() if countries else None,
    )


def sample_listed(paths: Sequence[Path], size: int, seed: int) -> list[Listed]:
    """A uniform sample (reservoir) of the named parties in the list files, in a fixed order."""
    from proscribe.sources.registry import expand_paths

    rng = random.Random(seed)
    sample: list[Listed] = []
    seen = 0
    for path in expand_paths(list(paths)):
        for thunk in _listed_entities(path):
            seen += 1
            slot = seen - 1 if seen <= size else rng.randrange(seen)
            if slot >= size:
                continue
            item = thunk()
            if item is None:
                continue
            if slot >= len(sample):
                sample.append(item)
            else:
                sample[slot] = item
    if not sample:
        raise SystemExit(f"no named parties in {', '.join(map(str, paths))}")
    return sample


_KEYBOARD = "abcdefghijklmnopqrstuvwxyz"


def _typo(token: str, rng: random.Random) -> str:
    if len(token) < 4:
        return token
    i = rng.randrange(1, len(token) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return token[:i] + _KEYBOARD[rng.randrange(26)] + token[i + 1 :]
    if kind == 1:
        return token[:i] + token[i + 1 :]
    if kind == 2:
        return token[:i] + _KEYBOARD[rng.randrange(26)] + token[i:]
    return token[: i - 1] + token[i] + token[i - 1] + token[i + 1 :]


def perturb(name: str, rng: random.Random) -> str:
    """One light, realistic change: what a customer record differs from a list entry by."""
    tokens = name.replace(",", " ").split()
    if not tokens:
        return name
    kind = rng.randrange(7)
    if kind == 0:  # typo in one longer token
        longer = [i for i, t in enumerate(tokens) if len(t) >= 4]
        if longer:
            i = longer[rng.randrange(len(longer))]
            tokens[i] = _typo(tokens[i], rng)
    elif kind == 1 and len(tokens) >= 3:  # drop a middle token
        del tokens[rng.randrange(1, len(tokens) - 1)]
    elif kind == 2 and len(tokens) >= 2:  # surname first / last
        tokens = tokens[-1:] + tokens[:-1] if rng.random() < 0.5 else tokens[1:] + tokens[:1]
    elif kind == 3:
        return fold(" ".join(tokens)).upper()
    elif kind == 4:
        return " ".join(tokens).lower()
    elif kind == 5 and len(tokens) >= 3:  # initial for the first given name
        tokens[0] = tokens[0][0] + "."
    else:
        return fold(" ".join(t.replace("-", " ") for t in tokens))
    return " ".join(tokens)


def _customer_from_listed(item: Listed, rng: random.Random) -> dict[str, str]:
    if item.other and (not item.latin or rng.random() < 0.1):
        name = item.other[rng.randrange(len(item.other))]
    else:
        name = item.latin[0] if rng.random() < 0.6 else item.latin[rng.randrange(len(item.latin))]
        if item.schema == "Person" and "," in name:
            family, _, given = name.partition(",")
            name = f"{given.strip()} {family.strip()}"
        if rng.random() < 0.65:
            name = perturb(name, rng)
    dob = ""
    if item.birth_date and item.schema == "Person" and rng.random() < 0.6:
        dob = item.birth_date[:4] if rng.random() < 0.2 else item.birth_date
    country = item.country.lower() if item.country and rng.random() < 0.5 else ""
    return {"name": name, "schema": item.schema, "birth_date": dob, "country": country}


def _customer_synthetic(rng: random.Random, names_dir: Path) -> dict[str, str]:
    pick_culture, _ = cultures(names_dir)
    culture: Culture = pick_culture.pick(rng)
    if rng.random() < 0.85:
        country = culture.countries.pick(rng)
        pname = person_name(culture, rng, country)
        native = pname.native(culture)
        name = native if native and rng.random() < 0.05 else pname.latin()
        dob = _dob(rng) if rng.random() < 0.7 else None
        return {
            "name": name,
            "schema": "Person",
            "birth_date": dob or "",
            "country": country.lower() if rng.random() < 0.7 else "",
        }
    props = _org(culture, rng)
    country = (props.get("jurisdiction") or props.get("country") or [""])[0]
    return {
        "name": props["name"][0],
        "schema": "Organization",
        "birth_date": "",
        "country": country if rng.random() < 0.5 else "",
    }


def generate_customers(
    n: int,
    listed: Sequence[Listed],
    seed: int,
    hit_share: float,
    names_dir: Path = NAMES,
) -> Iterator[tuple[dict[str, str], Listed | None]]:
    """`n` customer rows, each with the listed party it was made from (None for the others)."""
    if not 0.0 <= hit_share <= 1.0:
        raise ValueError(f"--hit-share {hit_share} is not between 0 and 1")
    rng = random.Random(seed)
    width = max(7, len(str(n)))
    for i in range(n):
        if listed and rng.random() < hit_share:
            item = listed[rng.randrange(len(listed))]
            row = _customer_from_listed(item, rng)
            made_from: Listed | None = item
        else:
            row = _customer_synthetic(rng, names_dir)
            made_from = None
        yield {"id": f"C{i:0{width}d}", **row}, made_from


def write_customers(
    n: int,
    lists: Sequence[Path],
    out: Path,
    seed: int,
    hit_share: float,
    sample: int = 200_000,
    names_dir: Path = NAMES,
) -> tuple[int, int]:
    """Write the query CSV and its truth sidecar; returns (rows, rows made from a listed party)."""
    listed = sample_listed(lists, sample, seed) if hit_share > 0 else []
    out.parent.mkdir(parents=True, exist_ok=True)
    truth_path = truth_file(out)
    tmp, tmp_truth = (
        out.with_name(out.name + ".part"),
        truth_path.with_name(truth_path.name + ".part"),
    )
    rows = hits = 0
    with (
        open(tmp, "w", encoding="utf-8", newline="") as fh,
        open(tmp_truth, "w", encoding="utf-8", newline="") as th,
    ):
        writer = csv.DictWriter(fh, CUSTOMER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        truth = csv.writer(th, lineterminator="\n")
        truth.writerow(TRUTH_COLUMNS)
        for row, made_from in generate_customers(n, listed, seed, hit_share, names_dir):
            writer.writerow(row)
            rows += 1
            if made_from is not None:
                hits += 1
                truth.writerow((row["id"], made_from.source, made_from.source_id))
    tmp.replace(out)
    tmp_truth.replace(truth_path)
    return rows, hits


def truth_file(customers: Path) -> Path:
    return customers.with_name(customers.stem + ".truth.csv")


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ent = sub.add_parser("entities", help="a synthetic list as FtM JSON lines")
    ent.add_argument("--n", type=int, default=1_000_000)
    ent.add_argument("--seed", type=int, default=1)
    ent.add_argument("--out", type=Path, required=True)
    ent.add_argument("--names", type=Path, default=NAMES, help="the name data folder")
    cus = sub.add_parser("customers", help="customer query rows (CSV) with planted hits")
    cus.add_argument("--n", type=int, default=1_000_000)
    cus.add_argument("--seed", type=int, default=2)
    cus.add_argument("--lists", type=Path, nargs="+", required=True, help="list files or folders")
    cus.add_argument("--out", type=Path, required=True)
    cus.add_argument(
        "--hit-share", type=float, default=0.02, help="share of rows made from a listed party"
    )
    cus.add_argument("--sample", type=int, default=200_000, help="listed parties kept to draw from")
    cus.add_argument("--names", type=Path, default=NAMES, help="the name data folder")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must not be negative")
    start = time.perf_counter()
    if args.command == "entities":
        count = write_entities(args.n, args.seed, args.out, args.names)
        print(
            f"{count:,} entities -> {args.out} ({args.out.stat().st_size / 1e6:,.0f} MB) "
            f"in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
    else:
        for p in args.lists:
            if not p.exists():
                parser.error(f"--lists: {p} does not exist")
        rows, hits = write_customers(
            args.n, args.lists, args.out, args.seed, args.hit_share, args.sample, args.names
        )
        print(
            f"{rows:,} customers ({hits:,} made from listed parties) -> {args.out} "
            f"(truth: {truth_file(args.out)}) in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
