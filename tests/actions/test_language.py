"""Which language the assistant answers in (actions/language.py)."""

from __future__ import annotations

import pytest

from actions.language import DANISH, ENGLISH, choose


@pytest.mark.parametrize(
    "text",
    [
        "ryger for meget pot, bor i kbh, hvad gor jeg",
        "min soen paa 16 drikker hver weekend",
        "hvornaar har nyropsgade aabent",
        "er det gratis",
        "hej",
        "ok",
        "2300",
        "tak for hjaelpen",
        "dognbehandling i kbh",
    ],
)
def test_danish_stays_danish_also_without_aeoeaa(text):
    assert choose(text, None) == DANISH
    assert choose(text, DANISH) == DANISH


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I live in Copenhagen and I drink too much, where can I get help?",
        "where can i get help",
        "is it free",
        "my friend took too many pills and is not breathing",
        "hi",
        "english please",
    ],
)
def test_english_is_answered_in_english(text):
    assert choose(text, None) == ENGLISH


def test_short_messages_keep_the_conversations_language():
    assert choose("ok", ENGLISH) == ENGLISH
    assert choose("vesterbro", ENGLISH) == ENGLISH
    assert choose("2300", ENGLISH) == ENGLISH
    assert choose("thanks", DANISH) == DANISH  # mid-conversation, two words or fewer keep the language


def test_without_stop_words_a_later_message_keeps_the_language():
    assert choose("i kbh, indre by", DANISH) == DANISH  # fastText alone reads it as English
    assert choose("osterbro near the lakes", ENGLISH) == ENGLISH


def test_the_person_can_ask_for_either_language():
    assert choose("can you write in english", DANISH) == ENGLISH
    assert choose("kan du skrive på dansk", ENGLISH) == DANISH
    assert choose("in danish please", ENGLISH) == DANISH


def test_a_button_payload_keeps_the_language():
    assert choose('/ask_hours{"unit": "Nyropsgade"}', ENGLISH) == ENGLISH


def test_a_danish_word_in_an_english_sentence_keeps_english():
    # fastText reads "whats the address of the kommune" as Danish; its stop words are English
    assert choose("whats the address of the kommune", ENGLISH) == ENGLISH
    assert choose("hvad er adressen på kommunen", ENGLISH) == DANISH


def test_asking_whether_staff_speak_english_is_no_switch():
    assert choose("taler de engelsk på nyropsgade?", DANISH) == DANISH
