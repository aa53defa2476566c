"""Delete stored conversation events older than the retention period.

    make purge                                # VEJVISER_RETENTION_DAYS, default 30
    python scripts/purge_conversations.py --days 7 --dry-run

Works on whichever tracker store the endpoints file configures (SQLite by
default, PostgreSQL with endpoints.postgres.yml): it uses Rasa's own
SQLTrackerStore to find the table. Deleting by event time is safe for ongoing
conversations: Rasa only reads events since the latest session start, and a
session expires after 60 minutes without messages. Run it daily (cron or a
systemd timer, see README "Drift og sikkerhed").
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tracker_store(endpoints_file: str):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import AvailableEndpoints

    endpoints = AvailableEndpoints.read_endpoints(endpoints_file)
    config = endpoints.tracker_store
    # Rasa's SQL store, or ours built on it (same table; kept trackers are re-checked every turn).
    if config is None or config.type not in ("SQL", "addons.tracker_store.CachedSQLTrackerStore"):
        raise SystemExit(f"{endpoints_file}: the tracker store is not an SQL store; nothing to purge here.")
    return SQLTrackerStore(domain=None, host=config.url, **config.kwargs)


def purge(store, days: float, dry_run: bool = False) -> tuple[int, int]:
    """(events deleted, conversations left empty and thus gone)."""
    import sqlalchemy as sa

    cutoff = time.time() - days * 86400
    events = store.SQLEvent.__table__
    with store.engine.begin() as conn:
        old = conn.execute(sa.select(sa.func.count()).select_from(events).where(events.c.timestamp < cutoff)).scalar()
        senders_before = conn.execute(sa.select(sa.func.count(sa.distinct(events.c.sender_id)))).scalar()
        if dry_run:
            return old, 0
        conn.execute(events.delete().where(events.c.timestamp < cutoff))
        senders_after = conn.execute(sa.select(sa.func.count(sa.distinct(events.c.sender_id)))).scalar()
    return old, senders_before - senders_after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--days",
        type=float,
        default=float(os.environ.get("VEJVISER_RETENTION_DAYS", "30")),
        help="keep this many days (default: $VEJVISER_RETENTION_DAYS or 30)",
    )
    parser.add_argument("--endpoints", default=os.environ.get("VEJVISER_ENDPOINTS", "endpoints.yml"))
    parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    os.chdir(ROOT)
    store = tracker_store(args.endpoints)
    deleted, gone = purge(store, args.days, args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {deleted} events older than {args.days:g} days; {gone} conversations removed entirely")
    return 0


if __name__ == "__main__":
    sys.exit(main())
