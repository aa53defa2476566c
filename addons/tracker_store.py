"""An SQL tracker store that does not rebuild the whole conversation every turn.

Rasa 3.6's ``SQLTrackerStore`` answers every message by reading all events of
the conversation session from the database, JSON-decoding them and replaying
them into a new tracker (``DialogueStateTracker.from_dict``), and on saving it
counts the stored events again to find the new ones. That work grows with the
length of the conversation: with py-spy at turns 100-200 of one conversation
it was 55 % of the Rasa server's time per turn (docs/profiling.md).

This subclass keeps the tracker of recently active conversations in memory
between turns, and still treats the database as the truth:

- ``retrieve`` hands out the kept tracker only if the conversation's newest
  event id in the database is still the one it saw when it kept it (one
  indexed ``max(id)`` query). Anything else - another server or process wrote
  or purged events, the server restarted, the entry idled out - means a normal
  load from the database.
- The kept tracker is *checked out*: it leaves the cache when handed out and
  comes back only when it is saved. A turn that fails before saving leaves
  nothing behind, and a second reader meanwhile loads its own copy.
- ``save`` inserts only the events added since the tracker was loaded (it
  knows how many were stored, and that nobody has written since), else falls
  back to Rasa's own counting.
- When a new conversation session starts, what is kept is what Rasa would
  read back from the database: a tracker of the events from the newest
  session start on (checked against the database's count of them).

For SQLite it also turns on write-ahead logging with ``synchronous=NORMAL``
(a power cut may lose the last turns, never corrupt the file) and keeps
connections open instead of opening the file for every query.

The per-turn statements (newest id, insert, the session's events) are
SQLAlchemy statements compiled once for the engine's dialect and run on a
pooled DBAPI connection: SQLAlchemy's ORM session and statement execution cost
about thirty times the query itself (250 against 8 µs for the newest id on
SQLite; docs/profiling.md). Schema, engine and everything else stay Rasa's.

endpoints.yml:

    tracker_store:
      type: addons.tracker_store.CachedSQLTrackerStore
      dialect: sqlite
      db: ${VEJVISER_TRACKER_DB}

``VEJVISER_TRACKER_CACHE_VERIFY=1`` (set by the test stack) compares every
tracker handed out from memory with the same tracker read from the database,
logs any difference (``MISMATCH``) and hands out the one from the database.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from .verify import MISMATCH, as_json, differing_fields, verify_mode  # noqa: F401 - re-exported for the tests

logger = logging.getLogger(__name__)

# Attribute set on trackers this store loaded or saved: what is in the database.
_STORED = "_vejviser_stored"


@dataclass(frozen=True)
class _Stored:
    events: int  # how many of tracker.events are in the database
    last_id: int | None  # the conversation's newest event id at that moment


@dataclass
class _Entry:
    tracker: DialogueStateTracker
    kept_at: float


# The columns Rasa's SQLTrackerStore.save writes, in the order _rows builds them.
_COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")


class _Statement:
    """One SQLAlchemy statement compiled for a dialect, with its parameters in the DBAPI's form."""

    def __init__(self, statement: Any, dialect: Any, **compile_kwargs: Any) -> None:
        compiled = statement.compile(dialect=dialect, **compile_kwargs)
        self.sql = compiled.string
        # Literals in the statement, e.g. 'session_started'; the rest are given per call.
        self.defaults = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        self.order: Sequence[str] | None = compiled.positiontup if compiled.positional else None

    def params(self, values: dict[str, Any]) -> Any:
        merged = {**self.defaults, **values}
        return tuple(merged[name] for name in self.order) if self.order is not None else merged


class _Statements:
    """The store's per-turn queries, compiled once; each takes a DBAPI cursor."""

    def __init__(self, table: Any, dialect: Any) -> None:
        c = table.c
        sender = sa.bindparam("sender_id")
        # Rasa's _event_query(fetch_events_from_all_sessions=False): events from the
        # newest session start on, or all of them if no session has started.
        start = sa.select(sa.func.max(c.timestamp)).where(c.sender_id == sender, c.type_name == SessionStarted.type_name).scalar_subquery()
        in_session = sa.and_(c.sender_id == sender, sa.or_(c.timestamp >= start, start.is_(None)))
        self._last_id = _Statement(sa.select(sa.func.max(c.id)).where(c.sender_id == sender), dialect)
        self._session_rows = _Statement(sa.select(c.id, c.data).where(in_session).order_by(c.id), dialect)
        self._session_count = _Statement(sa.select(sa.func.count()).select_from(table).where(in_session), dialect)
        self._insert = _Statement(table.insert(), dialect, column_keys=list(_COLUMNS))

    def last_id(self, cursor: Any, sender_id: str) -> int | None:
        """The conversation's newest event id (uses the sender_id index)."""
        return self._scalar(cursor, self._last_id, sender_id)

    def session_count(self, cursor: Any, sender_id: str) -> int:
        """How many events Rasa's retrieve would read back (its ``_additional_events`` count)."""
        return self._scalar(cursor, self._session_count, sender_id)

    def session_rows(self, cursor: Any, sender_id: str) -> list[tuple]:
        """(id, data) of the events Rasa's retrieve reads, in order."""
        cursor.execute(self._session_rows.sql, self._session_rows.params({"sender_id": sender_id}))
        return cursor.fetchall()

    def insert(self, cursor: Any, rows: list[dict[str, Any]]) -> None:
        cursor.executemany(self._insert.sql, [self._insert.params(row) for row in rows])

    @staticmethod
    def _scalar(cursor: Any, statement: _Statement, sender_id: str) -> Any:
        cursor.execute(statement.sql, statement.params({"sender_id": sender_id}))
        return cursor.fetchone()[0]


class CachedSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that keeps recent trackers between turns (see module docstring)."""

    def __init__(self, domain: Any = None, cache_size: int = 256, cache_idle_seconds: float = 900, **kwargs: Any) -> None:
        super().__init__(domain=domain, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._use_sqlite_pool_and_wal()
        self.cache_size = int(cache_size)
        self.cache_idle_seconds = float(cache_idle_seconds)
        self.verify = verify_mode()
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._sql = _Statements(self.SQLEvent.__table__, self.engine.dialect)
        self.hits = 0
        self.misses = 0

    def _use_sqlite_pool_and_wal(self) -> None:
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=4, connect_args={"check_same_thread": False}
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    @contextlib.contextmanager
    def _cursor(self, write: bool = False) -> Iterator[Any]:
        """A cursor on a pooled DBAPI connection; committed on success, rolled back on error."""
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            if write and self.engine.dialect.name == "sqlite":
                # Take the write lock before reading the newest id, so nobody writes in between.
                cursor.execute("BEGIN IMMEDIATE")
            yield cursor
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()

    # -- reading -------------------------------------------------------------

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        entry = self._cache.pop(sender_id, None)
        if entry is not None and time.monotonic() - entry.kept_at <= self.cache_idle_seconds:
            with self._cursor() as cursor:
                last_id = self._sql.last_id(cursor, sender_id)
            if last_id is not None and getattr(entry.tracker, _STORED).last_id == last_id:
                self.hits += 1
                return self._verified(entry.tracker) if self.verify else entry.tracker
        self.misses += 1
        return self._load(sender_id)

    def _load(self, sender_id: str) -> DialogueStateTracker | None:
        """Rasa's ``_retrieve`` for the latest session, also noting the newest event id."""
        with self._cursor() as cursor:
            rows = self._sql.session_rows(cursor, sender_id)
        if not self.domain or not rows:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for _, data in rows], self.domain.slots)
        if tracker.events.maxlen is None:
            setattr(tracker, _STORED, _Stored(len(tracker.events), rows[-1][0]))
        return tracker

    def _verified(self, cached: DialogueStateTracker) -> DialogueStateTracker | None:
        """Verify mode: the tracker from the database, after logging any difference from memory."""
        fresh = self._load(cached.sender_id)
        # Compared as JSON: in memory some values are tuples where the database has lists.
        a = as_json(cached.current_state(EventVerbosity.ALL))
        b = as_json(fresh.current_state(EventVerbosity.ALL)) if fresh else {}
        if a != b:
            keys = differing_fields(a, b)
            events_a, events_b = a.get("events") or [], b.get("events") or []
            first = next((i for i, (x, y) in enumerate(zip(events_a, events_b)) if x != y), min(len(events_a), len(events_b)))
            logger.error(
                f"{MISMATCH}: conversation {cached.sender_id!r}, fields {keys}; events from #{first}: "
                f"memory {events_a[first : first + 1]} database {events_b[first : first + 1]}"
            )
        return fresh

    # -- writing -------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        stored: _Stored | None = getattr(tracker, _STORED, None)
        sender_id = tracker.sender_id
        session_start, in_session = None, None
        with self._cursor(write=True) as cursor:
            last_id = self._sql.last_id(cursor, sender_id)
            known = (
                stored is not None and tracker.events.maxlen is None and stored.events <= len(tracker.events) and last_id == stored.last_id
            )
            # Otherwise Rasa's own rule: what the tracker holds beyond the stored session is new.
            start = stored.events if known else self._sql.session_count(cursor, sender_id)
            new = list(itertools.islice(tracker.events, start, None))
            if new:
                self._sql.insert(cursor, self._rows(sender_id, new))
                # Same transaction, so these are our rows' figures, whoever writes next.
                last_id = self._sql.last_id(cursor, sender_id)
                starts = [e.timestamp for e in new if isinstance(e, SessionStarted)]
                if starts:
                    # What Rasa's retrieve would read back now: its own query, counted.
                    session_start = max(starts)
                    in_session = self._sql.session_count(cursor, sender_id)
        self._cache.pop(sender_id, None)
        if hasattr(tracker, _STORED):
            delattr(tracker, _STORED)
        if session_start is not None:
            # A new session started: keep what Rasa would read back - the events
            # from the session start on - if memory and database agree on how many.
            events = [e for e in tracker.events if e.timestamp is not None and e.timestamp >= session_start]
            if len(events) == in_session and tracker.events.maxlen is None and self.domain is not None:
                self._keep(DialogueStateTracker.from_events(sender_id, events, self.domain.slots), last_id)
        elif known:
            self._keep(tracker, last_id)
        elif tracker.events.maxlen is None and start <= len(tracker.events):
            # Saved by Rasa's rule (e.g. a tracker just created): the database now holds
            # what it holds, so the next save of this same object needs no count. Not
            # kept in memory: whoever saved it may go on changing it.
            setattr(tracker, _STORED, _Stored(len(tracker.events), last_id))

    @staticmethod
    def _rows(sender_id: str, events: Iterable[Event]) -> list[dict[str, Any]]:
        """Rows as Rasa's ``SQLTrackerStore.save`` writes them."""
        rows = []
        for event in events:
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        return rows

    def _keep(self, tracker: DialogueStateTracker, last_id: int | None) -> None:
        setattr(tracker, _STORED, _Stored(len(tracker.events), last_id))
        now = time.monotonic()
        self._cache[tracker.sender_id] = _Entry(tracker, now)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        # The oldest entries sit at the front: drop the ones that idled out.
        while self._cache:
            oldest = next(iter(self._cache.values()))
            if now - oldest.kept_at <= self.cache_idle_seconds:
                break
            self._cache.popitem(last=False)
