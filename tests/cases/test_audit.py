"""The audit trail: a verified chain, and every edit or deletion found and named."""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from proscribe.cases import audit
from proscribe.cases.retention import purge_expired
from proscribe.store import Store
from proscribe.store.keys import create_key, revoke_key


def _fill(store: Store, n: int = 6) -> None:
    for i in range(n):
        audit.record(
            store.engine, f"user{i % 2}", "test.event", "thing", i, {"n": i, "text": f"event {i}"}
        )


def test_untouched_chain_verifies(store: Store) -> None:
    _fill(store)
    result = audit.verify(store.engine)
    assert result.ok, result.problems
    assert (result.records, result.first_seq, result.last_seq, result.head_seq) == (6, 1, 6, 6)
    records = list(audit.records(store.engine))
    assert [r.seq for r in records] == [1, 2, 3, 4, 5, 6]
    assert records[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    assert records[3].content == {"n": 3, "text": "event 3"}
    assert records[3].actor == "user1"


def test_empty_chain_verifies(store: Store) -> None:
    assert audit.verify(store.engine).ok


@pytest.mark.parametrize(
    ("statement", "seq", "phrase"),
    [
        ("UPDATE audit_log SET content = '{\"n\":99}' WHERE seq = 3", 3, "was altered"),
        ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1", 1, "was altered"),
        ("UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE seq = 5", 5, "was altered"),
        ("UPDATE audit_log SET action = 'other' WHERE seq = 6", 6, "was altered"),
        ("DELETE FROM audit_log WHERE seq = 4", 4, "missing"),
        ("DELETE FROM audit_log WHERE seq = 1", 1, "missing"),
        ("DELETE FROM audit_log WHERE seq = 6", 6, "missing"),
        ("DELETE FROM audit_log WHERE seq >= 5", 5, "missing"),
        ("DELETE FROM audit_log", 1, "missing"),
    ],
)
def test_any_edit_or_deletion_is_found_and_named(
    store: Store, statement: str, seq: int, phrase: str
) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.exec_driver_sql(statement)
    result = audit.verify(store.engine)
    assert not result.ok
    first = result.problems[0]
    assert first.seq == seq
    assert phrase in first.message
    assert f"record {seq}" in first.message or f"records {seq}" in first.message


def test_rewriting_a_hash_breaks_the_next_link(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_log SET content = '{}', hash = :h WHERE seq = 2"), {"h": "f" * 64}
        )
    problems = audit.verify(store.engine).problems
    assert [p.seq for p in problems] == [2, 3]
    assert "does not chain from record 2" in problems[1].message


def test_rewriting_the_last_record_is_caught_by_the_head(store: Store) -> None:
    _fill(store)
    records = list(audit.records(store.engine))
    last = records[-1]
    forged = audit.record_hash(
        last.prev_hash,
        last.seq,
        last.at,
        last.actor,
        last.action,
        last.object_type,
        last.object_id,
        "{}",
    )
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_log SET content = '{}', hash = :h WHERE seq = 6"), {"h": forged}
        )
    problems = audit.verify(store.engine).problems
    assert [p.seq for p in problems] == [6]
    assert "does not match the audit head" in problems[0].message


def test_inserted_record_is_found(store: Store) -> None:
    _fill(store, 3)
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, content, prev_hash, hash) "
                "VALUES (4, :at, 'x', 'forged', 'thing', NULL, '{}', :p, :h)"
            ),
            {"at": datetime.now(UTC), "p": "0" * 64, "h": "1" * 64},
        )
    problems = audit.verify(store.engine).problems
    assert problems and problems[0].seq == 4


def test_cli_verify_passes_then_fails_naming_the_record(
    store_url: str, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cases.test_cli import cli_app

    _fill(store)
    monkeypatch.setenv("PROSCRIBE_DB_URL", store_url)
    runner = CliRunner()
    ok = runner.invoke(cli_app(), ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    bad = runner.invoke(cli_app(), ["audit", "verify"])
    assert bad.exit_code == 1
    assert "record 2" in bad.output and "missing" in bad.output


def test_export_carries_hashes_in_every_format(store: Store) -> None:
    _fill(store, 4)
    out = io.StringIO()
    assert audit.export(store.engine, out, "json") == 4
    doc = json.loads(out.getvalue())
    assert doc["verification"]["ok"] is True
    assert [r["seq"] for r in doc["records"]] == [1, 2, 3, 4]
    assert doc["records"][1]["prev_hash"] == doc["records"][0]["hash"]
    # A recipient can recompute every hash from the exported fields alone.
    for r in doc["records"]:
        at = datetime.strptime(r["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        content = json.dumps(
            r["content"], ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        assert (
            audit.record_hash(
                r["prev_hash"],
                r["seq"],
                at,
                r["actor"],
                r["action"],
                r["object_type"],
                r["object_id"],
                content,
            )
            == r["hash"]
        )

    out = io.StringIO()
    assert audit.export(store.engine, out, "csv") == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [int(r["seq"]) for r in rows] == [1, 2, 3, 4]
    assert json.loads(rows[2]["content"]) == {"n": 2, "text": "event 2"}

    out = io.StringIO()
    assert audit.export(store.engine, out, "jsonl") == 4
    assert [json.loads(line)["seq"] for line in out.getvalue().splitlines()] == [1, 2, 3, 4]

    with pytest.raises(ValueError, match="xml"):
        audit.export(store.engine, io.StringIO(), "xml")


def test_export_window(store: Store) -> None:
    old = datetime.now(UTC) - timedelta(days=30)
    with store.engine.begin() as conn:
        audit.append(conn, "a", "test.old", "thing", 1, {}, at=old)
    _fill(store, 2)
    out = io.StringIO()
    assert (
        audit.export(store.engine, out, "jsonl", since=datetime.now(UTC) - timedelta(days=1)) == 2
    )


def test_retention_purge_keeps_the_chain_verifiable(store: Store) -> None:
    years_ago = datetime.now(UTC) - timedelta(days=365 * 11)
    with store.engine.begin() as conn:
        for i in range(3):
            audit.append(
                conn, "a", "test.old", "thing", i, {"i": i}, at=years_ago + timedelta(hours=i)
            )
    _fill(store, 2)
    preview = purge_expired(store.engine, "admin", 10, dry_run=True)
    assert (preview.audit_records, preview.dry_run) == (3, True)
    assert len(list(audit.records(store.engine))) == 5
    done = purge_expired(store.engine, "admin", 10)
    assert done.audit_records == 3
    kept = list(audit.records(store.engine))
    assert [r.seq for r in kept][:2] == [4, 5]
    assert {r.action for r in kept[2:]} == {"audit.purged", "retention.purged"}
    result = audit.verify(store.engine)
    assert result.ok, result.problems
    # Deleting the oldest kept record is still detected after the base moved.
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    assert audit.verify(store.engine).problems[0].seq == 4


def test_reconcile_records_list_imports_and_key_changes_once(store: Store) -> None:
    from tests.cases.conftest import base_entities

    snap = store.import_entities("testlist", "test", [], base_entities()).snapshot
    key = create_key(store.engine, "api user", "reviewer").key
    revoke_key(store.engine, key.key_id)
    assert audit.reconcile(store.engine, "system") == 3
    assert audit.reconcile(store.engine, "system") == 0
    actions = [(r.action, r.object_id) for r in audit.records(store.engine)]
    assert actions == [
        ("list.imported", str(snap.id)),
        ("key.created", key.key_id),
        ("key.revoked", key.key_id),
    ]
    imported = next(audit.records(store.engine, object_type="snapshot"))
    assert imported.content["source"] == "testlist"
    assert imported.content["entity_count"] == 5
