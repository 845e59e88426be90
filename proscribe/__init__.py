"""proscribe: sanctions and watchlist screening with graded, explained scores.

The Python API in three calls:

    import proscribe
    lists = proscribe.load_lists("sdn.csv", "consolidated.xml")   # parsed, indexed, cached on disk
    hits = proscribe.screen("Karim Khan", lists=lists, birth_date="1970-03-30")
    for hit in hits:
        print(hit.score, hit.match, hit.source, hit.source_id, hit.name, hit.summary)
    proscribe.compare("Mohammed Ali", "ALI, Muhammad").score

Without `lists`, `screen` uses the store's current lists (see `proscribe
lists import`). Imports are deferred so that `import proscribe` stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proscribe.match.score import PairScore
    from proscribe.screen.engine import Screener, ScreenResult

__version__ = "0.1.0"
__all__ = ["compare", "load_lists", "screen"]

_STORE_SCREENERS: dict[str | None, Screener] = {}


def load_lists(*paths: str | Path, use_cache: bool = True) -> Screener:
    """A screener over these list files (formats detected, companions found, index saved for reuse)."""
    from proscribe.screen.engine import Screener
    from proscribe.screen.lists import load_list_files

    return Screener(load_list_files(list(paths), use_cache=use_cache).index)


def _screen(
    name: str,
    *,
    lists: Screener | Sequence[str | Path] | None = None,
    schema: str | None = None,
    birth_date: str | None = None,
    country: str | None = None,
    id_number: str | Sequence[str] | None = None,
    gender: str | None = None,
    threshold: float | None = None,
    limit: int = 10,
) -> list[ScreenResult]:
    """Screen one party; results best first, each with `score`, `match` and an explanation.

    `lists` is a screener from `load_lists`, list file paths, or None for
    the store's current lists. `threshold` overrides the default alert
    threshold for this call. Raises `proscribe.match.query.QueryError` for
    a birth date, country, schema or gender that cannot be understood.
    """
    from proscribe.match.query import Query
    from proscribe.screen.engine import Screener

    query = Query.make(
        name,
        schema=schema,
        birth_date=birth_date,
        country=country,
        id_number=list(id_number)
        if id_number is not None and not isinstance(id_number, str)
        else id_number,
        gender=gender,
    )
    if isinstance(lists, Screener):
        screener = lists
    elif lists is not None:
        screener = load_lists(*lists)
    else:
        screener = _store_screener()
    return screener.screen(query, limit=limit, threshold=threshold)


# `proscribe.screen` is the callable package proscribe/screen (see its docstring),
# so that importing a submodule of it cannot hide the function.
from proscribe import screen as screen  # noqa: E402


def _store_screener() -> Screener:
    from proscribe.config import database_url
    from proscribe.screen.engine import Screener
    from proscribe.screen.lists import load_store

    url = database_url()
    if url not in _STORE_SCREENERS:
        _STORE_SCREENERS[url] = Screener(load_store(url).index)
    return _STORE_SCREENERS[url]


def compare(name1: str, name2: str, schema: str | None = None) -> PairScore:
    """Score two names against each other (symmetric, no list needed): `.score`, `.similarity`, `.alignment`."""
    from proscribe.match.query import normalise_schema
    from proscribe.match.score import compare_names

    return compare_names(name1, name2, normalise_schema(schema))
