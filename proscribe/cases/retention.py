"""Retention: delete records once the law no longer asks for them, and only then.

Audit records, closed alerts (with their history), lifted good-guy entries
and suppressions older than the retention period are deleted together in
one transaction, and the purge itself is audited. An alert whose good-guy
entry still suppresses hits is kept however old it is: the entry is the
reason a pair is not alerted, and its alert is the record of why.
See `proscribe.cases.settings` for the default period (10 years) and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select

from proscribe.cases import audit
from proscribe.cases.tables import (
    alert_events,
    alerts,
    audit_log,
    good_guys,
    monitor_runs,
    suppressions,
)
from proscribe.store.engine import WRITE_OPTION

_BATCH = 500


@dataclass(frozen=True, slots=True)
class PurgeResult:
    cutoff: datetime
    audit_records: int
    alerts: int
    good_guys: int
    suppressions: int
    dry_run: bool


def purge_expired(
    engine: Engine, actor: str, retention_years: float, dry_run: bool = False
) -> PurgeResult:
    """Delete what is older than `retention_years` (or, with `dry_run`, count it)."""
    cutoff = audit.retention_cutoff(retention_years)
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        old_alerts = {
            int(r[0])
            for r in conn.execute(
                select(alerts.c.id).where(alerts.c.state == "closed", alerts.c.closed_at < cutoff)
            )
        }
        keep = {
            int(r[0])
            for r in conn.execute(
                select(good_guys.c.alert_id).where(
                    (good_guys.c.active.is_(True)) | (good_guys.c.lifted_at >= cutoff)
                )
            )
        }
        doomed_alerts = sorted(old_alerts - keep)
        doomed_gg: list[int] = []
        for i in range(0, len(doomed_alerts), _BATCH):
            chunk = doomed_alerts[i : i + _BATCH]
            doomed_gg.extend(
                int(r[0])
                for r in conn.execute(select(good_guys.c.id).where(good_guys.c.alert_id.in_(chunk)))
            )
        old_supp = (
            conn.scalar(
                select(func.count()).select_from(suppressions).where(suppressions.c.at < cutoff)
            )
            or 0
        )
        gg_supp = 0
        for i in range(0, len(doomed_gg), _BATCH):
            gg_supp += (
                conn.scalar(
                    select(func.count())
                    .select_from(suppressions)
                    .where(
                        suppressions.c.good_guy_id.in_(doomed_gg[i : i + _BATCH]),
                        suppressions.c.at >= cutoff,
                    )
                )
                or 0
            )
        old_audit = (
            conn.scalar(select(func.count()).select_from(audit_log).where(audit_log.c.at < cutoff))
            or 0
        )
        if dry_run:
            conn.rollback()
            return PurgeResult(
                cutoff,
                int(old_audit),
                len(doomed_alerts),
                len(doomed_gg),
                int(old_supp + gg_supp),
                True,
            )
        conn.execute(delete(suppressions).where(suppressions.c.at < cutoff))
        for i in range(0, len(doomed_gg), _BATCH):
            chunk = doomed_gg[i : i + _BATCH]
            conn.execute(delete(suppressions).where(suppressions.c.good_guy_id.in_(chunk)))
            conn.execute(delete(good_guys).where(good_guys.c.id.in_(chunk)))
        for i in range(0, len(doomed_alerts), _BATCH):
            chunk = doomed_alerts[i : i + _BATCH]
            conn.execute(delete(alert_events).where(alert_events.c.alert_id.in_(chunk)))
            conn.execute(delete(alerts).where(alerts.c.id.in_(chunk)))
        conn.execute(delete(monitor_runs).where(monitor_runs.c.finished_at < cutoff))
        deleted_audit = audit.purge_before(conn, actor, cutoff)
        audit.append(
            conn,
            actor,
            "retention.purged",
            "retention",
            None,
            {
                "cutoff": audit.time_text(cutoff),
                "retention_years": retention_years,
                "audit_records": deleted_audit,
                "alerts": len(doomed_alerts),
                "good_guys": len(doomed_gg),
                "suppressions": int(old_supp + gg_supp),
            },
        )
    return PurgeResult(
        cutoff, deleted_audit, len(doomed_alerts), len(doomed_gg), int(old_supp + gg_supp), False
    )
