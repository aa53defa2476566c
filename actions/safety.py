"""Crisis first: "Ring 112" before anything else, from any point in a conversation.

The crisis intents have their own rule and this action (the NLU's CrisisGuard
forces them for clear Danish crisis phrases). It answers through the same
conversation code as every other message, with the crisis forced as the topic,
so the emergency number always comes first and the conversation's memory stays
whole; actions/reading.py has a wider net of crisis words for messages the NLU
reads as something else.
"""

from __future__ import annotations

from .conversation import Memory, respond
from .respond import ActionRespond


class ActionCrisis(ActionRespond):
    def name(self) -> str:
        return "action_crisis"

    def reply(self, db, reading, before: Memory, moment, tracker):
        return respond(db, reading, before, moment, topic=tracker.get_intent_of_latest_message())
