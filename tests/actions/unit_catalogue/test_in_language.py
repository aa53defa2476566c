"""The catalogue in English (issue #17): `db.in_language("en")` is the same database whose every
text is the English wording written beside the Danish, with the same facts, numbers and sources;
the Danish catalogue is unchanged, and names are resolved the same in both."""

from __future__ import annotations

import sqlite3

import pytest

from actions.unit_catalogue.build import build_database
from actions.unit_catalogue.query import CatalogueDB, Need


@pytest.fixture(scope="module")
def en(db):
    return db.in_language("en")


def _hours_facts(unit):
    """Everything about a unit's hours but the wording."""
    return [(h.kind, h.status, h.week, h.closed_days, h.all_year, h.ref, h.note is None, h.planned is None) for h in unit.hours]


def test_views_share_one_database(db, en):
    assert (db.language, en.language) == ("da", "en")
    assert db.in_language("da") is db and en.in_language("da") is db
    assert db.in_language("en") is en and en.in_language("en") is en
    assert en._conn is db._conn and en.path == db.path
    with pytest.raises(ValueError, match="unknown language 'de'"):
        db.in_language("de")


def test_every_unit_is_the_same_unit_in_english_words(db, en):
    for da_unit in db.all_units():
        en_unit = en.unit(da_unit.id)
        same = ("id", "municipality_id", "name", "kind", "age_min", "age_max", "for_relatives", "walk_in", "substances", "help", "ref")
        assert [getattr(en_unit, f) for f in same] == [getattr(da_unit, f) for f in same], da_unit.id
        c_da, c_en = da_unit.contact, en_unit.contact
        assert (c_en.address, c_en.phone, c_en.email, c_en.via_name, c_en.via_ages) == (
            c_da.address,
            c_da.phone,
            c_da.email,
            c_da.via_name,
            c_da.via_ages,
        )
        assert _hours_facts(en_unit) == _hours_facts(da_unit)
        assert en_unit.summary and en_unit.summary != da_unit.summary
        assert len(en_unit.conditions) == len(da_unit.conditions)
        assert all(e != d for e, d in zip(en_unit.conditions, da_unit.conditions))
        assert (en_unit.anonymous_talks is None) == (da_unit.anonymous_talks is None)
        assert (c_en.note is None) == (c_da.note is None) and (c_en.note is None or c_en.note != c_da.note)
        for h_en, h_da in zip(en_unit.hours, da_unit.hours):
            assert h_en.title != h_da.title and h_en.title == en.label("hour_kinds", h_en.kind)
            assert h_en.note is None or h_en.note != h_da.note
            assert h_en.planned is None or (h_en.planned.text != h_da.planned.text and h_en.planned.until == h_da.planned.until)


def test_english_unit_texts(en):
    u_turn = en.unit("kk-u-turn")
    assert u_turn.municipality == "Copenhagen"
    assert u_turn.summary.startswith("Counselling and treatment for young people aged 14 to 24")
    assert u_turn.anonymous_talks == "up to 5 anonymous talks"
    assert "parents" in u_turn.conditions[0]
    assert u_turn.hours[0].title == "counselling is open"
    assert en.unit("kk-nyropsgade").hours_of("phone").title == "phone hours"
    assert "38 21 30 70" in en.unit("frb-fkrc").contact.note and "phone number" in en.unit("frb-fkrc").contact.note
    gladsaxe = en.unit("glx-rusmiddelcenter").hours_of("open")
    assert gladsaxe.note == "Times outside opening hours can be arranged." and "20.00 on Mondays" in gladsaxe.planned.text
    assert "not sure" in en.unit("kk-enghavevej").hours_of("phone").note
    # The unit a contact goes through is named as it is; its text is in English.
    assert en.unit("rod-kabs").contact.via_name == "Rødovre Kommune, Social- og Sundhedsforvaltningen"


def test_danish_is_unchanged(db):
    u_turn = db.unit("kk-u-turn")
    assert u_turn.municipality == "København"
    assert u_turn.summary.startswith("Rådgivning og behandling for unge")
    assert u_turn.anonymous_talks == "op til 5 anonyme samtaler"
    assert u_turn.hours[0].title == "rådgivningen er åben"
    assert db.label("hour_kinds", "open") == "åbningstider" and db.label("complaint_kinds", "staff") == "personalet"
    assert "14 dage" in db.fact_text("kobenhavn", "waiting_time")
    assert db.crisis_contacts()[0]["label"] == "Alarm 112"
    assert "skriv, hvis du bor der" in db.resolve_place("Amager").note


def test_units_are_cached_per_language(db, en):
    assert db.unit("kk-pas") is db.unit("kk-pas") and en.unit("kk-pas") is en.unit("kk-pas")
    assert en.unit("kk-pas") is not db.unit("kk-pas")
    assert en.unit("kk-pas").summary != db.unit("kk-pas").summary


def test_labels_and_municipality_names(db, en):
    for section in ("substances", "help", "hour_kinds", "fact_topics", "complaint_kinds"):
        assert en.vocabulary_keys(section) == db.vocabulary_keys(section)
        for key in db.vocabulary_keys(section):
            assert en.label(section, key) and en.label(section, key) != db.label(section, key)
    assert en.label("substances", "cannabis") == "hash, weed and other cannabis"
    assert en.label("fact_topics", "cost") == "what it costs"
    assert en.label("complaint_kinds", "payment") == "how your own payment was calculated"
    assert [en.municipality_name(m) for m in en.municipality_ids()] == ["Copenhagen", "Frederiksberg", "Gladsaxe", "Rødovre"]
    assert en.municipality_ids() == db.municipality_ids()
    assert en.municipality_source("kobenhavn") == db.municipality_source("kobenhavn")


def test_facts_are_the_same_facts_in_english(db, en):
    for muni in db.municipality_ids():
        for topic in db.vocabulary_keys("fact_topics"):
            da_rows, en_rows = db.facts(muni, topic), en.facts(muni, topic)
            assert [(r["id"], r["topic"], r["ref"]) for r in en_rows] == [(r["id"], r["topic"], r["ref"]) for r in da_rows]
            assert all(e["text"] != d["text"] for e, d in zip(en_rows, da_rows))
    assert "14 days" in en.fact_text("kobenhavn", "waiting_time")
    assert "70 210 220" in en.fact_text("kobenhavn", "relatives")
    assert "free" in en.fact_text("rodovre", "cost")
    assert en.fact_text("gladsaxe", "bisidder") is None


def test_national_texts_in_english(db, en):
    assert en.national_ids() == db.national_ids()
    for text_id in db.national_ids():
        assert en.national_text(text_id) != db.national_text(text_id)
    assert "Tilbudsportalen" in en.national_text("outside_coverage")
    assert "referral" in en.national_text("rights_referral")


def test_complaints_in_english(db, en):
    for muni in db.municipality_ids():
        da_list, en_list = db.complaints(muni), en.complaints(muni)
        assert [(c.kind, c.bodies, c.ref, c.deadline is None) for c in en_list] == [
            (c.kind, c.bodies, c.ref, c.deadline is None) for c in da_list
        ]
        for c_en, c_da in zip(en_list, da_list):
            assert c_en.text != c_da.text and c_en.kind_label != c_da.kind_label
            assert c_en.deadline is None or c_en.deadline != c_da.deadline
    decision = next(c for c in en.complaints("kobenhavn") if c.kind == "decision")
    assert "4 weeks" in decision.deadline and decision.bodies[0]["phone"] == "33411200"
    assert decision.kind_label == "a decision about your treatment (assessment)"


def test_crisis_contacts_in_english(db, en):
    da_rows, en_rows = db.crisis_contacts(), en.crisis_contacts()
    assert [(c["id"], c["phone"], c["ref"]) for c in en_rows] == [(c["id"], c["phone"], c["ref"]) for c in da_rows]
    emergency, life = en_rows
    assert "112" in emergency["label"] and "overdosed" in emergency["when_text"]
    assert life["label"].startswith("Livslinien") and "suicide" in life["when_text"]


def test_historic_names_and_place_notes_in_english(db, en):
    old_en, old_da = en.find_historic("Thuresensgade"), db.find_historic("Thuresensgade")
    assert (old_en.name, old_en.now, old_en.ref) == (old_da.name, old_da.now, old_da.ref)
    assert "phase it out over two years" in old_en.was
    amager = en.resolve_place("Amager")
    assert amager.municipality_id == "kobenhavn" and "Tårnby" in amager.note and "live there" in amager.note
    assert "Gentofte" in en.resolve_place("Dyssegård").note
    assert en.resolve_place("Nørrebro").note is None


@pytest.mark.parametrize(
    "need",
    [
        Need("kobenhavn", "cannabis", 30),
        Need("kobenhavn", "cannabis", 19, anonymous=True),
        Need("kobenhavn", "cannabis", 12),
        Need("kobenhavn", for_relative=True),
        Need("frederiksberg", "alcohol", 40),
        Need("gladsaxe", "alcohol", 40),
        Need("rodovre", "cannabis", 15),
        Need("kobenhavn", "opioids", 45, help="heroin_assisted"),
    ],
)
def test_the_same_units_are_recommended_in_both_languages(db, en, need):
    da_rec, en_rec = db.units_for(need), en.units_for(need)
    assert [(m.unit.id, m.score) for m in en_rec.matches] == [(m.unit.id, m.score) for m in da_rec.matches]
    assert [(n.kind, n.municipality_id, n.age) for n in en_rec.notes] == [(n.kind, n.municipality_id, n.age) for n in da_rec.notes]
    for m_en, m_da in zip(en_rec.matches, da_rec.matches):
        assert [r.kind for r in m_en.reasons] == [r.kind for r in m_da.reasons]


def test_ranking_notes_and_anonymity_reasons_are_in_english(en):
    notes = en.units_for(Need("gladsaxe", "alcohol", 40)).notes
    assert [n.kind for n in notes] == ["fact"] and notes[0].value.startswith("If you are under 25")
    rec = en.units_for(Need("kobenhavn", "cannabis", 19, anonymous=True))
    assert any(r.kind == "anonymous" and r.value == "up to 5 anonymous talks" for r in rec.matches[0].reasons)


@pytest.mark.parametrize(
    "typed",
    [
        "nyrobsgade",
        "hvornår åbner spaniensgade i dag",
        "when does spaniensgade open",
        "fkrc",
        "u-turn",
        "valmue",
        "kabs",
        "Blå Kors Aarhus",
    ],
)
def test_unit_names_resolve_the_same_in_both_languages(db, en, typed):
    assert [u.id for u in en.find_units(typed)] == [u.id for u in db.find_units(typed)]
    assert en.names_in(typed) == db.names_in(typed)


@pytest.mark.parametrize("typed", ["Nørrebro", "norrebro", "i live in kbh", "copenhagen", "2300", "Søborg", "Kastrup", "rodovre", "Amager"])
def test_places_resolve_the_same_in_both_languages(db, en, typed):
    da_place, en_place = db.resolve_place(typed), en.resolve_place(typed)
    assert (en_place.name, en_place.municipality_id, en_place.outside) == (da_place.name, da_place.municipality_id, da_place.outside)


def test_the_english_texts_are_stored_beside_the_danish(built_db):
    conn = sqlite3.connect(built_db)
    columns = {
        table: {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for table in ("units", "conditions", "hours_sets", "facts", "complaints", "national_texts", "crisis_contacts", "vocabulary")
    }
    assert {"summary_en", "contact_note_en", "anonymous_talks_en"} <= columns["units"]
    assert {"note_en", "planned_text_en"} <= columns["hours_sets"]
    assert {"label_en", "when_text_en"} <= columns["crisis_contacts"]
    assert conn.execute("SELECT count(*) FROM facts WHERE text_en IS NULL OR text_en = ''").fetchone() == (0,)


def test_a_rebuild_reaches_every_language_view(catalogue_copy, tmp_path):
    target = tmp_path / "catalogue.db"
    build_database(catalogue_copy, target)
    db = CatalogueDB(target)
    en = db.in_language("en")
    assert en.unit("kk-nyropsgade").summary.startswith("Treatment for alcohol")

    path = catalogue_copy / "kobenhavn.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('phone: "33173316"', 'phone: "33173317"').replace(
        "summary_en: Treatment for alcohol, cannabis, cocaine, MDMA and other stimulants. You are free to choose between Hørsholmsgade, Nyropsgade",
        "summary_en: Help with alcohol, cannabis, cocaine, MDMA and other stimulants. You are free to choose between Hørsholmsgade, Nyropsgade",
    )
    path.write_text(text, encoding="utf-8")
    build_database(catalogue_copy, target)
    assert en.unit("kk-nyropsgade").contact.phone == "33173317"
    assert en.unit("kk-nyropsgade").summary.startswith("Help with alcohol")
    assert db.unit("kk-nyropsgade").contact.phone == "33173317"
    assert db.unit("kk-nyropsgade").summary.startswith("Behandling for alkohol")
    assert db.in_language("en") is en
