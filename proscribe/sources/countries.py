"""Country names as lists write them ("Korea, North", "Burma", "Cote D'Ivoire") to ISO 3166 alpha-2.

Backed by rigour's territory database, which knows the spellings sanctions
lists use; results are cached because the same few hundred names recur
hundreds of thousands of times in a list.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

from rigour.territories.util import normalize_territory_name

from proscribe.config import home_dir

# Lists write these as nationalities; rigour does not know the demonyms.
_EXTRA = {
    "soviet union": None,
    "ussr": None,
    "yugoslavia": None,
    "stateless": None,
    "unknown": None,
    # The UK government's own spellings (OFSI / FCDO lists), unknown to rigour.
    "congo (democratic republic)": "CD",
    "occupied palestinian territories": "PS",
    "bosnia-herzegovina": "BA",
    # Demonyms rigour resolves wrongly or not at all (Australia's DFAT list writes these).
    "mauritian": "MU",
    "belarussian": "BY",
}


@cache
def _name_table() -> dict[str, str]:
    """Normalised territory name or code -> code, as rigour's lookup would answer.

    rigour builds this table by normalising every name of every territory in
    every language, which takes seconds; a CLI call must not pay that each
    time, so the finished table is cached on disk per rigour version.
    """
    path = home_dir() / "cache" / f"territory-names-rigour-{version('rigour')}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            table: dict[str, str] = json.load(fh)
            return table
    except (OSError, ValueError):
        pass
    from rigour.territories.lookup import _get_identifier_map, _get_territory_names

    table = {name: t.code for name, t in _get_territory_names().items()}
    table.update({f"#{ident}": t.code for ident, t in _get_identifier_map().items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(table, fh)
    Path(tmp).replace(path)
    return table


def _lookup(text: str) -> str | None:
    table = _name_table()
    code = table.get("#" + text.lower().replace("_", "-").strip())
    if code is None:
        code = table.get(normalize_territory_name(text))
    return code


@lru_cache(maxsize=8192)
def country_code(text: str | None) -> str | None:
    """ISO alpha-2 (upper case) for a country name or code, or None if unknown.

    Codes beyond ISO are kept where the lists use them (XK for Kosovo). A
    sub-territory (Crimea, Abkhazia) maps to the code of its recognised state.
    """
    if text is None:
        return None
    t = " ".join(text.split()).strip(" .,;")
    if not t or t == "-0-":
        return None
    if t.lower() in _EXTRA:
        return _EXTRA[t.lower()]
    found = _lookup(t)
    if found is None:
        return None
    code = found.split("-")[0].upper()
    # Historical entities (SUHH for the Soviet Union, YUCS, ...) have no alpha-2.
    return code if len(code) == 2 else None
