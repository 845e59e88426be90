"""Country names as lists write them ("Korea, North", "Burma", "Cote D'Ivoire") to ISO 3166 alpha-2.

Backed by rigour's territory database, which knows the spellings sanctions
lists use; results are cached because the same few hundred names recur
hundreds of thousands of times in a list.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import lookup_territory

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
}


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
    territory = lookup_territory(t)
    if territory is None:
        return None
    code: str = territory.code.split("-")[0].upper()
    # Historical entities (SUHH for the Soviet Union, YUCS, ...) have no alpha-2.
    return code if len(code) == 2 else None
