"""The hours engine: boundaries, next opening, holidays, daylight saving, unknown hours."""

from __future__ import annotations

from datetime import date

import pytest

from actions.clock import BadPinnedClock, now, parse_pinned
from actions.replies import describe_day, describe_status, describe_week
from actions.unit_catalogue.hours import holiday_name, next_opening, status_at


def at(text: str):
    return parse_pinned(text)


@pytest.fixture
def rehab(db):
    return db.unit("kk-horsholmsgade").hours_of("open")


@pytest.mark.parametrize(
    "moment, expected",
    [
        # 2026-11-23 is a Monday: 8.00-12.00 and 15.00-18.00.
        ("2026-11-23T07:59", "Lukket nu – åbner i dag kl. 8.00–12.00."),
        ("2026-11-23T08:00", "Åbent nu – lukker kl. 12.00."),
        ("2026-11-23T11:59", "Åbent nu – lukker kl. 12.00."),
        ("2026-11-23T12:00", "Lukket nu – åbner i dag kl. 15.00–18.00."),
        ("2026-11-23T17:59", "Åbent nu – lukker kl. 18.00."),
        ("2026-11-23T18:00", "Lukket nu – åbner i morgen kl. 8.00–12.00."),
        # Friday afternoon -> Monday.
        ("2026-11-27T12:30", "Lukket nu – åbner mandag kl. 8.00–12.00."),
        ("2026-11-28T10:00", "Lukket nu – åbner mandag kl. 8.00–12.00."),
    ],
)
def test_interval_boundaries(rehab, moment, expected):
    assert describe_status(rehab, at(moment)) == expected


def test_substitution_units_are_closed_on_wednesdays(db):
    hours = db.unit("kk-ornevej").hours_of("open")
    assert describe_status(hours, at("2026-11-25T10:00")) == "Lukket nu – åbner i morgen kl. 9.00–12.30."
    assert describe_status(hours, at("2026-11-26T16:30")) == "Åbent nu – lukker kl. 18.00."


def test_phone_hours_are_phrased_as_phone(db):
    pas = db.unit("kk-pas").hours_of("phone")
    assert describe_status(pas, at("2026-11-23T15:30")) == "Telefonen er åben nu – lukker kl. 16.15."
    assert describe_status(pas, at("2026-11-23T16:15")) == "Telefonen er lukket nu – åbner torsdag kl. 15.15–16.15."


def test_counselling_hours(db):
    uturn = db.unit("kk-u-turn").hours_of("counselling")
    assert describe_status(uturn, at("2026-11-27T12:00")) == "Rådgivningen er lukket nu – åbner mandag kl. 12.00–16.00."


def test_holiday_for_a_normal_unit_says_ring_og_hor(rehab):
    # 2026-12-25 (juledag) is a Friday.
    text = describe_status(rehab, at("2026-12-25T09:00"))
    assert text.startswith("I dag er det juledag.") and "ring og hør" in text
    # the next regular opening with how long it lasts
    assert "Ellers er næste almindelige åbning mandag kl. 8.00–12.00." in text
    st = status_at(rehab, at("2026-12-25T09:00"))
    assert st.is_open is None and st.holiday == "Juledag"
    # The next regular opening skips 2. juledag (Saturday) and the weekend: Monday 28th.
    assert st.next_open.date() == date(2026, 12, 28)


def test_next_opening_skips_holidays_and_says_so(rehab):
    # Wednesday 1 April 2026 evening; Thursday 2 April is skærtorsdag, Friday langfredag,
    # Monday 6 April 2. påskedag -> next opening Tuesday 7 April.
    opens, skipped = next_opening(rehab, at("2026-04-01T19:00"))
    assert opens.date() == date(2026, 4, 7) and opens.hour == 8
    assert "Skærtorsdag" in skipped and "Langfredag" in skipped
    text = describe_status(rehab, at("2026-04-01T19:00"))
    assert "åbner tirsdag d. 7. april kl. 8.00–12.00" in text and "Skærtorsdag" in text


def test_valmuen_is_open_on_holidays(db):
    valmuen = db.unit("kk-valmuen").hours_of("treatment")
    assert describe_status(valmuen, at("2026-12-25T10:00")) == "Åbent for behandling nu – lukker kl. 17.30."
    assert describe_week(valmuen) == ["Alle dage: 8.30–17.30 – alle årets dage, også helligdage"]
    assert "åbent alle årets dage, også juledag" in describe_day(valmuen, date(2026, 12, 25))


@pytest.mark.parametrize("moment", ["2026-03-29T09:00", "2026-10-25T09:00"])
def test_daylight_saving_days(db, moment):
    """Sundays when the clock changes: Valmuen is open at 9 local time either way."""
    valmuen = db.unit("kk-valmuen").hours_of("treatment")
    st = status_at(valmuen, at(moment))
    assert st.is_open and st.closes_at.hour == 17 and st.closes_at.minute == 30


def test_daylight_saving_next_opening_is_local_time(rehab):
    # Saturday before the spring change -> Monday 8.00 local (UTC+2 by then).
    opens, _ = next_opening(rehab, at("2026-03-28T12:00"))
    assert (opens.date(), opens.hour, opens.utcoffset().total_seconds()) == (date(2026, 3, 30), 8, 7200)


def test_unknown_hours_say_so(db):
    rbc = db.unit("rod-rbc").hours_of()
    assert describe_status(rbc, at("2026-11-23T10:00")) == "Vi kender ikke deres åbningstider."
    assert status_at(rbc, at("2026-11-23T10:00")).is_open is None
    assert describe_week(rbc) == ["Vi kender ikke deres åbningstider."]


def test_ambiguous_hours_are_marked(db):
    eng = db.unit("kk-enghavevej").hours_of("phone")
    assert describe_status(eng, at("2026-11-23T09:00")).startswith("Usikkert: Telefonen er åben nu")


def test_week_overview_folds_equal_days(db):
    assert describe_week(db.unit("glx-rusmiddelcenter").hours_of()) == [
        "Mandag–onsdag: 9.00–14.00",
        "Torsdag: 9.00–18.00",
        "Fredag: 9.00–14.00",
        "Lørdag–søndag: lukket",
    ]
    assert describe_week(db.unit("kk-prags-boulevard").hours_of()) == [
        "Mandag–tirsdag: 9.00–12.30",
        "Onsdag: lukket",
        "Torsdag: 9.00–12.30 og 16.00–18.00",
        "Fredag: 9.00–12.30",
        "Lørdag–søndag: lukket",
    ]


def test_a_specific_day(db, rehab):
    assert describe_day(rehab, date(2026, 11, 26)) == "torsdag d. 26. november: 8.00–12.00 og 15.00–18.00"
    assert "men det er nytårsdag" in describe_day(rehab, date(2027, 1, 1))


def test_danish_holidays_come_from_the_holidays_package():
    assert holiday_name(date(2026, 4, 3)) == "Langfredag"
    assert holiday_name(date(2026, 6, 5)) == "Grundlovsdag"
    assert holiday_name(date(2026, 11, 23)) is None


def test_pinned_clock(monkeypatch):
    monkeypatch.setenv("VEJVISER_NOW", "2026-11-23T09:30")
    moment = now()
    assert (moment.hour, moment.minute, moment.utcoffset().total_seconds()) == (9, 30, 3600)
    monkeypatch.setenv("VEJVISER_NOW", "i morgen")
    with pytest.raises(BadPinnedClock, match="VEJVISER_NOW"):
        now()
    monkeypatch.delenv("VEJVISER_NOW")
    assert now().tzinfo is not None
