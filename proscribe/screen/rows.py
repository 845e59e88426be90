"""One query row in, one result record out: the unit every batch engine (local, Spark) shares.

Keeping this in one place is what lets the Spark engine promise the same
output as the local batch for the same input.
"""

from __future__ import annotations

from typing import Any

from proscribe.match.query import Query, QueryError
from proscribe.screen.engine import Screener

QUERY_FIELDS = ("id", "name", "schema", "birth_date", "country", "id_number", "gender")


def query_from_row(row: dict[str, str]) -> Query:
    """A Query from one CSV row; only the known columns reach the matcher."""
    name = row.get("name", "")
    if not name.strip():
        raise QueryError("name is empty")
    extra = {k: v for k, v in row.items() if k not in QUERY_FIELDS}
    return Query.make(
        name,
        schema=row.get("schema") or None,
        birth_date=row.get("birth_date") or None,
        country=row.get("country") or None,
        id_number=row.get("id_number") or None,
        gender=row.get("gender") or None,
        id=row.get("id"),
        extra=extra,
    )


def base_record(row: dict[str, str]) -> dict[str, Any]:
    """The part of an output record that comes from the row: its id and the pass-through columns."""
    record: dict[str, Any] = {"id": row.get("id", "")}
    for key, value in row.items():
        if key not in QUERY_FIELDS and key not in ("matches", "error"):
            record[key] = value
    return record


def error_record(row: dict[str, str], message: str) -> dict[str, Any]:
    """The output record of a row that could not be screened: no matches, and why."""
    record = base_record(row)
    record["error"] = message
    record["matches"] = []
    return record


def screen_rows(
    screener: Screener,
    rows: list[tuple[int, dict[str, str]]],
    threshold: float | None,
    limit: int,
    explain: bool,
    where: str = "line",
) -> list[dict[str, Any]]:
    """One output record per (line number, row), in order; a row that cannot be a query gets an "error".

    `where` names the number in error messages: "line" for text files,
    "row" for Parquet.
    """
    out = []
    for line, row in rows:
        try:
            query = query_from_row(row)
        except QueryError as exc:
            out.append(error_record(row, f"{where} {line}: {exc}"))
            continue
        record = base_record(row)
        results = screener.screen(query, limit=limit, threshold=threshold)
        record["matches"] = [r.to_dict(explain=explain) for r in results]
        out.append(record)
    return out
