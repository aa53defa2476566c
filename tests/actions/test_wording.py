"""The two wording modules say the same things: actions/replies.py in Danish and
actions/replies_en.py in English, with the same public names and signatures, the same
buttons (payloads) and the same structure; `speaking(language)` picks one per turn."""

from __future__ import annotations

import asyncio
import inspect
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from actions import replies, replies_en
from actions.clock import parse_pinned
from actions.reading import resolve_residence
from actions.reply_logic import response_variation
from actions.unit_catalogue.query import NOTES, REASONS, Match, Need, Note, Reason
from actions.wording import current, module_for, say, speaking

ROOT = Path(__file__).resolve().parents[2]
MONDAY = parse_pinned("2026-11-23T09:30")  # the acceptance suites' clock
CHRISTMAS = parse_pinned("2026-12-23T16:00")  # Wednesday before Christmas Eve
# What the conversation asks of the wording module in use (say.NAME).
SAID = sorted(set(re.findall(r"\bsay\.([A-Za-z_]\w*)", (ROOT / "actions" / "conversation.py").read_text(encoding="utf-8"))))


def public(module) -> dict:
    """The module's words: functions it defines, its UPPER_CASE constants, and what the conversation says through it."""
    found = {}
    for name, obj in vars(module).items():
        if name.startswith("_") or inspect.ismodule(obj) or inspect.isclass(obj):
            continue
        words = inspect.isfunction(obj) and (obj.__module__ == module.__name__ or name in SAID)
        constant = name.isupper() and type(obj).__module__ == "builtins"
        if words or constant:
            found[name] = obj
    return found


def english(db):
    """The English view of the catalogue when there is one (catalogue texts in English); else the catalogue."""
    return db.in_language("en") if hasattr(db, "in_language") else db


# --- the same public names -------------------------------------------------------------------


def test_both_modules_have_the_same_public_names():
    danish, english_names = public(replies), public(replies_en)
    assert sorted(set(danish) - set(english_names)) == [], "missing in replies_en.py"
    assert sorted(set(english_names) - set(danish)) == [], "missing in replies.py"


def test_everything_the_conversation_says_is_in_both_modules():
    assert SAID, "conversation.py says nothing through `say`?"
    for name in SAID:
        assert hasattr(replies, name) and hasattr(replies_en, name), name


@pytest.mark.parametrize("name", sorted(n for n, o in public(replies).items() if inspect.isfunction(o)))
def test_functions_have_the_same_signature(name):
    assert inspect.signature(getattr(replies, name)) == inspect.signature(getattr(replies_en, name))


@pytest.mark.parametrize("name", sorted(n for n, o in public(replies).items() if not inspect.isfunction(o)))
def test_constants_have_the_same_shape(name):
    da, en = getattr(replies, name), getattr(replies_en, name)
    assert type(da) is type(en)
    if isinstance(da, (list, tuple, dict)):
        assert len(da) == len(en)
    if isinstance(da, dict):
        assert da.keys() == en.keys()
    if name.endswith("_BUTTONS") or name.endswith("_BUTTON"):
        buttons_da, buttons_en = (da, en) if isinstance(da, list) else ([da], [en])
        assert [b["payload"] for b in buttons_da] == [b["payload"] for b in buttons_en]  # same intents and entities
        assert all(b["title"] for b in buttons_en)


# --- speaking(language) -------------------------------------------------------------------------


def test_speaking_switches_say_and_falls_back_to_danish():
    assert current() == "da" and say.WELCOME == replies.WELCOME
    with speaking("en"):
        assert current() == "en"
        assert say.WELCOME == replies_en.WELCOME
        assert say.unit_card is replies_en.unit_card
        with speaking("da"):
            assert say.WELCOME == replies.WELCOME
        assert say.WELCOME == replies_en.WELCOME
    assert say.WELCOME == replies.WELCOME
    for unknown in (None, "", "de", "EN"):
        with speaking(unknown):
            assert say.WELCOME == replies.WELCOME
    assert module_for("en") is replies_en and module_for("xx") is replies


def test_concurrent_turns_keep_their_own_language():
    async def turn(language: str) -> list[str]:
        said = []
        with speaking(language):
            for _ in range(3):
                said.append(say.WELCOME)
                await asyncio.sleep(0)
        return said

    async def both():
        return await asyncio.gather(turn("en"), turn("da"), turn("en"))

    en1, da, en2 = asyncio.run(both())
    assert set(en1) == set(en2) == {replies_en.WELCOME} and set(da) == {replies.WELCOME}


# --- English with the real catalogue -------------------------------------------------------------


def test_a_unit_card_in_english_keeps_the_widgets_field_names(db):
    en = english(db)
    unit = en.unit("kk-horsholmsgade")
    card = replies_en.unit_card(en, Match(unit, 0, [Reason("walk_in")]), MONDAY).split("\n")
    assert card[0] == unit.name
    assert card[1] == "Right for you: you can come without a referral."
    assert "Address: Hørsholmsgade 20, 2200 København N" in card
    assert "Phone: 33 17 80 40" in card
    assert card[-1] == "Today: 8.00–12.00 and 15.00–18.00. Open now – closes at 12.00."
    # the widget (web/widget.js) bolds the name when a later line starts with one of these
    assert any(re.match(r"\s*(?:Address|Phone):", line) for line in card[1:])


def test_the_same_answer_has_the_same_lines_in_both_languages(db):
    """Same structure: each Danish reply and its English twin have as many lines, and the
    card fields sit on the same lines."""
    en = english(db)
    fields = {"Adresse:": "Address:", "Telefon:": "Phone:", "E-mail:": "Email:"}
    for unit_id in [r["id"] for r in db._rows("SELECT id FROM units")]:
        for moment in (MONDAY, CHRISTMAS, parse_pinned("2026-11-28T11:00")):
            for age in (None, 17, 30):
                da_card = replies.unit_card(db, Match(db.unit(unit_id), 0, [Reason("walk_in")]), moment, age=age).split("\n")
                en_card = replies_en.unit_card(en, Match(en.unit(unit_id), 0, [Reason("walk_in")]), moment, age=age).split("\n")
                assert len(da_card) == len(en_card), (da_card, en_card)
                for da_line, en_line in zip(da_card, en_card):
                    for da_field, en_field in fields.items():
                        assert da_line.startswith(da_field) == en_line.startswith(en_field), (da_line, en_line)
            da_hours = replies.hours_text(db.unit(unit_id), moment, with_name=True, with_phone=True)
            en_hours = replies_en.hours_text(en.unit(unit_id), moment, with_name=True, with_phone=True)
            assert da_hours.count("\n") == en_hours.count("\n"), (da_hours, en_hours)
    for muni in [None, *db.municipality_ids()]:
        assert replies.fallback_text(db, muni).count("\n") == replies_en.fallback_text(en, muni).count("\n")


def test_hours_and_holidays_in_english(db):
    en = english(db)
    nyropsgade = en.unit("kk-nyropsgade")
    status = replies_en.describe_status(nyropsgade.hours_of(), CHRISTMAS)
    assert status == (
        "Closed now – opens Monday 28 December, 8.00–12.00. Christmas Eve and Christmas Day are public holidays – call and ask if they're open."
    )
    on_the_day = replies_en.describe_status(nyropsgade.hours_of(), parse_pinned("2026-12-25T10:00"))
    assert on_the_day.startswith("Today is Christmas Day. We don't know if they're open on public holidays")
    assert "including Christmas Day" in replies_en.describe_day(en.unit("kk-valmuen").hours_of(), date(2026, 12, 25))
    assert replies_en.describe_week(en.unit("kk-horsholmsgade").hours_of()) == [
        "Monday: 8.00–12.00 and 15.00–18.00",
        "Tuesday–Wednesday: 8.00–12.00",
        "Thursday: 8.00–12.00 and 15.00–18.00",
        "Friday: 8.00–12.00",
        "Saturday–Sunday: closed",
    ]
    assert [replies_en.when(parse_pinned(t), MONDAY) for t in ("2026-11-23T15:00", "2026-11-24T08:00", "2026-11-27T08:00")] == [
        "today",
        "tomorrow",
        "Friday",
    ]
    assert replies_en.when(parse_pinned("2026-11-24T08:00"), MONDAY, with_date=True) == "tomorrow"
    assert replies_en.when(parse_pinned("2026-12-01T08:00"), MONDAY) == "Tuesday 1 December"


def test_municipality_buttons_say_the_place_the_catalogue_resolves(db):
    en = english(db)
    buttons = replies_en.municipality_buttons(en, "inform")
    assert [b["title"] for b in buttons[:-1]] == [en.municipality_name(m) for m in en.municipality_ids()]
    for button, muni in zip(buttons, db.municipality_ids()):
        place = re.search(r'"place": "([^"]+)"', button["payload"]).group(1)
        assert resolve_residence(db, place).municipality_id == muni
    other = re.search(r'"place": "([^"]+)"', buttons[-1]["payload"]).group(1)
    assert buttons[-1]["title"] == "Another municipality" and resolve_residence(db, other).municipality_id is None


def test_crisis_and_fallback_in_english(db):
    en = english(db)
    crisis = replies_en.crisis_text(en, suicidal=True).split("\n")
    assert crisis[0].startswith("Call 112 now")
    assert "70 201 201" in crisis[1] or "70 20 12 01" in crisis[1]
    assert crisis[2] == "You're not alone, and it's good that you're writing."
    fallback = replies_en.fallback_text(en, "gladsaxe")
    assert fallback.startswith("Sorry, I didn't quite understand that.") and "39 57 39 00" in fallback
    assert fallback.endswith("If anyone is in immediate danger, call 112.")


def test_sources_and_leads_in_english(db):
    en = english(db)
    assert replies_en.source_line(en, "kobenhavn").endswith("quality standard 2025–2026.")
    assert replies_en.source_line(en, "rodovre").endswith("service description (undated).")
    assert replies_en.help_lead(en, "frederiksberg", 2, 16) == (
        "I'm glad you wrote. There is help for young people, and you can start with a talk. "
        f"In {en.municipality_name('frederiksberg')}, you can contact these places:"
    )
    assert "municipality" in replies_en.HELP_LEAD_UNKNOWN_PLACE and "live" in replies_en.HELP_LEAD_UNKNOWN_PLACE


@pytest.mark.parametrize("kind", REASONS)
def test_every_reason_has_english_wording(db, kind):
    value = {"substance": "cannabis", "help": "substitution", "anonymous": "up to 5 anonymous talks"}.get(kind)
    text = replies_en.reason_text(english(db), Reason(kind, value), db.unit("kk-u-turn"))
    danish = replies.reason_text(db, Reason(kind, value), db.unit("kk-u-turn"))
    assert text and text != kind and (kind == "help" or text != danish)  # "help" is the catalogue's label alone


@pytest.mark.parametrize("kind", NOTES)
def test_every_note_has_english_wording(db, kind):
    en = english(db)
    value = {"no_special_offer": "home", "no_substance_info": "ketamine", "fact": "Text from the catalogue."}.get(kind)
    text = replies_en.note_text(en, Note(kind, "gladsaxe", value, age=12))
    assert text and text != kind and (kind == "fact" or text != replies.note_text(db, Note(kind, "gladsaxe", value, age=12)))
    assert en.municipality_name("gladsaxe") in text or kind in ("anonymity_unknown", "fact")


def test_a_relative_hears_where_the_person_can_go(db):
    en = english(db)
    matches = en.units_for(Need("kobenhavn", substance="cocaine")).matches
    text = replies_en.person_can_go(matches, MONDAY, "cocaine", en, shown=[matches[0].unit.name])
    lines = text.split("\n")
    assert lines[0].startswith("The person you're worried about can get help with ")
    assert lines[1] == f"{matches[0].unit.name} (see above) – the person you're worried about can also go there themselves."


# --- domain.yml's responses ------------------------------------------------------------------------

SAID_RESPONSES = sorted(
    set(re.findall(r"\"(utter_\w+)\"", (ROOT / "actions" / "conversation.py").read_text(encoding="utf-8"))) | {"utter_restart"}
)
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SAID_RESPONSES)
def test_every_response_the_actions_say_has_an_english_variation(name):
    """utter_restart is said by Rasa's own action_restart, before the slots are reset."""
    english_text = response_variation(DOMAIN, name, "en")
    danish_text = response_variation(DOMAIN, name, "da")
    assert english_text and danish_text and english_text["text"] != danish_text["text"]
    assert "condition" not in english_text
    assert [b["payload"] for b in english_text.get("buttons", [])] == [b["payload"] for b in danish_text.get("buttons", [])]
    plain = [v for v in DOMAIN["responses"][name] if not v.get("condition")]
    assert len(plain) == 1, "one Danish variation without a condition: what Rasa says when no language is set"


def test_rasa_picks_the_english_variation_when_the_language_slot_is_english():
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    nlg = TemplatedNaturalLanguageGenerator(DOMAIN["responses"])
    for name in SAID_RESPONSES:
        assert nlg.generate_from_slots(name, {"language": "en"}, "rest")["text"] == response_variation(DOMAIN, name, "en")["text"]
        for language in (None, "da"):
            assert nlg.generate_from_slots(name, {"language": language}, "rest")["text"] == response_variation(DOMAIN, name, "da")["text"]


def test_the_channel_guard_says_danish_first_and_then_english():
    from addons.channels import guard_wording, too_long_text

    words = guard_wording()
    assert too_long_text(words).startswith("Din besked er for lang") and "Your message is too long" in too_long_text(words)
    assert words["utter_message_empty"].startswith("Skriv gerne") and "Please write a message" in words["utter_message_empty"]
