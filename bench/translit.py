"""How well proscribe.text romanises names, measured on real name data.

Sections (all by default):

- ``wikidata``: the token-aligned Wikidata person names in
  ``names/transliteration_wikidata`` (Arabic, Chinese, Japanese, Korean,
  Hebrew, Russian labels next to the English label). For each script: the
  share of distinct (English, native) pairs whose romanisation equals the
  English token exactly, has the same phonetic key (`proscribe.text.keys`),
  or is within Jaro-Winkler 0.9 - for the canonical romanisation alone and
  for the best of it and its `latin_variants`, next to two baselines:
  anyascii (per-character tables) and rigour's ``ascii_text`` (what
  OpenSanctions' nomenklatura uses). The Arabic lexicon is built from the
  Arabic file, so Arabic is also reported with the lexicon off (letter
  rules only), which is the out-of-sample number.
- ``fullnames``: the full-name Hebrew and Korean files, compared as token
  multisets after `analyse_name` on both sides.
- ``popular``: the native-script forenames and surnames of
  ``names/popular_by_country`` against their published romanisation.
- ``speed``: `analyse_name` throughput on distinct Latin person names made
  from the popular romanised forenames and surnames (CPU time, one core).

Usage: ``python bench/translit.py [section ...] [--data PATH] [--limit N]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler
from rigour.text.translit import ascii_text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from proscribe.text import arabic  # noqa: E402
from proscribe.text.keys import token_key  # noqa: E402
from proscribe.text.names import _analyse, analyse_name  # noqa: E402
from proscribe.text.normalize import fold  # noqa: E402
from proscribe.text.scripts import dominant_script  # noqa: E402
from proscribe.text.translit import latin_variants, to_latin  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
TOKEN_FILES = {
    "Arabic": "wd_arabic.normalized.aligned.tokens.tsv",
    "Chinese": "wd_chinese.normalized.aligned.tokens.tsv",
    "Japanese": "wd_japanese.normalized.aligned.tokens.tsv",
    "Korean": "wd_korean.normalized.aligned.tokens.tsv",
    "Hebrew": "wd_hebrew.normalized.aligned.tokens.tsv",
    "Russian (20)": "wd_russian_20.tsv",
    "Russian (80)": "wd_russian_80.tsv",
}
FULLNAME_FILES = {"Hebrew": "wd_hebrew.tsv", "Korean": "wd_korean.tsv"}
JW_THRESHOLD = 0.9

Romaniser = Callable[[str], list[str]]


def _squash(text: str) -> str:
    return fold(text).replace(" ", "")


def _proscribe(text: str) -> list[str]:
    return [_squash(to_latin(text))]


def _proscribe_variants(text: str) -> list[str]:
    return [_squash(to_latin(text))] + [_squash(v) for v in latin_variants(text)]


def _arabic_rules(text: str) -> list[str]:
    return [_squash(arabic.romanise_word(text, lexicon=False))]


def _anyascii(text: str) -> list[str]:
    return [_squash(anyascii(text))]


def _rigour(text: str) -> list[str]:
    return [_squash(ascii_text(text))]


class Tally:
    """Exact / key / Jaro-Winkler hit counts over pairs."""

    def __init__(self) -> None:
        self.pairs = 0
        self.exact = 0
        self.key = 0
        self.jw = 0

    def add(self, english: str, candidates: list[str]) -> None:
        self.pairs += 1
        target_key = token_key(english)
        self.exact += any(c == english for c in candidates)
        self.key += any(token_key(c) == target_key for c in candidates)
        self.jw += any(JaroWinkler.similarity(c, english) >= JW_THRESHOLD for c in candidates)

    def row(self, label: str) -> str:
        n = max(self.pairs, 1)
        return (
            f"  {label:28s} {self.pairs:7d}  exact {self.exact / n:6.1%}  "
            f"key {self.key / n:6.1%}  jw>=0.9 {self.jw / n:6.1%}"
        )


def _token_pairs(path: Path, limit: int | None) -> Iterator[tuple[str, str]]:
    """Distinct (folded English token, native token) pairs of an aligned file."""
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                print(f"{path}:{number}: skipped malformed row", file=sys.stderr)
                continue
            english = _squash(parts[0])
            native = parts[1].replace(" ", "")
            if not english.isascii() or not english.isalpha() or (english, native) in seen:
                continue
            seen.add((english, native))
            yield english, native
            if limit and len(seen) >= limit:
                return


def wikidata(data: Path, limit: int | None) -> None:
    print("\n## Wikidata token pairs (names/transliteration_wikidata)")
    systems: dict[str, Romaniser] = {
        "proscribe to_latin": _proscribe,
        "proscribe + latin_variants": _proscribe_variants,
        "anyascii": _anyascii,
        "rigour ascii_text": _rigour,
    }
    for label, name in TOKEN_FILES.items():
        path = data / "names" / "transliteration_wikidata" / name
        tallies = {system: Tally() for system in systems}
        rules = Tally()
        for english, native in _token_pairs(path, limit):
            for system, romanise in systems.items():
                tallies[system].add(english, romanise(native))
            if label == "Arabic":
                rules.add(english, _arabic_rules(native))
        print(f"\n{label} ({name})")
        for system, tally in tallies.items():
            note = (
                " (lexicon in-sample)"
                if label == "Arabic" and system.startswith("proscribe")
                else ""
            )
            print(tally.row(system) + note)
        if label == "Arabic":
            print(rules.row("proscribe letter rules only"))


def fullnames(data: Path, limit: int | None) -> None:
    print("\n## Wikidata full names, as token multisets after analyse_name")
    for label, name in FULLNAME_FILES.items():
        path = data / "names" / "transliteration_wikidata" / name
        exact = key = jw = pairs = 0
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 2:
                    print(f"{path}:{number}: skipped malformed row", file=sys.stderr)
                    continue
                english = analyse_name(parts[0], "Person")
                native = analyse_name(parts[1], "Person")
                if not english.tokens or not native.tokens:
                    continue
                pairs += 1
                forms = [native.tokens, *native.variants]
                exact += any(sorted(f) == sorted(english.tokens) for f in forms)
                target = sorted(english.keys)
                key += any(sorted(token_key(t) for t in f) == target for f in forms)
                jw += any(_token_jw(f, english.tokens) >= JW_THRESHOLD for f in forms)
                if limit and pairs >= limit:
                    break
        n = max(pairs, 1)
        print(
            f"  {label:28s} {pairs:7d}  exact {exact / n:6.1%}  key {key / n:6.1%}  "
            f"jw>=0.9 {jw / n:6.1%}"
        )


def _token_jw(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Mean over b's tokens of the best Jaro-Winkler against a's tokens."""
    if not a or not b:
        return 0.0
    return sum(max(JaroWinkler.similarity(x, y) for x in a) for y in b) / len(b)


def popular(data: Path, limit: int | None) -> None:
    print("\n## Popular names by country (names/popular_by_country), native vs romanised")
    by_script: dict[str, dict[str, Tally]] = defaultdict(
        lambda: {
            "proscribe to_latin": Tally(),
            "proscribe + latin_variants": Tally(),
            "anyascii": Tally(),
            "rigour ascii_text": Tally(),
        }
    )
    systems: dict[str, Romaniser] = {
        "proscribe to_latin": _proscribe,
        "proscribe + latin_variants": _proscribe_variants,
        "anyascii": _anyascii,
        "rigour ascii_text": _rigour,
    }
    for name in ("common-forenames-by-country.csv", "common-surnames-by-country.csv"):
        path = data / "names" / "popular_by_country" / name
        with path.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                native, romanised = row["Localized Name"], row["Romanized Name"]
                script = dominant_script(native)
                if not native or not romanised or script in (None, "Latn"):
                    continue
                english = _squash(romanised)
                for system, romanise in systems.items():
                    by_script[script][system].add(english, romanise(native))
    for script in sorted(by_script):
        print(f"\n{script}")
        for system, tally in by_script[script].items():
            print(tally.row(system))


def speed(data: Path, limit: int | None) -> None:
    print("\n## analyse_name speed on distinct Latin person names")
    forenames: list[str] = []
    surnames: list[str] = []
    for name, bucket in (
        ("common-forenames-by-country.csv", forenames),
        ("common-surnames-by-country.csv", surnames),
    ):
        with (data / "names" / "popular_by_country" / name).open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                romanised = row["Romanized Name"]
                if romanised and romanised.isascii():
                    bucket.append(romanised)
    rng = random.Random(7)
    count = limit or 50_000
    names: set[str] = set()
    while len(names) < count:
        parts = [rng.choice(forenames)]
        if rng.random() < 0.3:
            parts.append(rng.choice(forenames))
        parts.append(rng.choice(surnames).upper() if rng.random() < 0.5 else rng.choice(surnames))
        names.add(" ".join(parts))
    ordered = sorted(names)
    analyse_name("Warm Up", "Person")  # load the tables
    for label in ("first pass (token caches cold)", "second pass (name cache cleared)"):
        _analyse.cache_clear()
        start = time.process_time()
        for name in ordered:
            analyse_name(name, "Person")
        elapsed = time.process_time() - start
        print(
            f"  {label:34s} {len(ordered) / elapsed:9.0f} names/s  ({len(ordered)} names, {elapsed:.2f}s CPU)"
        )


SECTIONS = {"wikidata": wikidata, "fullnames": fullnames, "popular": popular, "speed": speed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []], default=[])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--limit", type=int, default=None, help="pairs per file (default: all)")
    args = parser.parse_args(argv)
    if not (args.data / "MANIFEST.md").exists():
        parser.error(f"shared data not found at {args.data}")
    for section in args.sections or list(SECTIONS):
        SECTIONS[section](args.data, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
