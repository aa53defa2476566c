"""Stored conversations older than the retention period are deleted by `make purge`."""

from __future__ import annotations

import time

import sqlalchemy as sa
from stack import load_script


def _purge_module():
    return load_script("purge_conversations")


def test_old_events_and_conversations_are_deleted(tmp_path, monkeypatch, capsys):
    purge = _purge_module()
    db = tmp_path / "tracker.db"
    monkeypatch.setenv("VEJVISER_TRACKER_DB", str(db))
    monkeypatch.setenv("VEJVISER_ACTION_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("VEJVISER_ACTION_TOKEN", "")
    store = purge.tracker_store("endpoints.yml")
    events = store.SQLEvent.__table__
    now = time.time()
    rows = [
        ("old-only", now - 40 * 86400),
        ("old-only", now - 35 * 86400),
        ("mixed", now - 31 * 86400),
        ("mixed", now - 3600),
        ("new", now - 60),
    ]
    with store.engine.begin() as conn:
        conn.execute(events.insert(), [{"sender_id": s, "type_name": "user", "timestamp": t, "data": "{}"} for s, t in rows])

    assert purge.main(["--days", "30", "--dry-run"]) == 0
    assert "would delete 3 events" in capsys.readouterr().out
    assert purge.main(["--days", "30"]) == 0
    assert "deleted 3 events older than 30 days; 1 conversations removed entirely" in capsys.readouterr().out
    with store.engine.begin() as conn:
        left = conn.execute(sa.select(events.c.sender_id, events.c.timestamp).order_by(events.c.timestamp)).fetchall()
    assert [s for s, _ in left] == ["mixed", "new"]
