"""The action server's clock, in Copenhagen local time.

Set VEJVISER_NOW=YYYY-MM-DDTHH:MM (Europe/Copenhagen local time) to pin it, so
answers about "open now" are reproducible in tests and demos. Unset means the
real clock.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ENV = "VEJVISER_NOW"


class BadPinnedClock(ValueError):
    pass


def parse_pinned(text: str) -> datetime:
    """'2026-11-23T09:30' -> aware datetime in Copenhagen. Raises BadPinnedClock."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadPinnedClock(f"{ENV}={text!r} is not a local time like 2026-11-23T09:30") from None
    if moment.tzinfo is not None:
        return moment.astimezone(COPENHAGEN)
    return moment.replace(tzinfo=COPENHAGEN)


def now() -> datetime:
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        return parse_pinned(pinned)
    return datetime.now(COPENHAGEN)
