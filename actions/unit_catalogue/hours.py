"""The hours engine: is a unit open at a moment, when does it open next, and
how to say it in Danish.

All times are Copenhagen wall-clock times; a moment is an aware datetime in
Europe/Copenhagen, so daylight-saving days need no special handling (opening
hours never straddle the 02:00-03:00 shift).

Public holidays come from the `holidays` package (Danish public holidays plus
the optional days many offices close: Grundlovsdag, juleaftensdag, nytårsaften,
1. maj). The sources never say whether units are open on holidays, so on such a
day we only claim hours for units open every day of the year (Valmuen) and
otherwise say "ring og hør".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Optional

import holidays

from ..clock import COPENHAGEN
from .model import WEEKDAY_NAMES_DA, HoursSet, Interval

MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")
SEARCH_DAYS = 14

# How each kind of hours is said when open / closed.
_STATE_WORDS = {
    "open": ("Åbent nu", "Lukket nu"),
    "phone": ("Telefonen er åben nu", "Telefonen er lukket nu"),
    "counselling": ("Rådgivningen er åben nu", "Rådgivningen er lukket nu"),
    "treatment": ("Åbent for behandling nu", "Lukket for behandling nu"),
}
KIND_TITLES = {"open": "Åbningstider", "phone": "Telefontider", "counselling": "Rådgivningen er åben",
               "treatment": "Åbent for behandling"}
KIND_LOWER = {"open": "deres åbningstider", "phone": "deres telefontider", "counselling": "rådgivningens åbningstider",
              "treatment": "deres åbningstider"}


@lru_cache(maxsize=8)
def _holidays_for(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("DK", years=[year], language="da", categories=("public", "optional"))
    return dict(calendar.items())


def holiday_name(day: date) -> Optional[str]:
    """Danish name of a public (or commonly closed) holiday, else None."""
    return _holidays_for(day.year).get(day)


def clock(minutes: int) -> str:
    """Minutes since midnight in Danish style: 480 -> '8.00', 750 -> '12.30'."""
    return f"{minutes // 60}.{minutes % 60:02d}"


def span(interval: Interval) -> str:
    return f"{clock(interval.opens)}–{clock(interval.closes)}"


def spans(intervals: tuple[Interval, ...]) -> str:
    return " og ".join(span(iv) for iv in intervals) if intervals else "lukket"


@dataclass(frozen=True)
class Status:
    """Where a unit's hours of one kind stand at a moment."""

    kind: str
    stated: bool  # False when the source gives no hours
    certain: bool  # False when the source's hours are ambiguous
    is_open: Optional[bool]  # None when unknown (not stated, or a holiday)
    closes_at: Optional[datetime] = None
    next_open: Optional[datetime] = None
    holiday: Optional[str] = None  # today's holiday, if the unit is not open all year
    skipped_holidays: tuple[str, ...] = ()  # holidays before next_open


def _local(moment: datetime) -> datetime:
    return moment.astimezone(COPENHAGEN) if moment.tzinfo else moment.replace(tzinfo=COPENHAGEN)


def _at(day: date, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=COPENHAGEN)


def status_at(hours: HoursSet, moment: datetime) -> Status:
    """Open or closed at `moment`, when it closes, and when it opens next."""
    if hours.status == "not_stated":
        return Status(hours.kind, stated=False, certain=False, is_open=None)
    moment = _local(moment)
    today = moment.date()
    minute = moment.hour * 60 + moment.minute
    certain = hours.status == "stated"
    today_holiday = None if hours.all_year else holiday_name(today)
    if today_holiday is None:
        for iv in hours.week[today.weekday()]:
            if iv.opens <= minute < iv.closes:
                return Status(hours.kind, True, certain, True, closes_at=_at(today, iv.closes))
    next_open, skipped = next_opening(hours, moment)
    return Status(hours.kind, True, certain, None if today_holiday else False, next_open=next_open,
                  holiday=today_holiday, skipped_holidays=skipped)


def next_opening(hours: HoursSet, moment: datetime) -> tuple[Optional[datetime], tuple[str, ...]]:
    """The next opening after `moment` within two weeks, skipping holidays
    (unless open all year), and the holidays skipped on the way."""
    moment = _local(moment)
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


def when(target: datetime, moment: datetime, with_date: bool = False) -> str:
    """'i dag', 'i morgen', 'mandag', or 'mandag d. 6. april' for later dates (or on request)."""
    target, moment = _local(target), _local(moment)
    days = (target.date() - moment.date()).days
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgen"
    name = WEEKDAY_NAMES_DA[target.weekday()]
    if days < 7 and not with_date:
        return name
    return f"{name} d. {target.day}. {MONTHS_DA[target.month - 1]}"


def describe_status(hours: HoursSet, moment: datetime) -> str:
    """One short Danish line, e.g. 'Åbent nu – lukker kl. 12.00'."""
    st = status_at(hours, moment)
    if not st.stated:
        return f"Vi kender ikke {KIND_LOWER[hours.kind]}."
    open_words, closed_words = _STATE_WORDS[hours.kind]
    prefix = "" if st.certain else "Usikkert: "
    if st.is_open:
        return f"{prefix}{open_words} – lukker kl. {clock(st.closes_at.hour * 60 + st.closes_at.minute)}."
    parts = []
    if st.holiday:
        parts.append(f"I dag er det {st.holiday}. Vi ved ikke, om der er åbent på helligdage – ring og hør.")
        if st.next_open:
            parts.append(f"Ellers er næste almindelige åbning {when(st.next_open, moment)} kl. {clock(st.next_open.hour * 60 + st.next_open.minute)}.")
        return prefix + " ".join(parts)
    if st.next_open:
        day = when(st.next_open, moment, with_date=bool(st.skipped_holidays))
        line = f"{prefix}{closed_words} – åbner {day} kl. {clock(st.next_open.hour * 60 + st.next_open.minute)}."
        if st.skipped_holidays:
            names = list(dict.fromkeys(st.skipped_holidays))
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"
            line += f" {listed} er {'helligdag' if len(names) == 1 else 'helligdage'} – ring og hør, om der er åbent."
        return line
    return f"{prefix}{closed_words}."


def describe_day(hours: HoursSet, day: date) -> str:
    """'torsdag d. 26. november: 8.00–12.00 og 15.00–18.00', with a holiday warning."""
    label = f"{WEEKDAY_NAMES_DA[day.weekday()]} d. {day.day}. {MONTHS_DA[day.month - 1]}"
    if hours.status == "not_stated":
        return f"{label}: vi kender ikke {KIND_LOWER[hours.kind]}"
    text = f"{label}: {spans(hours.week[day.weekday()])}"
    name = None if hours.all_year else holiday_name(day)
    if name:
        text += f" – men det er {name}, så ring og hør, om der er åbent"
    elif hours.all_year and holiday_name(day):
        text += f" (åbent alle årets dage, også {holiday_name(day)})"
    return text


def describe_week(hours: HoursSet) -> list[str]:
    """The week, with runs of equal days folded: ['Mandag–onsdag: 9.00–14.00', ...]."""
    if hours.status == "not_stated":
        return [f"Vi kender ikke {KIND_LOWER[hours.kind]}."]
    if hours.all_year and len(set(hours.week)) == 1:
        return [f"Alle dage: {spans(hours.week[0])} – alle årets dage, også helligdage"]
    lines = []
    start = 0
    for d in range(1, 8):
        if d == 7 or hours.week[d] != hours.week[start]:
            first = WEEKDAY_NAMES_DA[start].capitalize()
            days = first if d - 1 == start else f"{first}–{WEEKDAY_NAMES_DA[d - 1]}"
            lines.append(f"{days}: {spans(hours.week[start])}")
            start = d
    return lines
