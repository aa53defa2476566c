"""The wording module says every record the query layer can hand out."""

from __future__ import annotations

import pytest

from actions import replies, replies_en
from actions.clock import parse_pinned
from actions.unit_catalogue.query import NOTES, REASONS, Note, Reason

MONDAY = parse_pinned("2026-11-23T09:30")


@pytest.mark.parametrize("kind", REASONS)
def test_every_reason_has_wording(db, kind):
    value = {"substance": "cannabis", "help": "substitution", "anonymous": "op til 5 anonyme samtaler"}.get(kind)
    text = replies.reason_text(db, Reason(kind, value), db.unit("kk-u-turn"))
    assert text and kind not in text


@pytest.mark.parametrize("kind", NOTES)
def test_every_note_has_wording(db, kind):
    value = {"no_special_offer": "home", "no_substance_info": "ketamine", "fact": "Tekst fra kataloget."}.get(kind)
    text = replies.note_text(db, Note(kind, "gladsaxe", value, age=12))
    assert text and kind not in text
    assert "Gladsaxe" in text or kind in ("anonymity_unknown", "fact")


def test_an_unknown_reason_is_an_error_not_silence(db):
    with pytest.raises(ValueError, match="no wording"):
        replies.reason_text(db, Reason("new_kind"), db.unit("kk-u-turn"))


def test_hours_of_a_kind_the_unit_does_not_have_say_so_in_plain_danish(db):
    text = replies.hours_text(db.unit("glx-rusmiddelcenter"), MONDAY, kind="phone")
    assert "Vi kender ikke deres telefontider særskilt – her er åbningstiderne." in text


def test_hours_headings_come_from_the_catalogues_vocabulary(db):
    hours = db.unit("kk-pas").hours_of("phone")
    assert replies.kind_title(hours) == "Telefontider"


def test_municipalities_are_listed_in_the_catalogues_order(db):
    assert replies.municipalities_listed(db) == "København, Frederiksberg, Gladsaxe og Rødovre"
    assert [b["title"] for b in replies.municipality_buttons(db, "seek_help")][:4] == ["København", "Frederiksberg", "Gladsaxe", "Rødovre"]


def test_phone_hours_asked_where_no_hours_are_known_do_not_promise_opening_hours(db):
    # Rødovre's children and families unit: neither phone nor opening hours in the document
    for module, unit_db, promise in (
        (replies, db, "her er åbningstiderne"),
        (replies_en, db.in_language("en"), "here are the opening hours"),
    ):
        text = module.hours_text(unit_db.unit("rod-boerne-familie"), MONDAY, kind="phone")
        assert promise not in text and "36 37 70 00" in text


@pytest.mark.parametrize(
    "name, word",
    [
        ("Juledag", "juledag"),
        ("Anden påskedag", "anden påskedag"),
        ("Kristi himmelfartsdag", "Kristi himmelfartsdag"),
        ("Nytårsaften", "nytårsaften"),
    ],
)
def test_holiday_names_inside_a_sentence_are_lower_case_as_danish_writes_them(name, word):
    from actions.replies import _holiday_word

    assert _holiday_word(name) == word


def test_a_condition_of_one_topic_is_not_on_the_short_card_but_in_the_description(db):
    """Gladsaxe's bar to anonymous treatment (a home, own income …) belongs to the anonymity
    answer; on every "where do I go" card it read as a bar to any help (on_card: false)."""
    from actions.unit_catalogue.records import Match

    for wording, lang in ((replies, "da"), (replies_en, "en")):
        unit = db.in_language(lang).unit("glx-rusmiddelcenter")
        condition = unit.conditions[0]
        assert "anonym" in condition.lower() and unit.card_conditions == ()
        assert condition not in wording.unit_card(db.in_language(lang), Match(unit, 0), MONDAY)
        assert condition in wording.info_card(unit, MONDAY)
    kabs = db.unit("rod-kabs")
    assert kabs.card_conditions == kabs.conditions
    assert kabs.conditions[0] in replies.unit_card(db, Match(kabs, 0), MONDAY)
