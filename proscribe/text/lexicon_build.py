"""Build ``data/arabic_lexicon.json``: how Arabic-script name words are usually spelt in Latin.

Letter rules can recover the consonants of an Arabic-script name but not
its short vowels; for the names people actually bear, the vowels are a
matter of record. The record used is Wikidata (CC0): person names with an
Arabic label aligned token by token with their English label
(``names/transliteration_wikidata/wd_arabic.normalized.aligned.tokens.tsv``
in the shared data). Alignments are noisy (محمد is aligned with "morocco"
once), so a spelling is kept only when its phonetic key agrees with the
key of the letter-rule reading in one of the romanisation systems, i.e.
the lexicon may choose vowels but never contradict the consonants, and a
spelling agreeing with the canonical reading comes before a regional one,
a spelling in the habits of Arabic romanisation before an English one.

Run: ``python -m proscribe.text.lexicon_build <aligned tokens tsv>``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from proscribe.text import arabic
from proscribe.text.keys import token_key
from proscribe.text.normalize import fold
from proscribe.text.scripts import dominant_script

# Spellings kept per word, most common first.
MAX_SPELLINGS = 3
# Letter patterns of English spelling that romanisations of Arabic names do
# not use (Cindy, Dean for سيندي, دين: Wikidata's Arabic labels are mostly of
# Western people); such spellings are kept but ranked after the others.
ENGLISH_ONLY = re.compile(r"c(?!h)|ea|ph|x")
# A word must be seen this often (in consistent alignments) to be listed.
MIN_COUNT = 2

OUTPUT = Path(__file__).parent / "data" / "arabic_lexicon.json"


def read_pairs(path: Path) -> Iterator[tuple[str, str, int]]:
    """(english, arabic, count) rows of an aligned-tokens file.

    The file has three tab-separated columns: the English token, the Arabic
    token with its letters separated by spaces, and how many Wikidata
    labels had this alignment. Rows that do not have that shape are
    reported on stderr with their line number and skipped.
    """
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[2].isdigit():
                print(f"{path}:{number}: skipped malformed row", file=sys.stderr)
                continue
            english, letters, count = parts
            yield english, letters.replace(" ", ""), int(count)


def rule_keys(word: str) -> list[str]:
    """Keys of the letter-rule readings of `word`, the canonical system's first."""
    keys: list[str] = []
    for system in (None, *arabic.systems()):
        reading = arabic.romanise_word(word, system, lexicon=False)
        key = token_key(fold(reading).replace(" ", ""))
        if key not in keys:
            keys.append(key)
    return keys


def build(rows: Iterable[tuple[str, str, int]]) -> dict[str, list[str]]:
    """Folded Arabic word -> up to MAX_SPELLINGS consistent Latin spellings."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for english, word, count in rows:
        if dominant_script(word) != "Arab":
            continue
        latin = fold(english).replace(" ", "")
        if not latin.isascii() or not latin.isalpha() or len(latin) < 2:
            continue
        spellings[fold(word)][latin] += count
    entries: dict[str, list[str]] = {}
    for word in sorted(spellings):
        allowed = rule_keys(word)
        # Spellings agreeing with the canonical reading's consonants come
        # first (Najib before the Egyptian Naguib), then those without
        # English-only letter patterns, then by frequency.
        consistent = sorted(
            (
                (spelling, count)
                for spelling, count in spellings[word].most_common()
                if token_key(spelling) in allowed
            ),
            key=lambda item: (
                token_key(item[0]) != allowed[0],
                ENGLISH_ONLY.search(item[0]) is not None,
                -item[1],
            ),
        )
        if sum(count for _, count in consistent) < MIN_COUNT:
            continue
        entries[word] = [spelling for spelling, _ in consistent[:MAX_SPELLINGS]]
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tokens", type=Path, help="wd_arabic.normalized.aligned.tokens.tsv")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    entries = build(read_pairs(args.tokens))
    document = {
        "source": "Wikidata person labels, Arabic/English token alignments (CC0)",
        "file": args.tokens.name,
        "rule": f"spellings whose phonetic key matches a letter-rule reading; "
        f"words seen at least {MIN_COUNT} times; up to {MAX_SPELLINGS} spellings",
        "entries": entries,
    }
    args.output.write_text(
        json.dumps(document, ensure_ascii=False, indent=0, sort_keys=False) + "\n",
        encoding="utf-8",
    )
    print(f"{len(entries)} words written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
