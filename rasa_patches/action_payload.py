"""Send the action server this turn's events only, not the whole conversation.

Rasa 3.6 posts the complete tracker - every event of the conversation session,
every message the person wrote - to the action server for every custom
action. Our actions read slots and the latest message; the one piece of the
SDK that reads events, ``FormValidationAction``, reads only the slot events
at the end of the list (``Tracker.slots_to_validate``). So the request carries
the events from the person's latest message on:

- less of a conversation about drug use travels to and through another
  process (data minimisation), and
- the request no longer grows with the conversation: at turns 100-200 of one
  conversation, encoding the full tracker as JSON was 15 % of the Rasa
  server's time, and the action server parsed it all again (py-spy,
  docs/profiling.md).

Everything else in the request - slots, latest message, active loop, latest
action, the domain when Rasa sends it - is exactly what Rasa sends.
Installed by ``rasa_patches.install()`` (scripts/rasa_run.py); tests/rasa_patches/test_action_payload.py.
"""

from __future__ import annotations

from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

_MARK = "_vejviser_turn_events_only"
RASA_FORMAT = RemoteAction.__dict__["_action_call_format"]


def this_turn(tracker: DialogueStateTracker) -> list[Event]:
    """The events from the latest user message on (all events if there is none)."""
    events = list(tracker.events)
    for i in range(len(events) - 1, -1, -1):
        if isinstance(events[i], UserUttered):
            return events[i:]
    return events


def install() -> None:
    if getattr(RemoteAction._action_call_format, _MARK, False):
        return

    def _action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
        # Rasa's request with no events (cheap), then this turn's events.
        result = RASA_FORMAT(self, _WithoutEvents(tracker), domain)
        result["tracker"]["events"] = [event.as_dict() for event in this_turn(tracker)]
        return result

    setattr(_action_call_format, _MARK, True)
    RemoteAction._action_call_format = _action_call_format


def uninstall() -> None:
    RemoteAction._action_call_format = RASA_FORMAT


class _WithoutEvents:
    """The tracker as Rasa's request builder sees it, with events left out of ``current_state``."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self._tracker = tracker

    def current_state(self, event_verbosity: EventVerbosity = EventVerbosity.NONE) -> dict[str, Any]:
        return self._tracker.current_state(EventVerbosity.NONE)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tracker, name)
