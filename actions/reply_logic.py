"""What the wording modules decide alike, whatever the language: no words here.

actions/replies.py (Danish) and actions/replies_en.py (English) say the same things
in two languages; the choices behind the words - which contact lines a card has, when
a number is not repeated, how a week folds into runs of equal days, how a button's
payload is written, how a time is shown - are made once, here, so the two languages
cannot drift apart. Each function returns plain values or small tuples that the
wording modules turn into sentences. tests/test_one_home.py keeps prose out of this
module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

import holidays

from .clock import COPENHAGEN
from .unit_catalogue.hours import Status, local_time, next_opening
from .unit_catalogue.model import HoursSet, Interval
from .unit_catalogue.query import CatalogueDB, UnitInfo

# How low an intent may be ranked and still be offered as "did you mean" (both languages).
CLARIFY_MIN_CONFIDENCE = 0.15
# The phrase the catalogue resolves to "a municipality outside our four" (actions/reading.py):
# the payload value of the "other municipality" button in every language.
OTHER_MUNICIPALITY_VALUE = "en anden kommune"


# --- buttons -----------------------------------------------------------------------


def payload(intent: str, **entities: str) -> str:
    """A button payload that skips NLU: '/ask_hours{"unit": "Nyropsgade"}'."""
    return f"/{intent}" + (json.dumps(entities, ensure_ascii=False) if entities else "")


def button(title: str, intent: str, **entities: str) -> dict:
    return {"title": title, "payload": payload(intent, **entities)}


def offers_other_municipality(intent: str) -> bool:
    """Whether a municipality question also offers "somewhere else" (asking where to go)."""
    return intent in ("inform", "seek_help", "relative_help")


# --- times and days ----------------------------------------------------------------


def clock(minutes: int) -> str:
    """Minutes since midnight as the catalogue shows them, in both languages: 480 -> '8.00', 750 -> '12.30'."""
    return f"{minutes // 60}.{minutes % 60:02d}"


def clock_at(moment: datetime) -> str:
    """The time of day of a moment: '8.00'."""
    return clock(moment.hour * 60 + moment.minute)


def one_per_phone(units: list[UnitInfo]) -> list[UnitInfo]:
    """The units that have a phone number, each number once (the first unit that has it)."""
    seen: set[str] = set()
    out = []
    for unit in units:
        if unit.contact.phone and unit.contact.phone not in seen:
            seen.add(unit.contact.phone)
            out.append(unit)
    return out


def opening_span(st: Status) -> str:
    """'12.00–16.00': the next opening with its end, so a person closed out now knows how long
    they have then ('åbner mandag kl. 12.00–16.00')."""
    start = clock_at(st.next_open)
    return f"{start}–{clock_at(st.next_closes)}" if st.next_closes else start


def span(interval: Interval) -> str:
    return f"{clock(interval.opens)}–{clock(interval.closes)}"


def days_ahead(target: datetime, moment: datetime) -> int:
    """Calendar days from `moment` to `target` in Copenhagen: 0 today, 1 tomorrow."""
    return (local_time(target).date() - local_time(moment).date()).days


def week_runs(hours: HoursSet) -> list[tuple[int, int]]:
    """Runs of weekdays (0 = Monday) with equal hours: [(0, 2), (3, 3), (4, 4), (5, 6)]."""
    runs = []
    start = 0
    for d in range(1, 8):
        if d == 7 or hours.week[d] != hours.week[start]:
            runs.append((start, d - 1))
            start = d
    return runs


def same_every_day_all_year(hours: HoursSet) -> bool:
    return hours.all_year and len(set(hours.week)) == 1


def is_weekend(days: list[date]) -> bool:
    """The days asked about are Saturday and Sunday."""
    return len(days) == 2 and days[0].weekday() == 5


def first_opening_after(unit: UnitInfo, day: date) -> datetime | None:
    """When a unit opens after the end of `day`."""
    start = datetime(day.year, day.month, day.day, 23, 59, tzinfo=COPENHAGEN)
    return next_opening(unit.hours_of(), start)[0]


def unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


# --- public holidays in each language ---------------------------------------------------


@lru_cache(maxsize=16)
def _holidays(year: int, language: str) -> dict[date, str]:
    """The same calendar as the hours engine (actions/unit_catalogue/hours.py), named in `language`."""
    calendar = holidays.country_holidays("DK", years=[year], language=language, categories=("public", "optional"))
    return dict(calendar.items())


def holiday_in(day: date, language: str) -> str | None:
    """The holiday on `day` named in `language` ('da', 'en_US'), else None."""
    return _holidays(day.year, language).get(day)


def rename_holiday(name: str, near: date, language: str) -> str:
    """A holiday named by the hours engine (in Danish) in `language`; the name itself if unknown."""
    for year in (near.year, near.year + 1, near.year - 1):
        danish = _holidays(year, "da")
        for day, danish_name in danish.items():
            if danish_name == name:
                return _holidays(year, language).get(day, name)
    return name


# --- contact lines and phone numbers ------------------------------------------------------


def reachable(unit: UnitInfo, age: int | None) -> bool:
    """The unit has a number and whoever answers it takes a person of `age`."""
    return bool(unit.contact.phone and unit.contact.via_serves(age))


def contact_plan(unit: UnitInfo, shown: Iterable[str] = (), age: int | None = None) -> list[tuple]:
    """The lines of a card's contact block, as (kind, values...):

    ("address", address), ("via_address", address, via_name), ("walk_in_only",),
    ("phone_shown", via_name), ("phone_via", number, via_name), ("phone", number),
    ("email", email), ("no_phone", note or None), ("note", note).

    A number that belongs to another office says whose it is, is not repeated when that
    office is shown too, and is not given to someone that office does not serve (FKRC
    through the Rådhus, 18+).
    """
    shown = list(shown)
    c = unit.contact
    plan: list[tuple] = []
    if c.address:
        plan.append(("address", c.address))
    elif c.via_address and c.via_name not in shown:
        plan.append(("via_address", c.via_address, c.via_name))
    if c.phone and c.via_name and not c.via_serves(age):
        plan.append(("walk_in_only",))
        return plan
    if c.phone and c.via_name and c.via_name in shown:
        plan.append(("phone_shown", c.via_name))
    elif c.phone and c.via_name:
        plan.append(("phone_via", c.phone_display, c.via_name))
    elif c.phone:
        plan.append(("phone", c.phone_display))
    if c.email:
        plan.append(("email", c.email))
    if not c.phone:
        plan.append(("no_phone", c.note))
    elif c.via_name and c.note and not c.address and c.phone_display not in c.note:
        plan.append(("note", c.note))  # "you reach KABS through the centre" (never the number again)
    return plan


def grouped_by_text(blocks: Iterable[tuple[UnitInfo, str]]) -> list[tuple[str, list[UnitInfo]]]:
    """Units whose hours text is identical, together, in first-seen order."""
    grouped: dict[str, list[UnitInfo]] = {}
    for unit, body in blocks:
        grouped.setdefault(body, []).append(unit)
    return list(grouped.items())


def group_phone_plan(units: list[UnitInfo], body: str, shown: Iterable[str]) -> list[tuple]:
    """The phone lines under a block of hours: ("call_via", unit name, via name) for a unit
    reached through one shown in the same answer, ("phone", number, whose or None) else;
    nothing for a number the block already gives."""
    shown = set(shown)
    plan: list[tuple] = []
    for u in units:
        number, via = u.contact.phone_display, u.contact.via_name
        if not number or number in body:
            continue
        if via and via in shown:
            plan.append(("call_via", u.name, via))
            continue
        whose = u.name if len(units) > 1 else via
        plan.append(("phone", number, whose))
    return plan


# --- sources ------------------------------------------------------------------------


def source_facts(db: CatalogueDB, municipality_id: str) -> tuple[str, bool, str | None]:
    """A municipality's source document as (publisher, is a quality standard, year or None if undated)."""
    s = db.municipality_source(municipality_id)
    publisher = s["publisher"].split(",")[0]
    title = s["title"].lower()
    standard = "kvalitetsstandard" in title or "quality standard" in title
    year = s["year"] if s["year"] not in (None, "", "udateret", "undated") else None
    return publisher, standard, year


# --- domain.yml's responses ---------------------------------------------------------------------


def response_variation(domain: dict, name: str, language: str) -> dict | None:
    """domain.yml's variation of response `name` for `language`: the one whose condition is the
    slot `language` set to it, else the one without a condition.

    Rasa chooses a conditional variation from the slots *before* the action's own events, so on
    the turn where the language changes (a first "hi") Rasa would still pick the old language;
    an action that knows this turn's language can pick the variation itself with this."""
    variations = (domain.get("responses") or {}).get(name) or []
    plain = [v for v in variations if not v.get("condition")]
    matching = [
        v
        for v in variations
        if v.get("condition")
        and all(c.get("type") == "slot" and c.get("name") == "language" and c.get("value") == language for c in v["condition"])
    ]
    chosen = (matching or plain or [None])[0]
    return {k: v for k, v in chosen.items() if k != "condition"} if chosen else None
