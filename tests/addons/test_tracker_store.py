"""addons/tracker_store.py: the cached SQL tracker store stores exactly what Rasa's
SQLTrackerStore stores, and hands out a kept tracker only while the database agrees.

Each test runs on SQLite (endpoints.yml) and on PostgreSQL (a throw-away cluster, see
conftest.py): the store runs its statements compiled for the engine's dialect."""

from __future__ import annotations

import asyncio
import sqlite3
import time
import uuid
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from conftest import create_pg_database
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import EventVerbosity
from stack import ROOT

from addons.tracker_store import MISMATCH, CachedSQLTrackerStore

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
T0 = time.time() + 100  # event times after the tracker is created (Rasa stamps that with the clock)


def run(coro):
    return asyncio.run(coro)


def turn(n: int, text: str = "hvornår har nyropsgade åbent") -> list:
    """The events of one ordinary turn: user message, a slot, an answer, listening again."""
    return [
        UserUttered(text, {"name": "ask_hours", "confidence": 0.9}, timestamp=T0 + n),
        SlotSet("topic", "ask_hours", timestamp=T0 + n + 0.1),
        ActionExecuted("action_unit_hours", timestamp=T0 + n + 0.2),
        BotUttered(f"svar {n}", timestamp=T0 + n + 0.3),
        ActionExecuted("action_listen", timestamp=T0 + n + 0.4),
    ]


def session_start(t: float) -> list:
    return [
        ActionExecuted("action_session_start", timestamp=t),
        SessionStarted(timestamp=t + 0.01),
        ActionExecuted("action_listen", timestamp=t + 0.02),
    ]


@dataclass
class Database:
    """A tracker database: the store's arguments and a URL to look at what it holds."""

    kwargs: dict
    url: str

    def rows(self) -> list[tuple]:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as con:
                return [
                    tuple(r)
                    for r in con.execute(
                        sa.text("SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id")
                    )
                ]
        finally:
            engine.dispose()

    def execute(self, sql: str) -> None:
        engine = sa.create_engine(self.url)
        try:
            with engine.begin() as con:
                con.execute(sa.text(sql))
        finally:
            engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=[pytest.mark.e2e, pytest.mark.slow])])
def new_db(request, tmp_path):
    """Makes empty tracker databases of one kind."""

    def make() -> Database:
        name = f"tracker_{uuid.uuid4().hex[:12]}"
        if request.param == "sqlite":
            path = tmp_path / f"{name}.db"
            return Database({"dialect": "sqlite", "db": str(path)}, f"sqlite:///{path}")
        port = request.getfixturevalue("postgres")
        create_pg_database(port, name)
        return Database(
            {"dialect": "postgresql", "host": "127.0.0.1", "port": port, "db": name, "username": "vejviser"},
            f"postgresql://vejviser@127.0.0.1:{port}/{name}",
        )

    return make


@pytest.fixture
def db(new_db) -> Database:
    return new_db()


def store(db: Database, cls=CachedSQLTrackerStore, **kwargs):
    return cls(domain=DOMAIN, **db.kwargs, **kwargs)


def conversation(s, sender: str = "anna", turns: int = 4):
    """Create a conversation and run `turns` turns through retrieve -> update -> save."""
    tracker = run(s.get_or_create_tracker(sender))
    tracker.update_with_events(session_start(T0 - 1), DOMAIN, override_timestamp=False)
    run(s.save(tracker))
    for n in range(turns):
        tracker = run(s.retrieve(sender))
        tracker.update_with_events(turn(n), DOMAIN, override_timestamp=False)
        run(s.save(tracker))
    return tracker


def test_stores_the_same_rows_as_rasas_sql_tracker_store(new_db):
    ours, theirs = new_db(), new_db()
    conversation(store(ours))
    conversation(store(theirs, SQLTrackerStore))
    ours, theirs = ours.rows(), theirs.rows()
    # The first row is the action_listen Rasa writes on creating a tracker, stamped with the clock.
    assert [r[:2] + r[3:5] for r in ours[:1]] == [r[:2] + r[3:5] for r in theirs[:1]]
    assert ours[1:] == theirs[1:]
    assert len(ours) == 1 + 3 + 4 * 5


def test_kept_tracker_is_handed_out_and_equals_the_database(db):
    s = store(db)
    last = conversation(s)
    kept = run(s.retrieve("anna"))
    assert kept is last
    assert s.hits >= 3
    fresh = run(store(db).retrieve("anna"))
    assert kept.current_state(EventVerbosity.ALL) == fresh.current_state(EventVerbosity.ALL)


def test_another_writer_makes_it_read_the_database_again(db):
    s = store(db)
    conversation(s)
    other = store(db)  # e.g. a second server sharing the database
    tracker = run(other.retrieve("anna"))
    tracker.update_with_events(turn(10, "tak"), DOMAIN, override_timestamp=False)
    run(other.save(tracker))
    seen = run(s.retrieve("anna"))
    assert seen.latest_message.text == "tak"
    assert len(seen.events) == len(tracker.events)


def test_purged_conversation_is_not_handed_out(db):
    s = store(db)
    conversation(s)
    db.execute("DELETE FROM events WHERE sender_id = 'anna'")
    assert run(s.retrieve("anna")) is None


def test_a_turn_that_fails_before_saving_leaves_nothing_behind(db):
    s = store(db)
    conversation(s)
    tracker = run(s.retrieve("anna"))
    stored = len(tracker.events)
    tracker.update_with_events(turn(20, "ikke gemt"), DOMAIN)  # ... and then the turn crashes: no save
    again = run(s.retrieve("anna"))
    assert again is not tracker
    assert len(again.events) == stored
    assert again.latest_message.text != "ikke gemt"


def test_new_session_keeps_what_rasa_would_read_back(db):
    s = store(db)
    conversation(s)
    tracker = run(s.retrieve("anna"))
    tracker.update_with_events(session_start(T0 + 5000), DOMAIN, override_timestamp=False)
    run(s.save(tracker))
    hits = s.hits
    again = run(s.retrieve("anna"))
    assert s.hits == hits + 1 and again is not tracker  # from memory, but a new tracker
    assert len(again.events) == 2  # SessionStarted and action_listen: what Rasa's store returns for a new session
    assert run(store(db, SQLTrackerStore).retrieve("anna")).current_state(EventVerbosity.ALL) == again.current_state(EventVerbosity.ALL)


def test_first_turn_of_a_conversation_is_kept(db):
    s = store(db)
    conversation(s, turns=0)  # created, session started, saved
    hits = s.hits
    tracker = run(s.retrieve("anna"))
    assert s.hits == hits + 1
    assert tracker.current_state(EventVerbosity.ALL) == run(store(db, SQLTrackerStore).retrieve("anna")).current_state(EventVerbosity.ALL)


def test_idle_conversations_and_overflow_leave_memory(db):
    s = store(db, cache_size=2)
    for sender in ("a", "b", "c"):
        conversation(s, sender, turns=2)
    assert list(s._cache) == ["b", "c"]
    s.cache_idle_seconds = 0
    before = s.misses
    run(s.retrieve("c"))
    assert s.misses == before + 1


def test_verify_mode_reports_a_tracker_that_differs(db, monkeypatch, caplog):
    monkeypatch.setenv("VEJVISER_TRACKER_CACHE_VERIFY", "1")
    s = store(db)
    conversation(s)
    kept = s._cache["anna"].tracker
    kept.slots["topic"].value = "changed in memory only"
    assert run(s.retrieve("anna")).get_slot("topic") == "ask_hours"  # the database's version wins
    assert MISMATCH in caplog.text


def test_wal_mode_for_sqlite(tmp_path):
    db = Database({"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}, "")
    s = store(db)
    conversation(s, turns=1)
    with sqlite3.connect(db.kwargs["db"]) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.engine.dialect.name == "sqlite"
