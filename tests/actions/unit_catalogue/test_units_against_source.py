"""Every unit's contact details and week, checked against the source documents.

The expectations below are a second, independent transcription of the source
documents (line numbers in comments), so a slip in catalogue/*.yml shows up
here. Weeks are written as the sources print them: day -> intervals.
"""

from __future__ import annotations

import pytest

from actions.replies import spans
from actions.unit_catalogue.model import WEEKDAYS

KK_REHAB = {
    "mon": "8.00–12.00 og 15.00–18.00",
    "tue": "8.00–12.00",
    "wed": "8.00–12.00",
    "thu": "8.00–12.00 og 15.00–18.00",
    "fri": "8.00–12.00",
}  # 000 l.166-175
KK_SUBST = {
    "mon": "9.00–12.30",
    "tue": "9.00–12.30",
    "wed": "lukket",
    "thu": "9.00–12.30 og 16.00–18.00",
    "fri": "9.00–12.30",
}  # 000 l.194-206
GLX = {"mon": "9.00–14.00", "tue": "9.00–14.00", "wed": "9.00–14.00", "thu": "9.00–18.00", "fri": "9.00–14.00"}  # 001 l.549
VALMUEN = {d: "8.30–17.30" for d in WEEKDAYS}  # 000 l.316-317, every day of the year

# unit id: (phone, street, postcode, city, email, {kind: (status, week)})
EXPECTED = {
    "kk-horsholmsgade": (
        "33178040",
        "Hørsholmsgade 20",
        "2200",
        "København N",
        None,
        {"open": ("stated", KK_REHAB), "phone": ("stated", KK_REHAB)},
    ),
    "kk-nyropsgade": (
        "33173316",
        "Nyropsgade 7, 2. sal",
        "1602",
        "København V",
        None,
        {"open": ("stated", KK_REHAB), "phone": ("stated", KK_REHAB)},
    ),
    "kk-spaniensgade": (
        "33178600",
        "Spaniensgade 25",
        "2300",
        "København S",
        None,
        {"open": ("stated", KK_REHAB), "phone": ("stated", KK_REHAB)},
    ),
    "kk-prags-boulevard": (
        "33178470",
        "Prags Boulevard 55",
        "2300",
        "København S",
        None,
        {"open": ("stated", KK_SUBST), "phone": ("stated", KK_SUBST)},
    ),
    "kk-vigerslev-alle": (
        "33175660",
        "Vigerslev Allé 1A",
        "2450",
        "København SV",
        None,
        {"open": ("stated", KK_SUBST), "phone": ("stated", KK_SUBST)},
    ),
    "kk-ornevej": ("33178540", "Ørnevej 33", "2400", "København NV", None, {"open": ("stated", KK_SUBST), "phone": ("stated", KK_SUBST)}),
    "kk-u-turn": (
        "82562300",
        "Studiestræde 47",
        "1455",
        "København K",
        "uturn@kk.dk",  # 000 l.265-278
        {"counselling": ("stated", {"mon": "12.00–16.00", "tue": "12.00–17.00", "wed": "12.00–17.00", "thu": "12.00–17.00"})},
    ),
    "kk-enghavevej": (
        "33178510",
        "Enghavevej 80",
        "2450",
        "København",
        None,  # 000 l.280-286, hours l.299-309
        {"phone": ("ambiguous", KK_REHAB)},
    ),
    "kk-pas": (
        "33662002",
        "Oehlenschlægersgade 17",
        "1663",
        "København V",
        None,  # 000 l.288-297
        {"phone": ("stated", {"mon": "15.15–16.15", "thu": "15.15–16.15"})},
    ),
    "kk-valmuen": ("30454603", "Tomsgårdsvej 17-19", "2400", "København NV", None, {"treatment": ("stated", VALMUEN)}),
    "kk-tomsgardsvej": ("33178610", "Tomsgårdsvej 17, 2. sal", "2400", "København NV", None, {"open": ("not_stated", {})}),
    "kk-paarorende": ("70210220", None, None, None, None, {"phone": ("not_stated", {})}),  # 000 l.258-261
    "kk-fremskudt": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "kk-tur": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "kk-urus": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "glx-rusmiddelcenter": (
        "39573900",
        "Østmarken 4B",
        "2860",
        "Søborg",
        "rusmidler@gladsaxe.dk",  # 001 l.145-153
        {"open": ("stated", GLX)},
    ),
    "glx-brydehuset": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "frb-ungecenter": (
        "38213666",
        "Finsensvej 86, 3. sal",
        "2000",
        "Frederiksberg",
        None,  # 004 l.28-30
        {"open": ("stated", {"mon": "9.00–15.00", "tue": "9.00–15.00", "wed": "9.00–15.00", "thu": "9.00–15.00", "fri": "9.00–13.00"})},
    ),
    "frb-raadhus": (
        "38213070",
        "Smallegade 1 (stuen)",
        "2000",
        "Frederiksberg",
        None,  # 004 l.33-35
        {
            "open": (
                "stated",
                {"mon": "10.00–15.30", "tue": "10.00–15.30", "wed": "10.00–15.30", "thu": "10.00–15.30", "fri": "10.00–12.00"},
            )
        },
    ),
    "frb-fkrc": (
        None,
        "Peter Bangs Vej 24, 3. sal",
        "2000",
        "Frederiksberg",
        None,  # 004 l.38-40: no phone
        {
            "open": (
                "stated",
                {"mon": "10.00–14.00", "tue": "10.00–14.00", "wed": "10.00–14.00", "thu": "10.00–14.00", "fri": "10.00–12.00"},
            )
        },
    ),
    "frb-familieafdelingen": (
        "38213616",
        "Smallegade 1, 3. etage (Frederiksberg Rådhus)",
        "2000",
        "Frederiksberg",
        None,
        {"open": ("not_stated", {})},
    ),  # 004 l.45-46
    "frb-u-turn": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "rod-kommune": (
        "36377000",
        "Rødovre Parkvej 150",
        "2610",
        "Rødovre",
        None,  # 003 l.221-228; hours missing l.231
        {"open": ("not_stated", {}), "phone": ("not_stated", {})},
    ),
    "rod-rbc": (None, None, None, None, None, {"open": ("not_stated", {}), "phone": ("not_stated", {})}),
    "rod-kabs": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "rod-boerne-familie": (None, None, None, None, None, {"open": ("not_stated", {})}),
    "rod-frivilligcenter": (None, None, None, None, None, {"open": ("not_stated", {})}),
}


def test_every_unit_is_checked(db):
    assert {u.id for u in db.all_units()} == set(EXPECTED)


@pytest.mark.parametrize("unit_id", sorted(EXPECTED))
def test_contact_details_match_source(db, unit_id):
    phone, street, postcode, city, email, _ = EXPECTED[unit_id]
    row = db._rows("SELECT phone, street, postcode, city, email FROM units WHERE id = ?", [unit_id])[0]
    assert (row["phone"], row["street"], row["postcode"], row["city"], row["email"]) == (phone, street, postcode, city, email)


@pytest.mark.parametrize("unit_id", sorted(EXPECTED))
def test_week_matches_source(db, unit_id):
    expected = EXPECTED[unit_id][5]
    unit = db.unit(unit_id)
    assert {h.kind for h in unit.hours} == set(expected)
    for hours in unit.hours:
        status, week = expected[hours.kind]
        assert hours.status == status
        printed = {day: spans(hours.week[i]) for i, day in enumerate(WEEKDAYS)}
        assert printed == {day: week.get(day, "lukket") for day in WEEKDAYS}


def test_valmuen_is_open_every_day_of_the_year(db):
    assert db.unit("kk-valmuen").hours_of("treatment").all_year


def test_prags_boulevard_wednesday_is_explicitly_closed(db):
    assert db.unit("kk-prags-boulevard").hours_of("open").closed_days == frozenset({2})


def test_units_without_own_phone_point_to_one(db):
    """No dead ends: a unit the source gives no phone is reached through another unit."""
    assert db.unit("frb-fkrc").contact.phone == "38213070"
    assert db.unit("rod-rbc").contact.phone == "36377000"
    assert db.unit("rod-kabs").contact.phone == "36377000"  # via RBC, via the municipality
    assert db.unit("glx-brydehuset").contact.phone == "39573900"
    assert db.unit("frb-u-turn").contact.phone == "38213666"


def test_gladsaxe_late_monday_is_recorded_as_planned_not_as_hours(db):
    hours = db.unit("glx-rusmiddelcenter").hours_of("open")
    assert spans(hours.week[0]) == "9.00–14.00"
    assert hours.planned is not None and hours.planned.until == 20 * 60 and "ring og hør" in hours.planned.text


def test_enghavevej_hours_are_flagged_as_ambiguous(db):
    hours = db.unit("kk-enghavevej").hours_of("phone")
    assert hours.status == "ambiguous" and "sandsynligvis" in hours.note


@pytest.mark.parametrize(
    "unit_id, age_min, age_max",
    [
        ("kk-u-turn", 14, 24),
        ("frb-u-turn", 15, 24),
        ("frb-ungecenter", None, 29),
        ("frb-familieafdelingen", None, 17),
        ("rod-rbc", 16, None),
        ("glx-rusmiddelcenter", None, None),
        ("kk-horsholmsgade", 18, None),
    ],
)
def test_age_rules_match_source(db, unit_id, age_min, age_max):
    unit = db.unit(unit_id)
    assert (unit.age_min, unit.age_max) == (age_min, age_max)


@pytest.mark.parametrize(
    "unit_id, talks",
    [
        ("kk-u-turn", "op til 5 anonyme samtaler"),
        ("rod-rbc", "op til 3 uforpligtende, anonyme samtaler (16–17-årige: én)"),
    ],
)
def test_anonymous_talks_match_source(db, unit_id, talks):
    assert db.unit(unit_id).anonymous_talks == talks


def test_every_fact_and_unit_has_a_known_source(db):
    sources = {r["id"] for r in db._rows("SELECT id FROM sources")}
    for table in ("units", "facts", "complaints", "hours_sets", "offers", "conditions", "authorities", "places"):
        rows = db._rows(f"SELECT source_id, ref FROM {table}")
        assert rows, table
        for row in rows:
            assert row["source_id"] in sources and row["ref"], (table, dict(row))


def test_crisis_numbers(db):
    assert [(c["id"], c["phone"]) for c in db.crisis_contacts()] == [("emergency", "112"), ("livslinien", "70201201")]


def test_complaint_bodies_have_contact_details(db):
    ast = db._rows("SELECT * FROM authorities WHERE id = 'ankestyrelsen'")[0]
    assert (ast["phone"], ast["email"], ast["secure_email"]) == ("33411200", "ast@ast.dk", "sikkermail@ast.dk")
    kk = db._rows("SELECT * FROM authorities WHERE id = 'kk-borgerraadgiver'")[0]
    assert (kk["phone"], kk["street"], kk["postcode"]) == ("33661400", "Vester Voldgade 2A", "1552")
    stpk = db._rows("SELECT * FROM authorities WHERE id = 'styrelsen-for-patientklager'")[0]
    assert (stpk["phone"], stpk["email"]) == ("72330500", "stpk@stpk.dk")
