"""The hours engine: is a unit open at a moment, and when does it open next.

How that is said to a person is actions/replies.py's business.

All times are Copenhagen wall-clock times; a moment is an aware datetime in
Europe/Copenhagen, so daylight-saving days need no special handling (opening
hours never straddle the 02:00-03:00 shift).

Public holidays come from the `holidays` package (Danish public holidays plus
the optional days many offices close: Grundlovsdag, juleaftensdag, nytårsaften,
1. maj). The sources never say whether units are open on holidays, so on such a
day we only claim hours for units open every day of the year (Valmuen) and
otherwise answer "not known" (the reply says "ring og hør").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from ..clock import COPENHAGEN
from .model import HoursSet

SEARCH_DAYS = 14


@lru_cache(maxsize=8)
def _holidays_for(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("DK", years=[year], language="da", categories=("public", "optional"))
    return dict(calendar.items())


def holiday_name(day: date) -> str | None:
    """Danish name of a public (or commonly closed) holiday, else None."""
    return _holidays_for(day.year).get(day)


@dataclass(frozen=True)
class Status:
    """Where a unit's hours of one kind stand at a moment."""

    kind: str
    stated: bool  # False when the source gives no hours
    certain: bool  # False when the source's hours are ambiguous
    is_open: bool | None  # None when unknown (not stated, or a holiday)
    closes_at: datetime | None = None
    next_open: datetime | None = None
    next_closes: datetime | None = None  # when the opening at next_open ends
    holiday: str | None = None  # today's holiday, if the unit is not open all year
    skipped_holidays: tuple[str, ...] = ()  # holidays before next_open


def local_time(moment: datetime) -> datetime:
    return moment.astimezone(COPENHAGEN) if moment.tzinfo else moment.replace(tzinfo=COPENHAGEN)


def _at(day: date, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=COPENHAGEN)


def status_at(hours: HoursSet, moment: datetime) -> Status:
    """Open or closed at `moment`, when it closes, and when it opens next."""
    if hours.status == "not_stated":
        return Status(hours.kind, stated=False, certain=False, is_open=None)
    moment = local_time(moment)
    today = moment.date()
    minute = moment.hour * 60 + moment.minute
    certain = hours.status == "stated"
    today_holiday = None if hours.all_year else holiday_name(today)
    if today_holiday is None:
        for iv in hours.week[today.weekday()]:
            if iv.opens <= minute < iv.closes:
                return Status(hours.kind, True, certain, True, closes_at=_at(today, iv.closes))
    next_open, skipped = next_opening(hours, moment)
    return Status(
        hours.kind,
        True,
        certain,
        None if today_holiday else False,
        next_open=next_open,
        next_closes=closing_of(hours, next_open),
        holiday=today_holiday,
        skipped_holidays=skipped,
    )


def closing_of(hours: HoursSet, opening: datetime | None) -> datetime | None:
    """When the opening that starts at `opening` ends ("åbner mandag kl. 12.00–16.00")."""
    if opening is None:
        return None
    minute = opening.hour * 60 + opening.minute
    day = opening.date()
    return next((_at(day, iv.closes) for iv in hours.week[day.weekday()] if iv.opens == minute), None)


def next_opening(hours: HoursSet, moment: datetime) -> tuple[datetime | None, tuple[str, ...]]:
    """The next opening after `moment` within two weeks, skipping holidays
    (unless open all year), and the holidays skipped on the way."""
    moment = local_time(moment)
    minute = moment.hour * 60 + moment.minute
    skipped: list[str] = []
    for offset in range(SEARCH_DAYS + 1):
        day = moment.date() + timedelta(days=offset)
        name = None if hours.all_year else holiday_name(day)
        if name:
            if hours.week[day.weekday()]:
                skipped.append(name)
            continue
        for iv in hours.week[day.weekday()]:
            if offset > 0 or iv.opens > minute:
                return _at(day, iv.opens), tuple(skipped)
    return None, tuple(skipped)
