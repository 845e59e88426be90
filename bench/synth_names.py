"""The name data behind bench/synth.py: weighted pools of names per culture, read once.

Each culture (Arabic, Cyrillic, Chinese, Korean, Japanese, Hebrew, Greek,
Anglo, Hispanic, European, South Asian, other) draws given names and
surnames from ../shared/data/names: frequencies where the data has them
(US Census), common names by country in native script and romanised,
surname lists by country, and Wikidata transliteration pairs for the
long tail; the original-script form of a name comes from the data, or, for
lists without one (Russian and Greek surnames), from a rough
transliteration. Files are read in a fixed order and nothing iterates a
set, so the pools, and every draw from them, are the same on every run.
"""

from __future__ import annotations

import csv
import io
import os
import random
import unicodedata
from bisect import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PROSCRIBE_SHARED_DATA", REPO.parent / "shared" / "data"))
NAMES = SHARED / "names"

# A token of a name: its Latin spelling, its original-script spelling if the culture has
# one (None when the data gives none), and the gender the name data gives ("" if none).
Token = tuple[str, str | None, str]


# --- weighted pools ----------------------------------------------------------------------


@dataclass(slots=True)
class Pool:
    """Items drawn with probability proportional to their weights (one bisect per draw)."""

    items: list[Any]
    cum: list[float]

    @classmethod
    def of(cls, pairs: Iterable[tuple[Any, float]]) -> Pool:
        items: list[Any] = []
        cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight <= 0:
                continue
            total += weight
            items.append(item)
            cum.append(total)
        if not items:
            raise ValueError("empty name pool: is ../shared/data/names complete?")
        return cls(items, cum)

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]

    def __len__(self) -> int:
        return len(self.items)


@dataclass(slots=True)
class Mix:
    """Draw from one of several pools, chosen by share: common native names plus a long tail."""

    pools: list[Pool]
    shares: list[float]

    def pick(self, rng: random.Random) -> Any:
        r = rng.random() * sum(self.shares)
        for pool, share in zip(self.pools, self.shares, strict=True):
            if r < share:
                return pool.pick(rng)
            r -= share
        return self.pools[-1].pick(rng)


# --- reading the name data ---------------------------------------------------------------


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # first_names__es.txt is ISO-8859-1
    return text.lstrip("\ufeff")


def _lines(path: Path) -> list[str]:
    """One name per line; duplicates dropped, order kept."""
    out = dict.fromkeys(
        line.strip() for line in _read_text(path).splitlines() if line.strip().isprintable()
    )
    out.pop("", None)
    return [n for n in out if any(c.isalpha() for c in n)]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read_text(path))))


def fold(text: str) -> str:
    """Latin text without accents or tone marks (Wáng -> Wang, Satō -> Sato)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _title(token: str) -> str:
    """Census names are upper case; lists write them capitalised (keeps O'Neil, Al-Harbi)."""
    return "-".join(p[:1].upper() + p[1:].lower() if p else p for p in token.split("-"))


@dataclass(frozen=True, slots=True)
class Popular:
    """Common forenames or surnames of one country: (localized, romanised, gender) rows."""

    by_country: dict[str, list[tuple[str, str, str]]]


def _popular(path: Path) -> Popular:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for row in _csv_rows(path):
        country = (row.get("Country") or "").strip()
        local = (row.get("Localized Name") or "").strip()
        roman = (row.get("Romanized Name") or "").strip() or local
        if not country or not roman:
            continue
        gender = {"M": "male", "F": "female"}.get((row.get("Gender") or "").strip(), "")
        out.setdefault(country, []).append((local or roman, roman, gender))
    return Popular(out)


def _census(path: Path, limit: int) -> list[tuple[Token, float]]:
    out: list[tuple[Token, float]] = []
    for row in _csv_rows(path)[:limit]:
        name, count = (row.get("name") or "").strip(), (row.get("count") or "").strip()
        if not name or not count.isdigit() or name == "ALL OTHER NAMES":
            continue
        gender = ""
        male = row.get("pctmale")
        if male:
            try:
                gender = "male" if float(male) >= 50 else "female"
            except ValueError:
                gender = ""
        out.append(((_title(name), None, gender), float(count)))
    return out


def _aligned(path: Path) -> dict[str, tuple[str, int]]:
    """Wikidata token pairs (latin, space-separated script characters, count): latin -> best script."""
    best: dict[str, tuple[str, int]] = {}
    for line in _read_text(path).splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[2].strip().isdigit():
            continue
        latin, script, count = parts[0].strip(), parts[1].replace(" ", ""), int(parts[2])
        if not latin.isalpha() or not script or len(latin) < 2:
            continue
        if latin not in best or best[latin][1] < count:
            # Scripts with case (Cyrillic, Greek) are capitalised as names are.
            best[latin] = (script[:1].upper() + script[1:], count)
    return best


# --- simple transliterations for name lists that come without a native form ---------------


def pairs(text: str) -> tuple[tuple[str, str], ...]:
    """A table written compactly as "a=b|c=d" (one line per few entries instead of one per entry)."""
    return tuple(tuple(item.split("=", 1)) for item in text.split("|"))  # type: ignore[misc]


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


_CYRILLIC = pairs(
    "shch=щ|sch=щ|zh=ж|kh=х|ts=ц|ch=ч|sh=ш|ya=я|yu=ю|yo=ё|ye=е|iy=ий|yy=ый|a=а|b=б|v=в|"
    "w=в|g=г|d=д|e=е|z=з|i=и|j=й|y=ы|k=к|l=л|m=м|n=н|o=о|p=п|r=р|s=с|t=т|u=у|f=ф|h=х|c=к|"
    "x=кс|q=к"
)

_GREEK = pairs(
    "th=θ|ch=χ|ps=ψ|ph=φ|ou=ου|ks=ξ|mp=μπ|nt=ντ|a=α|b=β|v=β|g=γ|d=δ|e=ε|z=ζ|i=ι|k=κ|c=κ|"
    "l=λ|m=μ|n=ν|x=ξ|o=ο|p=π|r=ρ|s=σ|t=τ|y=υ|u=ου|f=φ|h=χ|j=τζ|w=ου|q=κ"
)


def _translit(text: str, table: Sequence[tuple[str, str]]) -> str:
    """Greedy longest-first replacement: rough, but what a clerk writing a name down would do."""
    src = fold(text).lower()
    out: list[str] = []
    i = 0
    while i < len(src):
        for latin, native in table:
            if src.startswith(latin, i):
                out.append(native)
                i += len(latin)
                break
        else:
            out.append(src[i])
            i += 1
    word = "".join(out)
    return word[:1].upper() + word[1:]


def to_cyrillic(text: str) -> str:
    return _translit(text, _CYRILLIC)


def to_greek(text: str) -> str:
    word = _translit(text, _GREEK)
    return word[:-1] + "ς" if word.endswith("σ") else word


# --- cultures --------------------------------------------------------------------------------


@dataclass(slots=True)
class Culture:
    """How people of one naming tradition are named, and where they are from."""

    key: str
    share: float
    countries: Pool
    given: Pool | Mix
    surname: Pool | Mix
    script: str | None = None  # the original script's joiner decides "王若汐" vs "Иван Петров"
    joiner: str = " "
    surname_first: bool = False  # in the original script
    variants: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


# Transliteration variants a second list (or a bank clerk) would write.
_ARABIC_VARIANTS = pairs(
    "mohammed=muhammad|mohammad=mohamed|muhammad=mohammed|ou=u|ee=i|oo=u|q=k|kh=h|dh=z|"
    "al-=el-|al-=al |ei=ay|i=ee|u=ou|a=e|y=i|ss=s|h="
)

_RUSSIAN_VARIANTS = pairs(
    "v=ff|kh=ch|kh=h|y=j|ya=ia|yu=iu|iy=y|zh=j|ts=tz|sh=sch|ev=yev|e=ye|x=ks|i=y"
)

_GENERIC_VARIANTS = pairs("ph=f|c=k|ll=l|tt=t|ss=s|y=i|ie=y|sch=sh|w=v")

_CHINESE_VARIANTS = pairs("x=hs|zh=ch|q=ch|ong=ung|i=ee")

_COUNTRIES = {
    "anglo": tuple((c, float(w)) for c, w in pairs("US=10|GB=4|CA=2|AU=2|IE=1|NZ=1|ZA=1")),
    "hispanic": tuple(
        (c, float(w))
        for c, w in pairs("ES=3|MX=4|AR=2|CO=3|VE=3|PE=1|CL=1|CU=2|EC=1|GT=1|BO=1|NI=1|PA=1")
    ),
    "european": tuple(
        (c, float(w))
        for c, w in pairs("DE=4|FR=4|IT=4|PT=1|PL=2|CZ=1|NL=2|BE=1|AT=1|CH=1|RO=1|HU=1|CY=1|MT=1")
    ),
    "arabic": tuple(
        (c, float(w))
        for c, w in pairs(
            "SY=5|IQ=5|IR=5|AE=3|SA=3|YE=3|LB=3|EG=2|LY=2|SD=2|AF=2|PK=2|JO=1|KW=1|QA=1|SO=1|PS=1"
        )
    ),
    "cyrillic": tuple(
        (c, float(w)) for c, w in pairs("RU=10|UA=2|BY=2|KZ=1|KG=1|BG=1|RS=1|TJ=1|UZ=1")
    ),
    "chinese": tuple((c, float(w)) for c, w in pairs("CN=6|HK=2|TW=1|SG=1|MO=1")),
    "korean": tuple((c, float(w)) for c, w in pairs("KP=3|KR=2")),
    "japanese": tuple((c, float(w)) for c, w in pairs("JP=1")),
    "hebrew": tuple((c, float(w)) for c, w in pairs("IL=1")),
    "greek": tuple((c, float(w)) for c, w in pairs("GR=3|CY=1")),
    "south_asian": tuple((c, float(w)) for c, w in pairs("IN=4|PK=2|BD=1|NP=1|LK=1")),
}
_POPULAR_OF = {
    "hispanic": tuple(["ES", "MX", "AR", "CO", "VE", "PE", "CL", "CU", "EC", "GT", "BO"]),
    "european": tuple(["DE", "FR", "IT", "PT", "PL", "CZ", "NL", "BE", "AT", "CH", "RO", "HU"]),
    "arabic": tuple(["AE", "SA", "EG", "IQ", "JO", "LB", "MA", "DZ", "TN", "LY", "KW", "IR", "PK"]),
    "cyrillic": tuple(["RU", "UA", "BY", "KZ", "KG", "BG", "RS", "ME", "MK"]),
    "chinese": tuple(["CN", "TW"]),
    "korean": tuple(["KR"]),
    "japanese": tuple(["JP"]),
    "hebrew": tuple(["IL"]),
    "greek": tuple(["GR", "CY"]),
    "south_asian": tuple(["IN", "PK", "BD", "NP", "LK"]),
}


# The cultures and their shares of the generated people and organisations.
_CULTURE_SHARES = {
    "anglo": 0.20,
    "hispanic": 0.10,
    "european": 0.12,
    "arabic": 0.17,
    "cyrillic": 0.14,
    "chinese": 0.07,
    "korean": 0.03,
    "japanese": 0.03,
    "hebrew": 0.02,
    "greek": 0.02,
    "south_asian": 0.05,
    "other": 0.05,
}


def _script_of(text: str) -> str:
    """A coarse script label of a native name: enough to know it is not Latin."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return name.split(" ")[0]
    return "LATIN"


def _written_in(native: str | None, scripts: tuple[str, ...]) -> bool:
    """Whether the native form is in one of the scripts (Korean tables also hold Hanja)."""
    return native is not None and all(
        _script_of(c).startswith(scripts) for c in native if c.isalpha()
    )


def _native_tokens(
    rows: Iterable[tuple[str, str, str]], weight: float
) -> list[tuple[Token, float]]:
    """Popular-name rows as tokens: romanised (accents folded for CJK tone marks) + native."""
    out: list[tuple[Token, float]] = []
    for local, roman, gender in rows:
        if " " in roman.strip():
            continue
        native = local.replace("\u0301", "") if _script_of(local) != "LATIN" else None
        out.append(((roman, native, gender), weight))
    return out


@cache
def cultures(names_dir: Path) -> tuple[Pool, dict[str, Culture]]:
    """Every culture's pools, built once from the name files."""
    popular = names_dir / "popular_by_country"
    fore = _popular(popular / "common-forenames-by-country.csv")
    sur = _popular(popular / "common-surnames-by-country.csv")
    lists = names_dir / "by_country_lists"
    wd = names_dir / "transliteration_wikidata"

    def rows(pop: Popular, countries: Sequence[str]) -> list[tuple[str, str, str]]:
        return [r for c in countries for r in pop.by_country.get(c, [])]

    def latin(names: Iterable[str], weight: float = 1.0) -> list[tuple[Token, float]]:
        return [((n, None, ""), weight) for n in names if " " not in n]

    def scripted(
        pairs: Iterable[tuple[Token, float]], table: dict[str, tuple[str, int]]
    ) -> list[tuple[Token, float]]:
        """Give Latin-only tokens their script form from a Wikidata table, when it has one."""
        out = []
        for (lat, native, gender), w in pairs:
            if native is None:
                hit = table.get(fold(lat).lower())
                native = hit[0] if hit else None
            out.append(((fold(lat), native, gender), w))
        return out

    def wd_pool(table: dict[str, tuple[str, int]], cap: int = 20) -> Pool:
        return Pool.of(
            ((_title(lat), script, ""), float(min(count, cap)))
            for lat, (script, count) in table.items()
        )

    census_first = _census(names_dir / "us_census" / "census_2020_first_names.csv", 20_000)
    census_last = _census(names_dir / "us_census" / "census_2020_surnames.csv", 100_000)
    out: dict[str, Culture] = {}

    out["anglo"] = Culture(
        "anglo",
        0,
        Pool.of(_COUNTRIES["anglo"]),
        Pool.of(census_first),
        Pool.of(census_last),
        variants=_GENERIC_VARIANTS,
    )
    out["hispanic"] = Culture(
        "hispanic",
        0,
        Pool.of(_COUNTRIES["hispanic"]),
        Mix(
            [
                Pool.of(latin(_lines(lists / "first_names__es.txt"))),
                Pool.of(_native_tokens(rows(fore, _POPULAR_OF["hispanic"]), 1.0)),
            ],
            [0.5, 0.5],
        ),
        Mix(
            [
                Pool.of(latin(_lines(lists / "surnames__es.txt"))),
                Pool.of(_native_tokens(rows(sur, _POPULAR_OF["hispanic"]), 1.0)),
            ],
            [0.6, 0.4],
        ),
        variants=_GENERIC_VARIANTS,
        extra={"double_surname": 0.5},
    )
    eu_surnames = [
        *_lines(lists / "surnames__non-normalized__de.txt"),
        *_lines(lists / "surnames__fr.txt"),
        *_lines(lists / "surnames__it.txt"),
        *_lines(lists / "surnames__non-normalized__pt.txt"),
        *_lines(lists / "surnames__pl.txt"),
        *_lines(lists / "surnames__cz.txt"),
        *_lines(lists / "surnames__ie.txt"),
        *_lines(lists / "surnames__ne.txt"),
        *_lines(lists / "surnames__uk.txt"),
    ]
    out["european"] = Culture(
        "european",
        0,
        Pool.of(_COUNTRIES["european"]),
        Mix(
            [
                Pool.of(latin(_lines(lists / "first_names__all.txt"))),
                Pool.of(_native_tokens(rows(fore, _POPULAR_OF["european"]), 1.0)),
            ],
            [0.4, 0.6],
        ),
        Mix(
            [
                Pool.of(latin(eu_surnames)),
                Pool.of(_native_tokens(rows(sur, _POPULAR_OF["european"]), 1.0)),
            ],
            [0.8, 0.2],
        ),
        variants=_GENERIC_VARIANTS,
    )

    arabic = _aligned(wd / "wd_arabic.normalized.aligned.tokens.tsv")
    arab_given = [
        p
        for p in scripted(_native_tokens(rows(fore, _POPULAR_OF["arabic"]), 1.0), arabic)
        if _written_in(p[0][1], ("ARABIC",))
    ]
    arab_sur = [
        p
        for p in scripted(_native_tokens(rows(sur, _POPULAR_OF["arabic"]), 1.0), arabic)
        if _written_in(p[0][1], ("ARABIC",))
    ]
    # The commonest Arabic given names, which popular-name tables under-represent for men.
    classic = [
        ("Mohammed", "محمد", 30),
        ("Muhammad", "محمد", 20),
        ("Ahmad", "أحمد", 12),
        ("Ali", "علي", 12),
        ("Hassan", "حسن", 8),
        ("Hussein", "حسين", 8),
        ("Abdullah", "عبد الله", 8),
        ("Abdul Rahman", "عبد الرحمن", 5),
        ("Omar", "عمر", 6),
        ("Khalid", "خالد", 6),
        ("Ibrahim", "إبراهيم", 6),
        ("Mahmoud", "محمود", 5),
        ("Yusuf", "يوسف", 5),
        ("Mustafa", "مصطفى", 4),
        ("Salim", "سالم", 4),
        ("Said", "سعيد", 4),
        ("Hamid", "حامد", 3),
        ("Jamal", "جمال", 3),
        ("Karim", "كريم", 3),
        ("Nasser", "ناصر", 3),
        ("Fatima", "فاطمة", 6),
        ("Aisha", "عائشة", 4),
        ("Zainab", "زينب", 4),
        ("Maryam", "مريم", 4),
    ]
    arab_given += [
        ((lat, ar, "female" if lat in {"Fatima", "Aisha", "Zainab", "Maryam"} else "male"), w)
        for lat, ar, w in classic
    ]
    out["arabic"] = Culture(
        "arabic",
        0,
        Pool.of(_COUNTRIES["arabic"]),
        Mix([Pool.of(arab_given), wd_pool(arabic, 5)], [0.8, 0.2]),
        # Family names are often a father's or tribe's name: men's given names count too.
        Mix(
            [
                Pool.of(arab_sur + [p for p in arab_given if p[0][2] != "female"]),
                wd_pool(arabic, 5),
            ],
            [0.75, 0.25],
        ),
        script="Arab",
        variants=_ARABIC_VARIANTS,
    )

    russian = _aligned(wd / "wd_russian_80.tsv")
    ru_sur = [
        ((s, to_cyrillic(s), ""), 1.0)
        for s in _lines(lists / "surnames__ru.txt")
        if s.isalpha() and s.isascii()
    ]
    out["cyrillic"] = Culture(
        "cyrillic",
        0,
        Pool.of(_COUNTRIES["cyrillic"]),
        Mix(
            [
                Pool.of(
                    scripted(_native_tokens(rows(fore, _POPULAR_OF["cyrillic"]), 1.0), russian)
                ),
                wd_pool(russian, 5),
            ],
            [0.7, 0.3],
        ),
        Mix(
            [
                Pool.of(ru_sur),
                Pool.of(scripted(_native_tokens(rows(sur, _POPULAR_OF["cyrillic"]), 1.0), russian)),
                wd_pool(russian, 5),
            ],
            [0.6, 0.2, 0.2],
        ),
        script="Cyrl",
        variants=_RUSSIAN_VARIANTS,
        extra={"patronymic": 0.7},
    )

    chinese = _aligned(wd / "wd_chinese.normalized.aligned.tokens.tsv")
    zh_given = scripted(_native_tokens(rows(fore, _POPULAR_OF["chinese"]), 1.0), chinese)
    zh_sur = scripted(_native_tokens(rows(sur, _POPULAR_OF["chinese"]), 1.0), chinese)
    out["chinese"] = Culture(
        "chinese",
        0,
        Pool.of(_COUNTRIES["chinese"]),
        Mix(
            [Pool.of(p for p in zh_given if _written_in(p[0][1], ("CJK",))), wd_pool(chinese, 3)],
            [0.8, 0.2],
        ),
        Mix(
            [
                Pool.of(p for p in zh_sur if _written_in(p[0][1], ("CJK",))),
                Pool.of(latin(_lines(lists / "surnames__cn.txt"))),
            ],
            [0.8, 0.2],
        ),
        script="Hani",
        joiner="",
        surname_first=True,
        variants=_CHINESE_VARIANTS,
    )
    korean = _aligned(wd / "wd_korean.normalized.aligned.tokens.tsv")
    out["korean"] = Culture(
        "korean",
        0,
        Pool.of(_COUNTRIES["korean"]),
        Mix(
            [
                Pool.of(
                    p
                    for p in scripted(
                        _native_tokens(rows(fore, _POPULAR_OF["korean"]), 1.0), korean
                    )
                    if _written_in(p[0][1], ("HANGUL",))
                ),
                wd_pool(korean, 3),
            ],
            [0.5, 0.5],
        ),
        Mix(
            [
                Pool.of(
                    p
                    for p in scripted(_native_tokens(rows(sur, _POPULAR_OF["korean"]), 1.0), korean)
                    if _written_in(p[0][1], ("HANGUL",))
                ),
                Pool.of(latin(_lines(lists / "surnames__kr.txt"))),
            ],
            [0.85, 0.15],
        ),
        script="Hang",
        joiner="",
        surname_first=True,
        variants=(("k", "g"), ("p", "b"), ("ch", "j"), ("u", "oo"), ("eo", "u")),
    )
    japanese = _aligned(wd / "wd_japanese.normalized.aligned.tokens.tsv")
    out["japanese"] = Culture(
        "japanese",
        0,
        Pool.of(_COUNTRIES["japanese"]),
        Pool.of(
            p
            for p in scripted(_native_tokens(rows(fore, _POPULAR_OF["japanese"]), 1.0), japanese)
            if _written_in(p[0][1], ("CJK", "HIRAGANA", "KATAKANA"))
        ),
        Pool.of(
            p
            for p in scripted(_native_tokens(rows(sur, _POPULAR_OF["japanese"]), 1.0), japanese)
            if _written_in(p[0][1], ("CJK", "HIRAGANA", "KATAKANA"))
        ),
        script="Jpan",
        joiner="",
        surname_first=True,
        variants=(("ou", "o"), ("o", "oh"), ("uu", "u"), ("shi", "si"), ("tsu", "tu")),
    )
    hebrew = _aligned(wd / "wd_hebrew.normalized.aligned.tokens.tsv")
    out["hebrew"] = Culture(
        "hebrew",
        0,
        Pool.of(_COUNTRIES["hebrew"]),
        Mix(
            [
                Pool.of(scripted(_native_tokens(rows(fore, _POPULAR_OF["hebrew"]), 1.0), hebrew)),
                wd_pool(hebrew, 5),
            ],
            [0.6, 0.4],
        ),
        Mix(
            [
                Pool.of(scripted(latin(_lines(lists / "surnames__il.txt")), hebrew)),
                Pool.of(scripted(_native_tokens(rows(sur, _POPULAR_OF["hebrew"]), 1.0), hebrew)),
            ],
            [0.7, 0.3],
        ),
        script="Hebr",
        variants=_GENERIC_VARIANTS,
    )
    out["greek"] = Culture(
        "greek",
        0,
        Pool.of(_COUNTRIES["greek"]),
        Pool.of(
            ((fold(r), n or to_greek(r), g), w)
            for (r, n, g), w in _native_tokens(rows(fore, _POPULAR_OF["greek"]), 1.0)
        ),
        Mix(
            [
                Pool.of(((s, to_greek(s), ""), 1.0) for s in _lines(lists / "surnames__gk.txt")),
                Pool.of(_native_tokens(rows(sur, _POPULAR_OF["greek"]), 1.0)),
            ],
            [0.8, 0.2],
        ),
        script="Grek",
        variants=(("k", "c"), ("ou", "u"), ("i", "y"), ("th", "t"), ("ch", "h")),
    )
    out["south_asian"] = Culture(
        "south_asian",
        0,
        Pool.of(_COUNTRIES["south_asian"]),
        Pool.of(_native_tokens(rows(fore, _POPULAR_OF["south_asian"]), 1.0)),
        Mix(
            [
                Pool.of(latin(_lines(lists / "surnames__hi.txt"))),
                Pool.of(
                    ((r, None, g), w)
                    for (r, _n, g), w in _native_tokens(rows(sur, _POPULAR_OF["south_asian"]), 1.0)
                ),
            ],
            [0.7, 0.3],
        ),
        variants=_GENERIC_VARIANTS,
    )
    # Everyone else in the popular-name tables, romanised.
    taken = {c for cs in _POPULAR_OF.values() for c in cs} | {"US", "GB", "CA", "AU", "IE", "NZ"}
    others = sorted((set(fore.by_country) & set(sur.by_country)) - taken)
    out["other"] = Culture(
        "other",
        0,
        Pool.of((c, 1.0) for c in others),
        Pool.of(
            ((fold(r), None, g), w)
            for (r, _n, g), w in _native_tokens(rows(fore, others), 1.0)
            if r.isalpha()
        ),
        Pool.of(
            ((fold(r), None, g), w)
            for (r, _n, g), w in _native_tokens(rows(sur, others), 1.0)
            if r.replace("-", "").isalpha()
        ),
        variants=_GENERIC_VARIANTS,
        extra={"by_country": _country_pools(fore, sur, others)},
    )
    for key, culture in out.items():
        culture.share = _CULTURE_SHARES[key]
    return Pool.of((c, c.share) for c in out.values()), out


def _country_pools(
    fore: Popular, sur: Popular, countries: Sequence[str]
) -> dict[str, tuple[Pool, Pool]]:
    """Given-name and surname pools of each country, so a Turk is not named like a Brazilian."""
    out = {}
    for country in countries:
        given = [((fold(r), None, g), 1.0) for _, r, g in fore.by_country[country] if r.isalpha()]
        family = [
            ((fold(r), None, ""), 1.0)
            for _, r, _g in sur.by_country[country]
            if r.replace("-", "").isalpha()
        ]
        if given and family:
            out[country] = (Pool.of(given), Pool.of(family))
    return out
