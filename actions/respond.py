"""The one action behind every message that is not a crisis: read, answer, remember.

Thin on purpose: the Rasa slots become a Memory, the latest message a Reading,
actions/language.py picks the language to answer in, actions/conversation.py
decides the reply, and the new Memory goes back as slots. Crisis messages keep their own rule and action (actions/safety.py), so
nothing here can delay "Ring 112".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import language
from .base import VejviserAction
from .conversation import Memory, respond
from .reading import read_message
from .reply_logic import response_variation
from .understanding import parse_age
from .unit_catalogue.query import CatalogueDB
from .wording import domain_responses, speaking

# Memory field -> slot name (domain.yml).
SLOTS = {
    "municipality": "municipality",
    "outside_name": "outside_municipality",
    "substance": "substance",
    "age": "age",
    "audience": "audience",
    "relation": "relation",
    "need": "need",
    "anonymous": "wants_anonymous",
    "units": "focus_units",
    "topic": "topic",
    "day": "day",
    "asked": "asked",
    "language": "language",
}


def memory_from(tracker: Tracker) -> Memory:
    values = {field_name: tracker.get_slot(slot_name) for field_name, slot_name in SLOTS.items()}
    values.update(age=parse_age(values["age"]), anonymous=bool(values["anonymous"]), units=list(values["units"] or []))
    return Memory(**values)


def slot_events(before: Memory, after: Memory) -> list[dict]:
    events = []
    for field_name, slot_name in SLOTS.items():
        old, new = getattr(before, field_name), getattr(after, field_name)
        if old != new:
            events.append(SlotSet(slot_name, _slot_value(field_name, new)))
    return events


def _slot_value(field_name: str, value: Any) -> Any | None:
    if field_name == "age" and value is not None:
        return str(value)
    return value


class ActionRespond(VejviserAction):
    def name(self) -> str:
        return "action_respond"

    def reply(self, db: CatalogueDB, reading, before: Memory, moment, tracker: Tracker):
        return respond(db, reading, before, moment)

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], db: CatalogueDB, moment) -> list[dict]:
        before = memory_from(tracker)
        lang = language.choose(tracker.latest_message.get("text") or "", before.language)
        reading = read_message(db, tracker.latest_message)
        with speaking(lang):  # the wording (actions/replies*.py) and the catalogue's texts in this turn's language
            reply = self.reply(db.in_language(lang), reading, replace(before, language=lang), moment, tracker)
        for message in reply.messages:
            if "response" in message:
                chosen = response_variation(domain or domain_responses(), message["response"], lang)
                if chosen is None:
                    dispatcher.utter_message(response=message["response"])
                else:
                    dispatcher.utter_message(text=chosen.get("text"), buttons=chosen.get("buttons") or [])
            else:
                dispatcher.utter_message(text=message["text"], buttons=message.get("buttons") or [])
        return slot_events(before, reply.memory)
