"""Scale-out on existing engines: two Rasa servers share conversations through a
PostgreSQL tracker store and a Redis lock store (endpoints.postgres.yml).

The test starts its own throw-away PostgreSQL cluster and Redis server on
loopback (Debian packages from scripts/install_system_deps.sh), one action
server and two Rasa servers, and checks that
- a conversation started on one server continues on the other, and
- concurrent messages to one conversation, spread over both servers, are all
  kept and processed one at a time (no interleaving).
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from stack import ROOT, base_env, free_port, start_action_server, start_process, start_rasa, texts

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REDIS = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis():
    if not REDIS:
        pytest.fail("redis-server is not installed: run scripts/install_system_deps.sh")
    port = free_port()
    log_dir = ROOT / "test-output" / "scale-out"
    proc = start_process(
        f"redis-{port}", [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], base_env(), log_dir
    )
    deadline = time.monotonic() + 20
    while "Ready to accept connections" not in proc.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    yield port
    proc.stop()


@pytest.fixture(scope="module")
def two_servers(postgres, redis):
    log_dir = ROOT / "test-output" / "scale-out"
    env = base_env(
        VEJVISER_NOW="2026-11-23T09:30",
        VEJVISER_PG_HOST="127.0.0.1",
        VEJVISER_PG_PORT=str(postgres),
        VEJVISER_PG_DB="vejviser",
        VEJVISER_PG_USER="vejviser",
        VEJVISER_PG_PASSWORD="unused-trust-auth",
        VEJVISER_REDIS_HOST="127.0.0.1",
        VEJVISER_REDIS_PORT=str(redis),
        VEJVISER_REDIS_DB="0",
    )
    # Create the events table once, so two servers starting together do not race to create it.
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore(dialect="postgresql", host="127.0.0.1", port=postgres, db="vejviser", username="vejviser")
    actions = start_action_server(log_dir, env)
    servers = []
    try:
        # Start both at once: each needs about half a minute to load the model.
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(start_rasa, log_dir, env, actions.url, actions.token, endpoints="endpoints.postgres.yml") for _ in range(2)
            ]
            servers = [f.result() for f in futures]
        yield servers
    finally:
        for server in servers:
            server.process.stop()
        actions.process.stop()


def test_a_conversation_continues_on_the_other_server(two_servers):
    a, b = two_servers
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    assert "Hvilken kommune" in texts(a.send(sender, "jeg har brug for hjælp til kokain"))
    assert "Gladsaxe Rusmiddelcenter" in texts(b.send(sender, '/inform{"place": "Gladsaxe"}'))
    assert "Østmarken 4B" in texts(a.send(sender, "hvor ligger det?"))


def test_concurrent_messages_to_one_conversation_are_all_kept_in_order(two_servers, postgres):
    import sqlalchemy as sa

    a, b = two_servers
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    messages = [
        f'/ask_hours{{"unit": "{name}"}}' for name in ("Nyropsgade", "Valmuen", "PAS", "U-turn", "Ørnevej", "Spaniensgade", "FKRC", "KABS")
    ]
    with ThreadPoolExecutor(len(messages)) as pool:
        replies = list(pool.map(lambda i: (a, b)[i % 2].send(sender, messages[i]), range(len(messages))))
    assert all(texts(r) for r in replies), "every message got an answer"

    engine = sa.create_engine(f"postgresql://vejviser@127.0.0.1:{postgres}/vejviser")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT type_name, action_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        ).fetchall()
    user_events = [r for r in rows if r.type_name == "user"]
    assert len(user_events) == len(messages), "no message was lost"
    assert set(messages) == {json.loads(r.data)["text"] for r in user_events}
    # One at a time: after each user message its answer runs to action_listen before the next message.
    kinds = [(r.type_name, r.action_name) for r in rows if r.type_name in ("user", "action")]
    for i, (kind, _) in enumerate(kinds):
        if kind == "user" and i > 0:
            previous_action = next(name for k, name in reversed(kinds[:i]) if k == "action")
            assert previous_action == "action_listen", f"interleaved processing before event {i}: {kinds[: i + 1]}"


def test_ticket_bookkeeping_is_atomic_across_servers(redis):
    """Many 'servers' (separate Redis clients) take and return tickets for one
    conversation at once: every ticket number is unique and none is lost.
    Rasa's plain RedisLockStore fails this (read-modify-write of the queue)."""
    from addons.lock_store import AtomicRedisLockStore

    stores = [AtomicRedisLockStore(host="127.0.0.1", port=redis, db=2, key_prefix="atomic") for _ in range(8)]
    conversation = f"tickets-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(8) as pool:
        tickets = list(pool.map(lambda i: stores[i % 8].issue_ticket(conversation, 60), range(160)))
    assert len(set(tickets)) == len(tickets), "two servers were given the same ticket"
    queue = stores[0].get_lock(conversation)
    assert sorted(t.number for t in queue.tickets) == sorted(tickets), "a ticket was overwritten"

    # Returning tickets concurrently never deletes the queue while someone still waits.
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: stores[i % 8].cleanup(conversation, tickets[i]), range(80)))
    queue = stores[0].get_lock(conversation)
    assert queue is not None and sorted(t.number for t in queue.tickets) == sorted(tickets[80:])
