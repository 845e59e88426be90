"""The store: versioned snapshots of every imported list, and the entities screening uses.

Every import of a list becomes a numbered snapshot; nothing is overwritten,
so an analyst can always answer "was this person on the list we screened
against on that day, and what did the entry say". The *latest* snapshot of a
source is the most recently imported one (highest id) — the one screening
uses via `current_entities()`.

SQLite (default, one file in the proscribe home folder) and PostgreSQL
(`postgresql://` or `postgresql+psycopg://` URLs) behave the same. An
in-memory SQLite URL (`sqlite://`) works for throwaway use, but it has a
single connection: do not call the store while iterating its entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, select

from proscribe.model import Entity
from proscribe.sources.base import ParseIssue, ParseReport
from proscribe.sources.registry import ParsedList
from proscribe.store.diff import SnapshotDiff, diff_snapshots
from proscribe.store.engine import create_store_engine
from proscribe.store.errors import InvalidRequestError, NotFoundError
from proscribe.store.hashing import files_hash
from proscribe.store.importer import import_stream
from proscribe.store.migrate import upgrade
from proscribe.store.models import EntityVersionRef, ImportResult, Snapshot
from proscribe.store.rows import entity_from_stored, load_snapshot, snapshot_from_row
from proscribe.store.schema import entity_versions, snapshot_entities, snapshot_issues, snapshots

STREAM_BATCH = 1000


class Store:
    """Snapshots of lists in a SQL database. Open with `Store.open()`; close when done."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Connect to `url` (default: `proscribe.config.database_url()`) and migrate it to the newest schema."""
        engine = create_store_engine(url)
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for components that keep their own tables in the same database."""
        return self._engine

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- imports -------------------------------------------------------------

    def import_list(self, parsed: ParsedList) -> ImportResult:
        """Import a list opened with `proscribe.sources.registry.open_list`, as one new snapshot.

        If the source's latest snapshot came from identical content, this is
        a no-op that returns that snapshot without parsing. (An older
        snapshot with the same content does not count: a list that reverted
        to an earlier release becomes current again, as a new snapshot whose
        entity versions are all shared.) Otherwise the file
        is parsed while it is stored, in one transaction: any error leaves the
        store exactly as it was.
        """
        report = parsed.report
        file_hash = files_hash(parsed.files)
        return import_stream(
            self._engine,
            source=report.source,
            format=report.format,
            files=[str(p) for p in parsed.files],
            file_hash=file_hash,
            entities=_LazyEntities(parsed),
            report=report,
        )

    def import_entities(
        self,
        source: str,
        format: str,
        files: Sequence[str | Path],
        entities: Iterable[Entity],
        report: ParseReport | None = None,
    ) -> ImportResult:
        """Import entities that did not come from `open_list` (e.g. a built-in demo dataset).

        When `files` name readable files their content identifies the import,
        as for `import_list`; with no files, the entities' content does.
        """
        paths = [Path(f) for f in files]
        report = report or ParseReport(source=source, format=format, files=[str(p) for p in paths])
        file_hash = files_hash(paths) if paths else None
        return import_stream(
            self._engine,
            source=source,
            format=format,
            files=[str(p) for p in paths],
            file_hash=file_hash,
            entities=entities,
            report=report,
        )

    # --- snapshots -----------------------------------------------------------

    def snapshots(self, source: str | None = None) -> list[Snapshot]:
        """All snapshots in import order, optionally of one source."""
        stmt = select(snapshots).order_by(snapshots.c.id)
        if source is not None:
            stmt = stmt.where(snapshots.c.source == source)
        with self._engine.connect() as conn:
            return [snapshot_from_row(row) for row in conn.execute(stmt)]

    def snapshot(self, snapshot_id: int) -> Snapshot | None:
        with self._engine.connect() as conn:
            return load_snapshot(conn, snapshot_id)

    def latest(self, source: str) -> Snapshot | None:
        """The most recently imported snapshot of `source`: the one screening uses."""
        with self._engine.connect() as conn:
            return _latest(conn, source)

    def sources(self) -> list[str]:
        with self._engine.connect() as conn:
            return list(
                conn.scalars(select(snapshots.c.source).distinct().order_by(snapshots.c.source))
            )

    def issues(self, snapshot_id: int) -> list[ParseIssue]:
        """What the parse of this snapshot reported and kept going past."""
        self._require(snapshot_id)
        stmt = (
            select(
                snapshot_issues.c.file,
                snapshot_issues.c.message,
                snapshot_issues.c.line,
                snapshot_issues.c.record,
            )
            .where(snapshot_issues.c.snapshot_id == snapshot_id)
            .order_by(snapshot_issues.c.id)
        )
        with self._engine.connect() as conn:
            return [
                ParseIssue(file, message, line, record)
                for file, message, line, record in conn.execute(stmt)
            ]

    # --- entities ------------------------------------------------------------

    def entities(self, snapshot_id: int) -> Iterator[Entity]:
        """The snapshot's entities in file order, with their provenance, streamed."""
        self._require(snapshot_id)
        return self._stream(snapshot_id)

    def current_entities(self, sources: list[str] | None = None) -> Iterator[Entity]:
        """The entities of the latest snapshot of every source (or of the named ones)."""
        wanted = sources if sources is not None else self.sources()
        latest: list[Snapshot] = []
        for source in wanted:
            snap = self.latest(source)
            if snap is None:
                raise NotFoundError(f"no snapshot of source {source!r}; import the list first")
            latest.append(snap)
        return self._stream_many([s.id for s in latest])

    def entity(self, entity_id: str, snapshot_id: int | None = None) -> Entity | None:
        """One entity as a snapshot lists it (default: the latest snapshot of its source).

        None when that snapshot does not list it, e.g. it was delisted;
        `entity_history` still shows the snapshots that did.
        """
        if snapshot_id is None:
            found = self._latest_snapshot_of_entity(entity_id)
            if found is None:
                return None
            snapshot_id = found
        stmt = (
            select(entity_versions.c.data, snapshot_entities.c.provenance)
            .join(
                entity_versions, entity_versions.c.content_hash == snapshot_entities.c.content_hash
            )
            .where(
                snapshot_entities.c.snapshot_id == snapshot_id,
                snapshot_entities.c.entity_id == entity_id,
            )
        )
        with self._engine.connect() as conn:
            row = conn.execute(stmt).first()
        return entity_from_stored(row[0], row[1]) if row is not None else None

    def entity_history(self, entity_id: str) -> list[EntityVersionRef]:
        """Every snapshot that listed the entity, oldest first, with the version it listed."""
        stmt = (
            select(snapshots, snapshot_entities.c.content_hash)
            .join(snapshot_entities, snapshot_entities.c.snapshot_id == snapshots.c.id)
            .where(snapshot_entities.c.entity_id == entity_id)
            .order_by(snapshots.c.id)
        )
        with self._engine.connect() as conn:
            return [
                EntityVersionRef(snapshot_from_row(row), row.content_hash)
                for row in conn.execute(stmt)
            ]

    # --- diffs ---------------------------------------------------------------

    def diff(
        self, source: str, from_id: int | None = None, to_id: int | None = None
    ) -> SnapshotDiff:
        """Changes between two snapshots of `source`.

        Defaults: `to_id` is the latest snapshot, `from_id` the one imported
        just before `to_id` (none for the first import, so everything shows as
        added).
        """
        with self._engine.connect() as conn:
            if to_id is None:
                latest = _latest(conn, source)
                if latest is None:
                    raise NotFoundError(f"no snapshot of source {source!r}")
                new = latest
            else:
                new = self._of_source(load_snapshot(conn, to_id), to_id, source)
            old: Snapshot | None
            if from_id is None:
                row = conn.execute(
                    select(snapshots)
                    .where(snapshots.c.source == source, snapshots.c.id < new.id)
                    .order_by(snapshots.c.id.desc())
                    .limit(1)
                ).first()
                old = snapshot_from_row(row) if row is not None else None
            else:
                old = self._of_source(load_snapshot(conn, from_id), from_id, source)
            return diff_snapshots(conn, old, new)

    # --- internals -----------------------------------------------------------

    @staticmethod
    def _of_source(snap: Snapshot | None, snapshot_id: int, source: str) -> Snapshot:
        if snap is None:
            raise NotFoundError(f"no snapshot {snapshot_id}")
        if snap.source != source:
            raise InvalidRequestError(
                f"snapshot {snapshot_id} is of source {snap.source!r}, not {source!r}"
            )
        return snap

    def _require(self, snapshot_id: int) -> Snapshot:
        snap = self.snapshot(snapshot_id)
        if snap is None:
            raise NotFoundError(f"no snapshot {snapshot_id}")
        return snap

    def _latest_snapshot_of_entity(self, entity_id: str) -> int | None:
        """The latest snapshot of the source that has ever listed `entity_id`."""
        with self._engine.connect() as conn:
            source = conn.scalar(
                select(snapshots.c.source)
                .join(snapshot_entities, snapshot_entities.c.snapshot_id == snapshots.c.id)
                .where(snapshot_entities.c.entity_id == entity_id)
                .order_by(snapshots.c.id.desc())
                .limit(1)
            )
        if source is None:
            return None
        latest = self.latest(source)
        return latest.id if latest is not None else None

    def _stream_many(self, snapshot_ids: list[int]) -> Iterator[Entity]:
        for snapshot_id in snapshot_ids:
            yield from self._stream(snapshot_id)

    def _stream(self, snapshot_id: int) -> Iterator[Entity]:
        stmt = (
            select(entity_versions.c.data, snapshot_entities.c.provenance)
            .join(
                entity_versions, entity_versions.c.content_hash == snapshot_entities.c.content_hash
            )
            .where(snapshot_entities.c.snapshot_id == snapshot_id)
            .order_by(snapshot_entities.c.position)
        )
        with self._engine.connect() as conn:
            result = conn.execution_options(yield_per=STREAM_BATCH).execute(stmt)
            for data, provenance in result:
                yield entity_from_stored(data, provenance)


def _latest(conn: Connection, source: str) -> Snapshot | None:
    stmt = (
        select(snapshots)
        .where(snapshots.c.source == source)
        .order_by(snapshots.c.id.desc())
        .limit(1)
    )
    row = conn.execute(stmt).first()
    return snapshot_from_row(row) if row is not None else None


class _LazyEntities:
    """Starts the parse only when the importer iterates, i.e. after the no-op check."""

    def __init__(self, parsed: ParsedList) -> None:
        self._parsed = parsed

    def __iter__(self) -> Iterator[Entity]:
        return self._parsed.entities()
