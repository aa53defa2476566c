"""Compute the dialogue states of a conversation once, not from its start at every prediction.

Before every prediction each policy asks for the tracker's past states
(``Domain.states_for_tracker_history``). Rasa 3.6 computes them by replaying
every event of the conversation session into a fresh tracker and describing
the state before each action, although MemoizationPolicy then keeps only the
last four. A turn makes several predictions with two policies, so the work
grows with the length of the conversation: at turns 100-200 of one
conversation it was 42 % of the Rasa server's time (py-spy, docs/profiling.md).

The states before an action depend only on the events before it. So for each
conversation (and each way of asking: rule-only turns hidden or not, unset
slots omitted or not) this keeps where the replay stopped - the replayed
tracker, the states so far and the loop's two variables - and the next call
continues from there if the conversation's applied events still begin with
the very same event objects. Anything else (a rewind, an undo, another
tracker, a reload from the database, training trackers) is computed from the
start exactly as Rasa does. The last state (the tracker as it is now) is
always computed afresh, and callers get copies they may change.

``_step`` is Rasa's loop body from ``Domain.states_for_tracker_history``.
``VEJVISER_TRACKER_CACHE_VERIFY=1`` (the test stack) also runs Rasa's own
function on every call and logs ``MISMATCH`` if the results differ.
tests/rasa_patches/test_states_cache.py compares both on conversations with forms, rules,
rewinds and new sessions.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core import constants
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, ActionReverted, ActiveLoop, Event, Restarted, SessionStarted, UserUtteranceReverted
from rasa.shared.core.trackers import DialogueStateTracker

from addons.verify import verify_mode

logger = logging.getLogger(__name__)

MISMATCH = "STATES CACHE MISMATCH"
RASA_STATES = Domain.__dict__["states_for_tracker_history"]  # Rasa's own, for uninstall() and the tests
RASA_APPLIED = DialogueStateTracker.__dict__["applied_events"]
_MARK = "_vejviser_states_cache"
_APPLIED = "_vejviser_applied"  # attribute on a tracker: its applied events when it had `count` events
# Replays kept: three per conversation the tracker store keeps (addons/tracker_store.py),
# and like it, none longer than 15 minutes unused (they hold what people wrote).
CACHE_SIZE = 3 * 256
IDLE_SECONDS = 900


@dataclass
class _Replay:
    domain: Domain
    rule_only_data: dict[str, Any] | None
    tracker: DialogueStateTracker  # the events replayed so far
    applied: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    last_ml_action_sub_state: dict[str, Any] | None = None
    turn_was_hidden: bool = False
    used_at: float = 0.0


_replays: OrderedDict[tuple, _Replay] = OrderedDict()


def _step(
    replay: _Replay,
    tr: DialogueStateTracker,
    hide_rule_turn: bool,
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    states: list[State],
) -> None:
    """One iteration of Rasa's loop in ``states_for_tracker_history`` (tr: the tracker before an action)."""
    domain = replay.domain
    if ignore_rule_only_turns:
        if not replay.turn_was_hidden:
            replay.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
        if not tr.followup_action and tr.latest_action_name != tr.active_loop_name:
            replay.turn_was_hidden = hide_rule_turn
        if replay.turn_was_hidden:
            return
    state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, replay.rule_only_data)
        if states:
            domain._substitute_rule_only_user_input(state, states[-1])
        if replay.last_ml_action_sub_state:
            state[constants.PREVIOUS_ACTION] = replay.last_ml_action_sub_state
    states.append(domain._clean_state(state))


def _continues(replay: _Replay, applied: list[Event]) -> bool:
    done = replay.applied
    return len(done) <= len(applied) and all(a is b for a, b in zip(done, applied))


def _copy(states: list[State]) -> list[State]:
    return [{kind: dict(sub) for kind, sub in state.items()} for state in states]


def cached_states(
    domain: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """What ``Domain.states_for_tracker_history`` returns, continuing the last replay when possible."""
    if type(tracker) is not DialogueStateTracker or tracker.is_rule_tracker:
        return RASA_STATES(domain, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    if not ignore_rule_only_turns:
        rule_only_data = None  # only read when rule-only turns are hidden; policies pass a new dict each time
    key = (tracker.sender_id, id(domain), omit_unset_slots, ignore_rule_only_turns)
    applied = tracker.applied_events()
    replay = _replays.pop(key, None)
    if replay is None or replay.domain is not domain or replay.rule_only_data != rule_only_data or not _continues(replay, applied):
        replay = _Replay(domain, rule_only_data, tracker.init_copy())
    for event in applied[len(replay.applied) :]:
        if isinstance(event, ActionExecuted):
            _step(replay, replay.tracker, event.hide_rule_turn, omit_unset_slots, ignore_rule_only_turns, replay.states)
        replay.tracker.update(event)
    replay.applied = applied
    replay.used_at = time.monotonic()
    _replays[key] = replay
    while _replays and (len(_replays) > CACHE_SIZE or replay.used_at - next(iter(_replays.values())).used_at > IDLE_SECONDS):
        _replays.popitem(last=False)
    # The state of the tracker as it is now: Rasa's final `yield tracker, False`.
    # Not kept: with the next event it becomes the state before that event.
    now = _Replay(
        domain,
        rule_only_data,
        replay.tracker,
        states=list(replay.states),
        last_ml_action_sub_state=replay.last_ml_action_sub_state,
        turn_was_hidden=replay.turn_was_hidden,
    )
    _step(now, replay.tracker, False, omit_unset_slots, ignore_rule_only_turns, now.states)
    return _copy(now.states)


@dataclass(frozen=True)
class _Applied:
    events_deque: Any  # the tracker's `events` object it was computed for
    count: int
    loop_names: frozenset
    applied: list[Event]


# Events after which Rasa's fold in `applied_events` does more than append.
_REWRITING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)


def applied_events(tracker: DialogueStateTracker) -> list[Event]:
    """``DialogueStateTracker.applied_events``, continuing from the tracker's previous answer.

    Rasa's version folds over every event each time it is asked - several times
    per prediction. A tracker's events only ever get appended, and most new
    events are simply appended to the applied ones too; for anything else
    (restart, new session, an undo or rewind, a loop's action, a new loop) this
    calls Rasa's own function.
    """
    events = tracker.events
    memo: _Applied | None = tracker.__dict__.get(_APPLIED)
    if (
        type(tracker) is DialogueStateTracker
        and events.maxlen is None
        and memo is not None
        and memo.events_deque is events
        and memo.count <= len(events)
    ):
        new = [events[i] for i in range(memo.count, len(events))]
        if not any(
            isinstance(e, _REWRITING)
            or (isinstance(e, ActiveLoop) and e.name and e.name not in memo.loop_names)
            or (isinstance(e, ActionExecuted) and e.action_name in memo.loop_names)
            for e in new
        ):
            if new:
                memo = _Applied(events, len(events), memo.loop_names, memo.applied + new)
                tracker.__dict__[_APPLIED] = memo
            return list(memo.applied)
    applied = RASA_APPLIED(tracker)
    if type(tracker) is DialogueStateTracker and events.maxlen is None:
        loop_names = frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)
        tracker.__dict__[_APPLIED] = _Applied(events, len(events), loop_names, list(applied))
    return applied


def install() -> None:
    """Replace Domain.states_for_tracker_history (idempotent)."""
    if getattr(Domain.states_for_tracker_history, _MARK, False):
        return
    verify = verify_mode()

    def states_for_tracker_history(
        self: Domain,
        tracker: DialogueStateTracker,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        states = cached_states(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        if verify:
            expected = RASA_STATES(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
            if states != expected:
                logger.error(f"{MISMATCH}: conversation {tracker.sender_id!r}, {len(states)} states, expected {len(expected)}")
                return expected
        return states

    def checked_applied_events(self: DialogueStateTracker) -> list[Event]:
        applied = applied_events(self)
        if verify:
            expected = RASA_APPLIED(self)
            if len(applied) != len(expected) or any(a is not b for a, b in zip(applied, expected)):
                logger.error(f"{MISMATCH}: applied events of {self.sender_id!r}")
                return expected
        return applied

    setattr(states_for_tracker_history, _MARK, True)
    Domain.states_for_tracker_history = states_for_tracker_history
    DialogueStateTracker.applied_events = checked_applied_events


def uninstall() -> None:
    Domain.states_for_tracker_history = RASA_STATES
    DialogueStateTracker.applied_events = RASA_APPLIED
    _replays.clear()
