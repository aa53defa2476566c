"""The actions with real rasa_sdk trackers and dispatchers, the clock pinned, no servers.

Conversations run turn by turn through action_respond (or action_crisis), with
the slots each turn sets carried into the next - as Rasa does. Assertions are
what a person reads: unit names, phone numbers and hours.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import base, reading
from actions.respond import ActionRespond
from actions.safety import ActionCrisis
from actions.unit_catalogue.query import CatalogueUnavailable
from textfold import fold

MONDAY_MORNING = "2026-11-23T09:30"  # Monday


@pytest.fixture(autouse=True)
def pinned(monkeypatch, shared_db):
    monkeypatch.setenv("VEJVISER_NOW", MONDAY_MORNING)


def message(
    text: str, intent: str = "nlu_fallback", confidence: float = 0.9, entities: dict | None = None, ranking: list | None = None
) -> dict:
    if text.startswith("/"):  # a button: Rasa parses the payload's intent and entities
        match = re.match(r"/(\w+)(\{.*\})?$", text)
        intent, entities = match.group(1), json.loads(match.group(2) or "{}")
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }


def run(action, latest: dict, slots: dict) -> tuple[list[dict], list[dict]]:
    tracker = Tracker("test", dict(slots), latest, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


class Conversation:
    """Turns through the real action; slots carried over like Rasa's tracker."""

    def __init__(self):
        self.slots: dict = {}

    def say(self, text: str, intent: str = "nlu_fallback", **kwargs) -> str:
        action = ActionCrisis() if intent.startswith("crisis_") else ActionRespond()
        messages, events = run(action, message(text, intent, **kwargs), self.slots)
        for e in events:
            if e.get("event") == "slot":
                self.slots[e["name"]] = e["value"]
        self.messages = messages
        return "\n".join(m.get("text") or m.get("response") or "" for m in messages)

    def buttons(self) -> list[dict]:
        return [b for m in self.messages for b in m.get("buttons") or []]


def say(text: str, **kwargs) -> str:
    return Conversation().say(text, **kwargs)


# --- answer first -------------------------------------------------------------------


def test_place_and_substance_in_the_first_message_give_units_phones_and_todays_hours():
    text = say("ryger for meget hash, bor på nørrebro, er 30")
    for name, phone in [("Hørsholmsgade", "33 17 80 40"), ("Nyropsgade", "33 17 33 16"), ("Spaniensgade", "33 17 86 00")]:
        assert f"Rusmiddelbehandling {name}" in text and f"Telefon: {phone}" in text
    assert "Adresse: Hørsholmsgade 20, 2200 København N" in text
    assert "I dag: 8.00–12.00 og 15.00–18.00. Åbent nu – lukker kl. 12.00." in text
    assert "Oplysninger fra Københavns Kommunes kvalitetsstandard 2025–2026." in text
    assert "anonym?" not in text and "Hvor gammel" not in text


def test_no_age_means_the_adult_answer_with_one_line_for_the_young():
    text = say("har et alkoholproblem og bor i kbh")
    assert "Hørsholmsgade" in text and "Er du 14–24 år, er U-turn for dig: telefon 82 56 23 00" in text


def test_a_sixteen_year_old_sees_only_offers_open_to_sixteen_year_olds():
    text = say("er 16 og ryger pot hver dag, bor i kbh")
    assert "U-turn" in text and "82 56 23 00" in text and "op til 5 anonyme samtaler" in text
    for adult in ("33 17 80 40", "33 66 20 02", "Hørsholmsgade"):
        assert adult not in text


def test_the_one_question_is_the_place_and_a_typed_answer_is_taken():
    talk = Conversation()
    first = talk.say("jeg har brug for hjælp til at stoppe med kokain")
    assert "Hvilken kommune" in first and talk.slots["asked"] == "municipality"
    text = talk.say("2860")
    assert "Gladsaxe Rusmiddelcenter" in text and "Telefon: 39 57 39 00" in text and "I dag: 9.00–14.00" in text


def test_a_compound_a_postcode_and_no_aeoeaa_are_read():
    text = say("har et hashmisbrug og bor pa norrebro")
    assert "Hørsholmsgade" in text and "hash" in text


def test_frederiksberg_under_thirty_gets_ungecentret_first_and_fkrc_points_to_the_radhus_number_once():
    text = say("jeg er 26, bor på frederiksberg og ryger hash, hvor kan jeg henvende mig?")
    assert text.index("Ungecenter Frederiksberg") < text.index("Socialafdelingen")
    assert text.count("38 21 30 70") == 1 and "via Socialafdelingen på Frederiksberg Rådhus" in text


def test_a_young_person_is_not_given_an_18_plus_number_as_a_way_in():
    text = say("jeg er 16 og drikker hver weekend, bor på frederiksberg")
    assert "38 21 30 70" not in text and "38 21 36 66" in text


def test_rodovre_says_the_hours_are_not_known_and_gives_the_municipality_number():
    text = say("jeg bor i rødovre og ryger hash")
    assert "Rådgivnings- og Behandlingscentret" in text and "36 37 70 00" in text
    assert "Vi kender ikke deres åbningstider" in text and "ilden" not in text


def test_outside_the_four_municipalities_gets_no_unit_of_ours():
    text = say("jeg bor i aarhus og drikker for meget")
    assert "Tilbudsportalen" in text and "112" in text and "Rusmiddelbehandling" not in text


def test_an_outside_town_inside_a_longer_message_wins_over_a_near_spelling():
    text = say("bor på frederiksbjerg i århus og ryger for meget hash")
    assert "Tilbudsportalen" in text and "38 21" not in text


# --- units, hours and follow-ups ----------------------------------------------------


def test_a_units_own_name_beats_the_generic_word_in_it():
    text = say("hvornår har rusmiddelbehandling hørsholmsgade åbent")
    assert "Rusmiddelbehandling Hørsholmsgade" in text and "8.00–12.00" in text
    assert "Enghavevej" not in text and "URUS" not in text and "70 210 220" not in text


@pytest.mark.parametrize(
    "place, unit, wrong",
    [
        ("frederiksberg", "Frederiksberg Kommunes Rusmiddelcenter", "Gladsaxe Rusmiddelcenter"),
        ("gladsaxe", "Gladsaxe Rusmiddelcenter", "FKRC"),
    ],
)
def test_a_generic_word_with_a_place_means_that_places_unit(place, unit, wrong):
    text = say(f"hvornår har rusmiddelcentret i {place} åbent")
    assert unit in text and wrong not in text


def test_the_generic_word_alone_asks_with_buttons():
    talk = Conversation()
    text = talk.say("hvornår har rusmiddelcentret åbent")
    assert "Hvilket af dem" in text
    assert {"Gladsaxe Rusmiddelcenter", "Frederiksberg Kommunes Rusmiddelcenter (FKRC)"} <= {b["title"] for b in talk.buttons()}


def test_hours_then_tomorrow_then_their_number_then_where_it_is():
    talk = Conversation()
    assert "Mandag: 8.00–12.00 og 15.00–18.00" in talk.say("hvornår har nyropsgade åbent")
    assert "tirsdag d. 24. november: 8.00–12.00." in talk.say("hvad med i morgen?")
    assert "33 17 33 16" in talk.say("og deres nummer?")
    assert "Nyropsgade 7, 2. sal, 1602 København V" in talk.say("hvor ligger det?")


def test_and_if_i_am_17_redoes_the_answer_for_the_new_age():
    talk = Conversation()
    assert "Hørsholmsgade" in talk.say("bor i kbh og drikker for meget, er 30")
    text = talk.say("og hvis jeg er 17?")
    assert "U-turn" in text and "Hørsholmsgade" not in text


def test_a_correction_of_the_place_moves_the_answer():
    talk = Conversation()
    talk.say("ryger hash og bor i gladsaxe")
    text = talk.say("nej vent, jeg bor faktisk i rødovre")
    assert "36 37 70 00" in text and "39 57 39 00" not in text


def test_phone_hours_of_pas_and_the_next_time_when_closed_tomorrow():
    text = say("tager pas telefonen i morgen?")
    assert "lukket" in text and "Næste gang: torsdag kl. 15.15." in text


def test_weekend_in_copenhagen_names_the_unit_open_every_day():
    text = Conversation().say("er der noget i københavn der har åbent i weekenden?")
    assert "Valmuen" in text and "8.30–17.30" in text and "Lukket de dage" in text


def test_christmas_day_says_we_do_not_know_and_gives_numbers(monkeypatch):
    monkeypatch.setenv("VEJVISER_NOW", "2026-12-25T10:00")
    text = say("har der åbent nogen steder på frederiksberg i dag selvom det er juledag")
    assert "Juledag er helligdag" in text and "38 21" in text


def test_an_unknown_place_name_says_so():
    text = say("hvornår har blå kors åbent", intent="ask_hours", entities={"unit": "Blå Kors"})
    assert 'Jeg kender ikke et sted, der hedder "Blå Kors"' in text


def test_an_old_name_explains_where_to_go_now():
    text = say("hvornår har thuresensgade åbent")
    assert "udfaset" in text and "Prags Boulevard" in text


# --- rights, relatives, youth -------------------------------------------------------


@pytest.mark.parametrize(
    "question, fragment",
    [
        ("koster det noget?", "gratis"),
        ("skal jeg have en henvisning fra lægen", "ikke en henvisning"),
        ("hvor længe skal jeg vente", "14 dage"),
        ("må jeg tage min kæreste med til samtalen", "bisidder"),
        ("kan jeg selv vælge hvor", "Tilbudsportalen"),
    ],
)
def test_rights_are_answered_at_once_without_a_municipality(question, fragment):
    talk = Conversation()
    text = talk.say(question)
    assert fragment in text and "Hvilken kommune" not in text
    assert talk.buttons()[1]["payload"].endswith('{"place": "Frederiksberg"}')


def test_a_right_then_the_municipality_gives_that_municipalitys_rule_and_where_to_start():
    talk = Conversation()
    talk.say("koster det noget?")
    text = talk.say('/ask_cost{"place": "Frederiksberg"}')
    assert "Ambulant behandling og dagbehandling er gratis" in text


def test_a_relative_gets_their_own_line_and_where_the_person_can_go():
    talk = Conversation()
    text = talk.say("min søn på 16 ryger hash, vi bor i københavn, hvad kan jeg gøre")
    assert "70 210 220" in text and "U-turn" in text and talk.slots["audience"] == "relative"


def test_a_relative_on_frederiksberg_gets_ungecentrets_hours_and_fkrc_for_alcohol():
    text = say("min søn på 17 drikker sig fuld hver weekend, vi bor på frederiksberg")
    assert "Ungecenter Frederiksberg har åbent i dag: 9.00–15.00" in text
    assert "Frederiksberg Kommunes Rusmiddelcenter" in text


def test_my_mother_does_not_know_is_a_young_person_not_a_relative():
    talk = Conversation()
    talk.say("jeg er 16 og min mor ved det ikke, jeg ryger hash i gladsaxe")
    assert talk.slots.get("audience") == "self"


def test_youth_rules_for_an_adult_say_they_decide_themselves():
    text = say("jeg er 20 og bor i gladsaxe. ringer de til mine forældre hvis jeg starter i behandling for hash?")
    assert "bestemmer du selv" in text and "siger ja" in text


def test_complaint_about_staff_in_copenhagen_goes_to_the_borgerraadgiver():
    text = say("vil klage over en behandler i kbh der var uhøflig")
    assert "Borgerrådgiver" in text and "33 66 14 00" in text


@pytest.mark.parametrize("text", ["ok tak", "ja tak", "fint, mange tak", "okay thanks"])
def test_a_yes_with_thanks_after_an_answer_is_a_thank_you_not_the_menu(text):
    c = Conversation()
    c.say("min kæreste tager kokain, vi bor i rødovre", intent="relative_help")
    reply = c.say(text, intent="affirm")
    assert ("Det var så lidt" in reply or "You're welcome" in reply) and not c.buttons()


def test_a_plain_yes_after_an_answer_still_offers_the_menu():
    c = Conversation()
    c.say("min kæreste tager kokain, vi bor i rødovre", intent="relative_help")
    assert c.say("ja", intent="affirm").startswith("Hvad kan jeg hjælpe med?") and c.buttons()


def test_antabus_means_drinking_and_gets_the_places_after_one_question():
    c = Conversation()
    assert "Hvilken kommune" in c.say("kan jeg få antabus", intent="ask_special_treatment")
    text = c.say("bor i kbh", intent="inform")
    assert "Hørsholmsgade" in text and "33 17 80 40" in text and "alkohol" in text


def test_the_what_do_you_need_question_is_not_asked_twice():
    c = Conversation()
    first = c.say("har i noget særligt behandling", intent="ask_special_treatment")
    assert "Hvad har du brug for at vide mere om?" in first
    text = c.say("bor i gladsaxe", intent="inform")
    assert "Hvad har du brug for at vide mere om?" not in text and "39 57 39 00" in text


def test_calling_someone_at_the_weekend_keeps_the_weekend_after_the_municipality(monkeypatch):
    monkeypatch.setenv("VEJVISER_NOW", "2026-11-28T19:30")  # a Saturday evening
    c = Conversation()
    c.say("kan man ringe til nogen i weekenden", intent="ask_hours")
    text = c.say("kbh", intent="inform")
    assert "åbent i weekenden i København" in text and "Valmuen" in text
    assert "Lukket de dage" in text and "mandag kl. 8.00" in text


def test_the_difference_between_outpatient_and_residential_is_answered_without_asking_for_a_place():
    text = say("hvad er forskellen på ambulant og døgn", intent="ask_treatment_types")
    assert "Hvilket sted" not in text and "døgnbehandling" in text.lower()


def test_the_hours_of_a_unit_without_its_own_phone_say_whose_number_it_is():
    c = Conversation()
    text = c.say("bor på frb og drikker for meget, hvad har åbent i morgen", intent="ask_hours")
    assert "Frederiksberg Kommunes Rusmiddelcenter (FKRC)" in text
    assert "Telefon: 38 21 30 70 (Socialafdelingen på Frederiksberg Rådhus)" in text


# --- crisis, fallback, failures -------------------------------------------------------


@pytest.mark.parametrize(
    "text, intent, numbers",
    [
        ("min ven har taget en overdosis", "crisis_overdose", ["112"]),
        ("jeg vil ikke leve mere", "crisis_suicidal", ["112", "70 201 201"]),
        ("min veninde er faldet om og svarer ikke", "inform", ["112"]),
    ],
)
def test_crisis_comes_first_from_the_rule_or_from_the_words(text, intent, numbers):
    talk = Conversation()
    talk.say(text, intent=intent)
    first = talk.messages[0]["text"]
    assert first.startswith("Ring 112 nu") and all(n in first for n in numbers)


def test_crisis_in_the_middle_clears_the_pending_question():
    talk = Conversation()
    talk.say("jeg har brug for hjælp")
    assert talk.slots["asked"] == "municipality"
    talk.say("min ven trækker ikke vejret", intent="crisis_overdose")
    assert talk.slots["asked"] == "crisis_overdose"  # no longer the municipality question: the crisis it answered


@pytest.mark.parametrize(
    "text",
    [
        "har tænkt at det hele ville være nemmere hvis jeg ikke var her mere",
        "nogle gange ønsker jeg bare jeg var død",
        "håber jeg ikke vågner op igen",
        "jeg har intet at leve for",
        "sometimes i think it would be easier if i wasnt here",
        "everyone would be better off without me",
    ],
)
def test_passive_suicidal_thoughts_in_a_long_story_get_112_and_livslinien(text):
    # the blind eighth round: a 17-year-old thrown out by his parents wrote this inside a
    # message about hash; the NLU read it as a request for help (seek_help 0.99)
    first = Conversation().say(f"ryger hash fra jeg vågner og er smidt ud hjemmefra. {text}. bor i kbh", intent="seek_help")
    assert first.startswith(("Ring 112 nu", "Call 112 now")) and "70 201 201" in first


@pytest.mark.parametrize("text", ["hun er her ikke mere, hun er flyttet", "jeg er ikke her i weekenden"])
def test_being_away_is_not_a_crisis(text):
    assert reading.crisis_in(fold(text)) is None


def test_an_unsure_crisis_reading_of_a_follow_up_puts_112_first_and_answers_it():
    talk = Conversation()
    talk.say("min søn på 15 ryger hash, vi bor i gladsaxe", intent="relative_help")
    ranking = [{"name": "crisis_overdose", "confidence": 0.5}, {"name": "ask_treatment_types", "confidence": 0.19}]
    text = talk.say("og hvis han vil fortsaette efter det?", intent="crisis_overdose", confidence=0.5, ranking=ranking)
    assert talk.messages[0]["text"] == "Er nogen i akut fare, så ring 112."
    assert "Ring 112 nu" not in text and talk.slots.get("asked") != "crisis_overdose"
    # the same reading as a first message, or a sure one, is still the crisis answer
    assert say("og hvis han vil fortsaette efter det?", intent="crisis_overdose", confidence=0.5, ranking=ranking).startswith("Ring 112 nu")
    sure = Conversation()
    sure.say("min søn på 15 ryger hash, vi bor i gladsaxe", intent="relative_help")
    assert sure.say("han er helt grå og kold", intent="crisis_overdose", confidence=0.97).startswith("Ring 112 nu")


def test_someone_outside_our_four_who_names_our_place_is_told_whose_place_it_is():
    text = say("jeg bor i herlev men misbrugscentret i gladsaxe ligger tættere på mig, må jeg bare bruge det?")
    assert "Gladsaxe Rusmiddelcenter er et tilbud i Gladsaxe" in text and "Tilbudsportalen" in text
    assert "39 57 39 00" not in text and "Herlev" in text
    # moving away: the place is theirs until then, so no "for those who live there"
    moving = say("jeg får metadon på prags boulevard men flytter til odense om en måned, hvad så")
    assert "er et tilbud i" not in moving and "Odense" in moving


def test_wanting_to_cut_down_gets_the_municipalitys_word_on_the_goal():
    text = say("vil ikke stoppe helt, bare drikke mindre. skal man love at blive ædru? bor i brønshøj")
    assert "skære ned" in text and "33 17 80 40" in text
    assert "skære ned" not in say("drikker for meget, bor i brønshøj")


def test_a_complaint_the_leader_did_nothing_about_goes_to_the_borgerraadgiver():
    talk = Conversation()
    first = talk.say("min behandler på rusmiddelcentret i søborg er sur hver gang, kan man klage over hende?", intent="complain")
    assert "centerlederen" in first and "39 57 69 00" not in first
    assert "39 57 69 00" in talk.say("og hvis lederen ikke gør noget ved det?")


def test_not_understood_gives_phone_numbers():
    text = say("blorp zxqv ffff")
    assert "33 17 80 40" in text and "39 57 39 00" in text and "112" in text


def test_unsure_offers_the_two_best_guesses_with_the_entities():
    talk = Conversation()
    talk.say(
        "valmuen?",
        entities={"unit": "Valmuen"},
        confidence=0.4,
        ranking=[{"name": "ask_hours", "confidence": 0.4}, {"name": "ask_contact", "confidence": 0.35}],
    )
    # a unit named alone is answered with what the unit is; the guesses come when nothing is read
    talk = Conversation()
    talk.say("øhm", confidence=0.3, ranking=[{"name": "ask_hours", "confidence": 0.3}, {"name": "ask_contact", "confidence": 0.25}])
    assert [b["payload"] for b in talk.buttons()[:2]] == ["/ask_hours", "/ask_contact"]


def test_catalogue_unavailable_still_answers_with_phone_numbers(monkeypatch):
    import actions.unit_catalogue.query as query

    def broken():
        raise CatalogueUnavailable("gone")

    monkeypatch.setattr(query, "_shared", None)
    monkeypatch.setattr("actions.base.shared", broken)
    monkeypatch.setattr(base, "LAST_KNOWN_CONTACTS", "København: 33 17 80 40\nRing 112 ved akut fare.")
    text = say("ryger hash i kbh")
    assert "kan ikke slå oplysningerne op" in text and "33 17 80 40" in text and "112" in text


def test_every_memory_field_goes_into_its_domain_slot_and_comes_back_unchanged():
    import dataclasses
    from pathlib import Path

    import yaml

    from actions.conversation import Memory
    from actions.respond import SLOTS, memory_from, slot_events

    domain_slots = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())["slots"]
    assert set(SLOTS) == {f.name for f in dataclasses.fields(Memory)}
    assert set(SLOTS.values()) <= set(domain_slots)
    remembered = Memory(
        municipality="frederiksberg",
        outside_name="Roskilde",
        substance="cannabis",
        age=16,
        audience="relative",
        relation="parent",
        need="talk",
        anonymous=True,
        units=["u_turn_frederiksberg"],
        topic="unit_hours",
        day="tomorrow",
        asked="unit",
        language="en",
    )
    slots = {e["name"]: e["value"] for e in slot_events(Memory(), remembered)}
    assert set(slots) == set(SLOTS.values())
    assert memory_from(Tracker("test", slots, {}, [], False, None, {}, "action_listen")) == remembered


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("hvornår kan jeg ringe til rådgivningen for pårørende i københavn", "Som pårørende kan du selv få støtte"),
        ("when can i call the advice line for relatives in copenhagen", "As a relative, you can get support yourself"),
    ],
)
def test_asking_when_the_relatives_line_answers_gives_the_relatives_line(text, lead):
    reply = say(text, intent="ask_hours")
    assert lead in reply and "70 210 220" in reply
    assert "8.00–12.00" not in reply  # the treatment places' hours would read as the line's


@pytest.mark.parametrize(
    "text", ["i need to talk to someone who actually knows about this stuff", "jeg trænger til at snakke med nogen der ved noget om det"]
)
def test_someone_who_knows_about_it_is_a_request_for_help_and_the_place_comes_first(text):
    reply = say(text, intent="ask_human")
    assert "33 17 80 40" not in reply and ("kommune" in reply or "municipality" in reply)


def test_a_real_person_still_gets_the_staffs_numbers():
    assert "33 17 80 40" in say("kan jeg tale med et menneske", intent="ask_human")


def test_the_widgets_language_button_gets_what_i_can_do_in_that_language_not_a_question():
    conversation = Conversation()
    english = conversation.say("English, please")
    assert english.startswith("I can help you find treatment") and "not quite sure" not in english
    assert conversation.say("På dansk, tak").startswith("Jeg kan hjælpe dig med at finde rusmiddelbehandling")


def test_an_english_rights_answer_does_not_repeat_the_national_text():
    reply = Conversation().say("i live in copenhagen. can i just show up without an appointment?", intent="ask_referral")
    assert reply.count("You don't need a referral") == 1


@pytest.mark.parametrize("word", ["rehab", "afvænning", "detox"])
def test_one_word_for_treatment_is_a_request_for_help_not_a_question_about_kinds_of_treatment(word):
    reply = say(word, intent="ask_treatment_types")
    assert "kommune" in reply and "ambulant" not in reply


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("jeg bor på frederiksberg. koster ambulant behandling noget?", "og hvis jeg ender i døgnbehandling?", "husleje"),
        ("i live on frederiksberg. does outpatient treatment cost anything?", "and if i end up in residential rehab?", "rent"),
    ],
)
def test_and_if_after_a_right_asks_that_right_again_for_the_new_case(first, then, expected):
    conversation = Conversation()
    conversation.say(first, intent="ask_cost")
    assert expected in conversation.say(then, intent="ask_special_treatment", entities={"need": "residential"})


@pytest.mark.parametrize(
    ("first", "then", "places", "relatives_only"),
    [
        (
            "vores søn på 19 sniffer kokain hver weekend, vi bor i søborg",
            "hvor kan han selv få hjælp?",
            ["Gladsaxe Rusmiddelcenter", "39 57 39 00"],
            "pårørendekurser",
        ),
        (
            "my brother is 34 and drinks way too much, he lives in valby",
            "where can he get help himself?",
            ["Hørsholmsgade", "33 17 80 40"],
            "70 210 220",
        ),
    ],
)
def test_a_relative_asking_where_the_person_can_go_gets_that_persons_places_only(first, then, places, relatives_only):
    talk = Conversation()
    assert relatives_only in talk.say(first, intent="relative_help")
    text = talk.say(then, intent="relative_help")
    assert all(p in text for p in places) and relatives_only not in text
    assert talk.slots["audience"] == "relative"


def test_the_persons_places_are_not_addressed_to_the_relative_as_a_young_person():
    talk = Conversation()
    talk.say("min kæreste drikker hver dag og bliver sur, vi bor på frederiksberg", intent="relative_help")
    text = talk.say("hvor kan hun selv henvende sig?", intent="relative_help")
    assert "Peter Bangs Vej" in text and "for dig" not in text


def test_a_relative_asking_whether_they_may_call_hears_both_and_their_own_number():
    c = Conversation()
    c.say("mit barn ryger pot hver dag, vi bor i rødovre. hvem kan vi ringe til", intent="relative_help")
    text = c.say("skal han selv ringe eller kan vi?", intent="ask_contact")
    assert text.startswith("Begge dele. Som pårørende kan I også selv ringe og få råd: Rådgivnings- og Behandlingscentret")
    assert "36 37 70 00" in text and "Frivillig Center – pårørendegruppe, telefon" not in text  # one place per number
    c = Conversation()
    c.say("min kæreste drikker hver aften, vi bor på nørrebro", intent="relative_help")
    text = c.say("kan jeg ringe for ham?", intent="ask_contact")
    assert text.startswith("Ja. Som pårørende kan du også selv ringe og få råd:") and "70 210 220" in text


def test_after_work_gets_the_week_with_the_late_day_and_times_by_arrangement(monkeypatch):
    monkeypatch.setenv("VEJVISER_NOW", "2026-11-23T09:30")  # Monday: open 9.00-14.00 today
    c = Conversation()
    c.say("bor i søborg og ryger for meget hash", intent="seek_help")  # Gladsaxe Rusmiddelcenter and Brydehuset
    text = c.say("kan jeg komme efter arbejde?", intent="ask_hours")
    assert "Torsdag: 9.00–18.00" in text and "Der kan aftales tider uden for åbningstiden." in text
    # Brydehuset is reached through the centre shown above: one line, not the week again
    assert text.count("Torsdag: 9.00–18.00") == 1 and "samme tider som Gladsaxe Rusmiddelcenter" in text


def test_a_named_unit_that_does_not_meet_the_need_gives_the_places_that_do():
    text = say("jeg faar metadon paa ornevej men har brug for at komme et sted hver eneste dag. findes der noget?", intent="ask_unit_info")
    assert "Tomsgårdsvej" in text and "33 17 86 10" in text


def test_a_16_year_old_asking_whether_the_centre_calls_their_parents_gets_the_rules():
    text = say("hvis jeg er 16 og ringer til rusmiddelcentret i gladsaxe, ringer de så til mine forældre??", intent="ask_contact")
    assert "1–2 anonyme samtaler" in text and "forældre" in text


@pytest.mark.parametrize("follow_up", ["jeg er bange", "hvad gør jeg", "hjertet hamrer stadig"])
def test_an_unclear_message_right_after_the_crisis_answer_gets_112_again(follow_up):
    c = Conversation()
    c.say("har taget nogle piller til en fest og nu har jeg det rigtig dårligt", intent="crisis_overdose")
    text = c.say(follow_up, intent="nlu_fallback")
    assert "Ring 112 nu" in text and "forstod jeg ikke" not in text
    # a place moves on to the help there
    assert "82 56 23 00" in c.say("er 16 og bor i kbh", intent="inform")


def test_thanks_after_the_crisis_answer_is_thanks():
    c = Conversation()
    c.say("min ven trækker ikke vejret", intent="crisis_overdose")
    assert "112" not in c.say("tak", intent="thank")


def test_help_even_if_the_person_does_not_want_it_is_a_short_yes_not_the_whole_answer_again():
    c = Conversation()
    first = c.say("min søn på 17 ryger hele tiden, vi bor i bagsværd, han vil ikke snakke med mig", intent="relative_help")
    text = c.say("kan vi få hjælp selvom han ikke vil?", intent="relative_help")
    assert text.startswith(
        "Ja. Som pårørende kan I få hjælp, også selvom han ikke selv vil: Gladsaxe Rusmiddelcenter, telefon 39 57 39 00."
    )
    assert len(text) < len(first) / 2


def test_the_turn_after_a_crisis_answer_keeps_112_on_top():
    c = Conversation()
    c.say("i took a whole lot of benzos and honestly i just want to die", intent="crisis_suicidal")
    text = c.say("i dont want an ambulance. i just want to stop with the pills. i live in gladsaxe", intent="seek_help")
    assert text.startswith("Call 112 now") and "70 201 201" in text and "39 57 39 00" in text


@pytest.mark.parametrize(
    "first, follow_up, expected",
    [
        ("min søn på 16 ryger hash, vi bor i mørkhøj", "kan han få hjælp uden at jeg er med?", "1–2 anonyme samtaler"),
        ("min datter på 17 tager piller til fester, vi bor på frederiksberg", "kan jeg som mor komme med til samtalerne", "inviteret med"),
    ],
)
def test_a_parent_asking_about_their_own_part_gets_the_youth_rules(first, follow_up, expected):
    c = Conversation()
    c.say(first, intent="relative_help")
    assert expected in c.say(follow_up, intent="ask_bisidder")


def test_a_mother_who_turns_to_her_own_drinking_is_not_given_her_daughters_places():
    c = Conversation()
    c.say("min datter på 17 tager piller til fester, vi bor på frederiksberg", intent="relative_help")
    text = c.say("hvad med mig selv, jeg drikker vist også lidt for meget", intent="relative_help")
    assert "Frederiksberg Kommunes Rusmiddelcenter (FKRC)" in text and "Som pårørende" not in text
    assert "for unge 15–24 år, hjælper med alkohol" not in text  # the 17 was the daughter's age


def test_working_in_copenhagen_does_not_make_it_home():
    c = Conversation()
    c.say("I live in Lyngby, where can i get help for my drinking", intent="seek_help")
    text = c.say("but I work in Copenhagen, can't I just go there?", intent="ask_referral")
    assert "Lyngby" in text and "own municipality" in text and "33 17 80 40" not in text


def test_short_answers_for_a_relative_in_a_follow_up():
    c = Conversation()
    c.say("min mand tager speed, vi bor i rødovre", intent="relative_help")
    text = c.say("kan jeg også selv få hjælp som pårørende?", intent="relative_help")
    assert text.startswith("Ja. Som pårørende kan du også selv ringe og få råd: Rådgivnings- og Behandlingscentret")
    assert "1–2 samtaler" in text  # what the help is, not only where
    c = Conversation()
    c.say("min datter på 30 sniffer coke, vi bor begge i kbh", intent="relative_help")
    text = c.say("hun vil ikke selv. kan jeg ikke bare bestille en tid til hende", intent="ask_contact")
    assert text.startswith("Som pårørende kan du også selv ringe og få råd:") and "70 210 220" in text  # no "Ja.": the documents do not say


def test_the_same_right_for_someone_else_and_help_to_write_a_complaint():
    c = Conversation()
    c.say("min søn tager kokain, vi bor i kbh", intent="relative_help")
    c.say("koster det noget for ham?", intent="ask_cost")
    assert "gratis" in c.say("og for mig?", intent="nlu_fallback")
    c = Conversation()
    c.say("har faaet afslag paa doegnbehandling i gladsaxe, kan jeg klage?", intent="complain")
    c.say("borgerraadgiveren tlf?", intent="ask_contact")
    text = c.say("maa min søster hjælpe mig med at skrive den", intent="relative_help")
    assert "Familie, venner eller en værge må gerne hjælpe dig" in text and "Som pårørende" not in text


def test_how_soon_how_many_and_more_than_talking():
    c = Conversation()
    c.say("bor i vanløse, det er alkohol", intent="seek_help")
    assert "samme dag eller den følgende hverdag" in c.say("kan jeg starte i dag?", intent="ask_hours")
    c = Conversation()
    c.say("I'm 30, live in Bagsvaerd and want anonymous help for cocaine", intent="ask_anonymity")
    assert "10 talks" in c.say("how many sessions do i get?", intent="ask_treatment_types")
    c = Conversation()
    c.say("im 17 and do a lot of molly, i live on vesterbro", intent="seek_help")
    assert "parents" in c.say("and what if i need more than just talking", intent="ask_treatment_types")


def test_a_young_relative_s_own_age_is_not_the_parents():
    c = Conversation()
    text = c.say("min far drikker og jeg er 14. jeg bor i rødovre. hvem kan jeg snakke med", intent="relative_help")
    assert "Børne- og familieafdelingen (Rødovre Kommune), samme telefon" not in text  # the father is not 14
    assert c.slots.get("age") is None


def test_moving_to_another_municipality_gives_the_places_there():
    text = say("jeg har lige fået metadon på ørnevej men jeg flytter til gladsaxe i næste måned. hvad så", intent="ask_unit_info")
    assert "Gladsaxe Rusmiddelcenter" in text and "39 57 39 00" in text and "Ørnevej 33" not in text


def test_what_about_the_phone_after_a_place_gives_when_to_call():
    c = Conversation()
    c.say("drikker for meget. bor på frederiksberg", intent="seek_help")
    text = c.say("hvad så med telefonen", intent="nlu_fallback")
    assert "38 21 30 70" in text and "Mandag–torsdag: 10.00–14.00" in text


def test_a_teen_with_a_friend_or_a_teacher_in_the_sentence_is_the_one_asking():
    text = say("min ven og jeg vaper thc i frikvartererne, jeg er 16 og bor på frederiksberg", intent="seek_help")
    assert "38 21 36 66" in text and "Som pårørende" not in text
    c = Conversation()
    c.say("min lærer har opdaget det og nu skal jeg til møde med min mor og skolen på torsdag. hvad gør jeg", intent="seek_help")
    assert c.slots.get("audience") != "relative"


def test_not_acute_is_taken_at_its_word_but_keeps_112_at_the_end():
    text = say("ikke akut. min soster tager heroin, hun bor i kbh", intent="crisis_overdose")
    assert not text.startswith("Ring 112") and "70 210 220" in text and "ring 112" in text


def test_a_bare_plea_for_help_gets_112_with_the_menu():
    assert "112" in say("hjælp", intent="ask_capabilities")


def test_the_age_of_a_sister_taken_along_is_not_the_askers():
    c = Conversation()
    c.say("må jeg tage min lillesøster på 16 med som bisidder til første samtale? bor på nørrebro", intent="ask_bisidder")
    assert c.slots.get("age") is None
    text = c.say("ok så tager jeg min mor med. hvor skal vi møde op, det er for hash", intent="seek_help")
    assert "Hørsholmsgade" in text and "U-turn er for unge" not in text


def test_complaint_follow_ups_where_to_send_it_and_a_broken_deadline():
    c = Conversation()
    c.say("fik afslag på døgnbehandling i kbh for 3 uger siden. kan jeg nå at klage", intent="complain")
    assert "Center for Rusmiddelbehandling" in c.say("hvem skal jeg sende den til", intent="nlu_fallback")
    c = Conversation()
    c.say("hvor lang tid går der før jeg kan starte i gladsaxe", intent="ask_waiting_time")
    text = c.say("hvad hvis de ikke overholder det", intent="nlu_fallback")
    assert "Ankestyrelsen" in text and "14 dage ikke er holdt" in text


def test_answering_the_municipality_question_with_a_street_we_do_not_know():
    c = Conversation()
    c.say("jeg er 58 og drikker for meget rødvin, hvor kan man få hjælp", intent="seek_help")
    text = c.say("frb, tæt på fasanvej", intent="inform")
    assert "Peter Bangs Vej" in text and "Jeg kender ikke et sted" not in text


def test_must_he_be_in_treatment_for_the_relative_to_take_part():
    c = Conversation()
    c.say("min mand ryger hash hver eneste aften. vi bor i glx. er der noget for os der er pårørende", intent="relative_help")
    text = c.say("skal han være i behandling før jeg kan være med", intent="ask_bisidder")
    assert text.startswith("Nej. Som pårørende kan du få hjælp, også selvom han ikke er i behandling:") and "pårørendekurser" in text


def test_the_relatives_line_without_hours_brings_the_persons_places_hours(monkeypatch):
    monkeypatch.setenv("VEJVISER_NOW", "2026-11-27T10:00")  # Friday: U-turn closed
    c = Conversation()
    c.say("min søn på 15 ryger hash, vi bor på vesterbro. hvor kan vi få hjælp", intent="relative_help")
    text = c.say("har de åbent i dag", intent="ask_open_now")
    assert "70 210 220" in text and "U-turn" in text and "mandag kl. 12.00–16.00" in text


def test_alcohol_in_gladsaxe_asked_about_the_centre_gets_the_under_25_rule():
    c = Conversation()
    c.say("drikker mig i hegnet hver weekend, er 21 og bor i buddinge", intent="seek_help")
    text = c.say("men det er jo kun alkohol, er det ikke kun for stoffer?", intent="ask_unit_info")
    assert "Er du under 25, hjælper Gladsaxe Rusmiddelcenter også med alkohol" in text


def test_whether_staff_speak_a_language_is_not_known_so_the_number_to_ask():
    c = Conversation()
    c.say("jeg drikker for meget og bor på vesterbro")
    text = c.say("taler de engelsk på nyropsgade?")
    assert "hvilke sprog" in text and "33 17 33 16" in text
    c = Conversation()
    c.say("jeg drikker for meget og bor på vesterbro")
    assert "hvilke sprog" not in c.say("min læge taler om psykisk sygdom, kan de hjælpe med det?")


def test_a_number_that_only_answers_at_set_times_comes_with_them():
    text = say("hvad er nummeret til PAS")
    assert "33 66 20 02" in text and "15.15–16.15" in text
