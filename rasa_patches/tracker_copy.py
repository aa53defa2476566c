"""Copy a tracker from its current state instead of replaying the conversation.

Before running any action, Rasa 3.6 copies the tracker (``MessageProcessor._run_action``:
``tracker.copy()``), and ``copy`` builds a new tracker by replaying every event of the
conversation session into it. That grows with the conversation: at turns 300-500 of
one conversation it was 18 % of the Rasa server's time (py-spy, docs/profiling.md).

A tracker's state is what its events made of it, so the copy here takes that state
directly: the same event objects in a new deque, each slot copied with its value,
the pause flag, latest action, message and bot utterance and the active loop as
they are - mutable ones copied, so changing the copy never changes the original -
and the follow-up action as the replay would set it (the processor clears it
outside the events). Like Rasa's copy it starts from ``init_copy`` (model and
assistant ids are not carried over). Subclasses, trackers without a domain's
slots or with a capped history, and trackers whose last follow-up-relevant event
is an undo use Rasa's own copy.

``VEJVISER_TRACKER_CACHE_VERIFY=1`` (the test stack) also makes Rasa's copy and logs
``MISMATCH`` (addons/tracker_store.py) if the two differ.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import AnySlotDict, DialogueStateTracker, EventVerbosity

from addons.verify import MISMATCH, as_json, differing_fields, verify_mode

from .patching import Patch

logger = logging.getLogger(__name__)

RASA_COPY = DialogueStateTracker.__dict__["copy"]


_UNKNOWN = object()


def replayed_followup_action(tracker: DialogueStateTracker) -> Any:
    """The follow-up action a replay of the events leaves (``_UNKNOWN`` after an undo).

    The one piece of a tracker's state Rasa changes outside its events: the processor
    clears the follow-up action when it runs it, while a replay of the events brings
    it back until the action's ``ActionExecuted`` is logged.
    """
    for event in reversed(tracker.events):
        if isinstance(event, (ActionExecuted, UserUttered)):
            return None
        if isinstance(event, FollowupAction):
            return event.action_name
        if isinstance(event, Restarted):
            return ACTION_SESSION_START_NAME
        if isinstance(event, SessionStarted):
            return ACTION_LISTEN_NAME
        if isinstance(event, (UserUtteranceReverted, ActionReverted)):
            return _UNKNOWN  # the replay re-applies the events that were not undone
    return ACTION_LISTEN_NAME  # a new tracker's


def copy_from_state(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """What ``DialogueStateTracker.copy`` returns, without replaying the events."""
    followup_action = replayed_followup_action(tracker)
    if followup_action is _UNKNOWN:
        return RASA_COPY(tracker)
    new = tracker.init_copy()
    new.events = new._create_events(list(tracker.events))
    new.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    new._paused = tracker._paused
    new.followup_action = followup_action
    new.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    new.latest_message = tracker.latest_message
    new.latest_bot_utterance = tracker.latest_bot_utterance
    new.active_loop = copy.copy(tracker.active_loop)  # a dataclass (or None)
    return new


def _event(event: Event | None) -> dict[str, Any] | None:
    """An event's content; not its time, which for the empty events a new tracker starts with is 'now'."""
    return None if event is None else {k: v for k, v in event.as_dict().items() if k != "timestamp"}


def _snapshot(tracker: DialogueStateTracker) -> dict[str, Any]:
    state = tracker.current_state(EventVerbosity.ALL)
    state["slots_set"] = sorted(name for name, slot in tracker.slots.items() if slot.has_been_set)
    state["attributes"] = [
        tracker._paused,
        tracker.followup_action,
        tracker.model_id,
        tracker.assistant_id,
        len(tracker.events),
        tracker.events.maxlen,
        _event(tracker.latest_bot_utterance),
        _event(tracker.latest_message),
    ]
    return as_json(state)


_verify = False  # set by install() from VEJVISER_TRACKER_CACHE_VERIFY


def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
    """Drop-in for ``DialogueStateTracker.copy``."""
    if (
        type(self) is not DialogueStateTracker or isinstance(self.slots, AnySlotDict) or self.events.maxlen is not None
    ):  # a replay of a cut-off history forgets its start
        return RASA_COPY(self)
    new = copy_from_state(self)
    if _verify:
        expected = RASA_COPY(self)
        ours, rasas = _snapshot(new), _snapshot(expected)
        if ours != rasas:
            keys = differing_fields(ours, rasas)
            logger.error(
                f"{MISMATCH}: copy of conversation {self.sender_id!r}, fields {keys}: "
                f"{[(ours.get(k), rasas.get(k)) for k in keys if k != 'events']}"
            )
            return expected
    return new


_patch = Patch(DialogueStateTracker, copy=copy_tracker)
uninstall = _patch.uninstall


def install() -> None:
    global _verify
    _verify = verify_mode()
    _patch.install()
