"""End-to-end: real action server and Rasa server, talking through the REST channel.

The clock is pinned to Monday 23 November 2026, 9.30 (tests/stack.py), so
"open now" answers are fixed. Assertions are what a person reads: unit names,
phone numbers and hours.
"""

from __future__ import annotations

import uuid

import pytest
from stack import buttons, texts

pytestmark = pytest.mark.e2e


def talk(stack, *messages: str) -> list[list[dict]]:
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    return [stack.send(sender, m) for m in messages]


def test_greeting_has_privacy_notice_and_ways_to_start(stack):
    (reply,) = talk(stack, "hej")
    assert "Vejviser" in texts(reply) and "CPR-nummer" in texts(reply)
    assert "Jeg vil gerne have hjælp" in buttons(reply)


def test_everything_in_one_message_is_answered_at_once(stack):
    (reply,) = talk(stack, "ryger for meget pot, bor på nørrebro, er 19 og vil gerne være anonym")
    text = texts(reply)
    assert "U-turn" in text and "82 56 23 00" in text and "op til 5 anonyme samtaler" in text
    assert "Rådgivning i dag: 12.00–16.00. Rådgivningen er lukket nu – åbner i dag kl. 12.00–16.00." in text
    assert "Oplysninger fra Københavns Kommunes kvalitetsstandard 2025–2026." in text
    assert {"Åbningstider", "Anonymt", "Pårørende", "Rettigheder", "Start forfra"} <= set(buttons(reply))


def test_one_question_then_the_answer_then_a_correction(stack):
    start, place, correction = talk(
        stack, "jeg har brug for hjælp til kokain", '/inform{"place": "Gladsaxe"}', "nej, jeg bor på Frederiksberg"
    )
    assert "Hvilken kommune" in texts(start)
    text = texts(place)
    assert "Gladsaxe Rusmiddelcenter" in text and "Telefon: 39 57 39 00" in text
    assert "I dag: 9.00–14.00. Åbent nu – lukker kl. 14.00." in text
    text = texts(correction)
    assert "Frederiksberg" in text and "Gladsaxe Rusmiddelcenter" not in text
    assert "38 21" in text  # Frederiksberg's numbers


def test_hours_of_a_named_unit_on_a_weekday(stack):
    (reply,) = talk(stack, "hvornår har nyropsgade åbent om torsdagen")
    assert "torsdag d. 26. november: 8.00–12.00 og 15.00–18.00" in texts(reply)


def test_open_now(stack):
    (reply,) = talk(stack, "har valmuen åbent lige nu")
    assert "Åbent for behandling nu – lukker kl. 17.30." in texts(reply)


def test_telephone_hours(stack):
    (reply,) = talk(stack, "hvornår kan man ringe til PAS")
    assert "Telefontider" in texts(reply) and "15.15–16.15" in texts(reply) and "33 66 20 02" in texts(reply)


def test_hours_not_in_the_source_give_the_phone_number(stack):
    (reply,) = talk(stack, "hvornår har rådgivnings- og behandlingscentret i rødovre åbent")
    assert "Vi kender ikke deres åbningstider" in texts(reply) and "36 37 70 00" in texts(reply)


def test_contact_details(stack):
    (reply,) = talk(stack, "hvad er telefonnummeret til u-turn i københavn")
    assert "82 56 23 00" in texts(reply) and "Studiestræde 47" in texts(reply)


def test_relative_gets_their_own_help_and_where_the_user_can_go(stack):
    (reply,) = talk(stack, "min søn på 16 ryger hash hvad kan jeg gøre, vi bor i københavn")
    text = texts(reply)
    assert "70 210 220" in text and "U-turn" in text


def test_crisis_interrupts_a_question_before_anything_else(stack):
    start, crisis = talk(stack, "jeg vil gerne have hjælp", "min ven har taget en overdosis og trækker ikke vejret")
    assert "Hvilken kommune" in texts(start)
    assert crisis[0]["text"].startswith("Ring 112 nu")
    assert "Hvilken kommune" not in texts(crisis)


def test_suicidal_thoughts(stack):
    (reply,) = talk(stack, "jeg orker ikke mere, jeg vil ikke leve mere")
    assert "112" in reply[0]["text"] and "70 201 201" in reply[0]["text"]


def test_outside_the_four_municipalities(stack):
    (reply,) = talk(stack, "jeg bor i aarhus og drikker for meget")
    text = texts(reply)
    assert "Tilbudsportalen" in text and "Rusmiddelbehandling Hørsholmsgade" not in text


def test_rights_and_complaints(stack):
    cost, complaint = talk(
        stack, "koster det noget at gå i behandling på frederiksberg", "hvordan klager jeg over en afgørelse i københavn"
    )
    assert "Ambulant behandling og dagbehandling er gratis" in texts(cost)
    assert "Ankestyrelsen" in texts(complaint) and "4 uger" in texts(complaint)


def test_youth_rules(stack):
    (reply,) = talk(stack, "jeg er 15 og bor i rødovre, skal mine forældre vide det hvis jeg får hjælp")
    assert "Børne- og familieafdeling" in texts(reply)


def test_not_understood_still_gives_phone_numbers(stack):
    (reply,) = talk(stack, "blorp zxqv ffff")
    text = texts(reply)
    assert "33 17 80 40" in text or any(b for b in buttons(reply))


def test_start_over(stack):
    _, restart = talk(stack, "jeg har brug for hjælp", "/restart")
    assert "Vi starter forfra" in texts(restart)
