"""rasa_patches/states_cache.py: continuing the last replay gives exactly the states Rasa computes from the start."""

from __future__ import annotations

import pytest
from rasa.shared.core import constants
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from stack import ROOT

from rasa_patches import states_cache
from rasa_patches.states_cache import RASA_APPLIED, RASA_STATES, cached_states

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
RULE_ONLY = {constants.RULE_ONLY_SLOTS: ["audience"], constants.RULE_ONLY_LOOPS: ["help_form"]}
WAYS = [  # (omit_unset_slots, ignore_rule_only_turns, rule_only_data), as the policies ask
    (False, False, None),
    (True, False, None),
    (False, True, RULE_ONLY),
    (False, True, None),
]


def user(text: str, intent: str, **entities: str) -> UserUttered:
    return UserUttered(
        text, {"name": intent, "confidence": 0.9}, [{"entity": k, "value": v, "start": 0, "end": 1} for k, v in entities.items()]
    )


def listen() -> ActionExecuted:
    return ActionExecuted("action_listen")


# A conversation with a form, a slot that influences the conversation, a rule-only
# turn, a followup action, a rewind, an undone action, a restart and a new session.
EVENTS = [
    ActionExecuted("action_session_start"),
    SessionStarted(),
    listen(),
    user("jeg har brug for hjælp", "seek_help"),
    ActionExecuted("help_form"),
    ActiveLoop("help_form"),
    SlotSet("requested_slot", "municipality"),
    listen(),
    user("kbh", "inform", place="kobenhavn"),
    SlotSet("municipality", "kobenhavn"),
    ActionExecuted("help_form"),
    SlotSet("requested_slot", "substance"),
    listen(),
    user("hvornår har de åbent", "ask_hours"),
    ActionExecuted("action_unit_hours", hide_rule_turn=True),
    BotUttered("åbent"),
    ActionExecuted("help_form"),
    listen(),
    user("hash", "inform", substance="cannabis"),
    SlotSet("substance", "cannabis"),
    ActionExecuted("help_form"),
    ActiveLoop(None),
    SlotSet("requested_slot", None),
    SlotSet("audience", "self"),
    ActionExecuted("action_recommend_units"),
    BotUttered("u-turn"),
    FollowupAction("action_listen"),
    listen(),
    user("asdfgh", "nlu_fallback"),
    ActionExecuted("action_default_fallback"),
    UserUtteranceReverted(),
    listen(),
    user("tak", "thank"),
    ActionExecuted("utter_thank"),
    ActionReverted(),
    ActionExecuted("utter_goodbye"),
    listen(),
    user("start forfra", "restart"),
    ActionExecuted("action_restart"),
    Restarted(),
    listen(),
    user("hej", "greet"),
    ActionExecuted("utter_greet"),
    listen(),
    ActionExecuted("action_session_start"),
    SessionStarted(),
    listen(),
    user("hvornår har nyropsgade åbent", "ask_hours", unit="Nyropsgade"),
    ActionExecuted("action_unit_hours"),
    listen(),
]


@pytest.fixture(autouse=True)
def empty_cache():
    states_cache.install()  # as in the server: cached_states also uses the memoised applied_events
    states_cache._replays.clear()
    yield
    states_cache._replays.clear()


@pytest.mark.parametrize("way", WAYS, ids=str)
def test_same_states_as_rasa_after_every_event(way):
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS:
        tracker.update(event)
        assert cached_states(DOMAIN, tracker, *way) == RASA_STATES(DOMAIN, tracker, *way)
    assert states_cache._replays  # it did keep replays


def test_it_continues_the_replay_instead_of_starting_over(monkeypatch):
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS[:20]:
        tracker.update(event)
    cached_states(DOMAIN, tracker)
    replay = next(iter(states_cache._replays.values()))
    tracker.update(user("tak", "thank"))
    cached_states(DOMAIN, tracker)
    assert next(iter(states_cache._replays.values())) is replay
    assert len(replay.applied) == len(tracker.applied_events())


def test_changing_the_returned_states_does_not_change_the_next_answer():
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS[:13]:
        tracker.update(event)
    first = cached_states(DOMAIN, tracker)
    for state in first:
        for sub in state.values():
            sub.clear()
    assert cached_states(DOMAIN, tracker) == RASA_STATES(DOMAIN, tracker)


def test_a_different_tracker_with_the_same_sender_is_computed_from_the_start():
    long, short = DialogueStateTracker("anna", DOMAIN.slots), DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS[:20]:
        long.update(event)
    for event in EVENTS[:8]:
        short.update(event)
    cached_states(DOMAIN, long)
    assert cached_states(DOMAIN, short) == RASA_STATES(DOMAIN, short)
    assert cached_states(DOMAIN, long) == RASA_STATES(DOMAIN, long)


def test_installed_by_the_addons_package():
    import addons  # noqa: F401 - installs the speed-ups

    assert Domain.states_for_tracker_history is not RASA_STATES
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS[:13]:
        tracker.update(event)
    assert tracker.past_states(DOMAIN) == RASA_STATES(DOMAIN, tracker)


def test_rule_only_data_is_compared_by_value_not_identity():
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS[:20]:
        tracker.update(event)
    cached_states(DOMAIN, tracker, False, True, dict(RULE_ONLY))
    replay = next(iter(states_cache._replays.values()))
    tracker.update(user("tak", "thank"))
    assert cached_states(DOMAIN, tracker, False, True, dict(RULE_ONLY)) == RASA_STATES(DOMAIN, tracker, False, True, RULE_ONLY)
    assert next(iter(states_cache._replays.values())) is replay  # an equal dict continues the replay
    other = {constants.RULE_ONLY_SLOTS: [], constants.RULE_ONLY_LOOPS: []}
    assert cached_states(DOMAIN, tracker, False, True, other) == RASA_STATES(DOMAIN, tracker, False, True, other)


def test_applied_events_after_every_event():
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in EVENTS:
        tracker.update(event)
        ours, rasa = states_cache.applied_events(tracker), RASA_APPLIED(tracker)
        assert len(ours) == len(rasa) and all(a is b for a, b in zip(ours, rasa))


def _random_event(rng):
    """Fresh event objects of every kind the fold in applied_events treats specially."""
    return rng.choice(
        [
            lambda: listen(),
            lambda: user("hej", "greet"),
            lambda: BotUttered("svar"),
            lambda: ActionExecuted("utter_greet"),
            lambda: ActionExecuted("help_form"),
            lambda: ActionExecuted("other_form"),
            lambda: ActiveLoop("help_form"),
            lambda: ActiveLoop("other_form"),
            lambda: ActiveLoop(None),
            lambda: SlotSet("audience", "self"),
            lambda: UserUtteranceReverted(),
            lambda: ActionReverted(),
            lambda: Restarted(),
            lambda: SessionStarted(),
            lambda: FollowupAction("utter_greet"),
        ]
    )()


@pytest.mark.parametrize("seed", range(25))
def test_random_conversations_give_rasas_applied_events_and_states(seed):
    import random

    rng = random.Random(seed)
    tracker = DialogueStateTracker(f"random-{seed}", DOMAIN.slots)
    for _ in range(120):
        tracker.update(_random_event(rng))
        ours, rasa = states_cache.applied_events(tracker), RASA_APPLIED(tracker)
        assert len(ours) == len(rasa) and all(a is b for a, b in zip(ours, rasa))
        way = rng.choice(WAYS)
        assert cached_states(DOMAIN, tracker, *way) == RASA_STATES(DOMAIN, tracker, *way)


def test_unused_replays_leave_memory(monkeypatch):
    for sender in ("a", "b"):
        tracker = DialogueStateTracker(sender, DOMAIN.slots)
        for event in EVENTS[:8]:
            tracker.update(event)
        cached_states(DOMAIN, tracker)
    assert len(states_cache._replays) == 2
    monkeypatch.setattr(states_cache, "IDLE_SECONDS", 0)  # everything used before this call is idle
    cached_states(DOMAIN, tracker)
    assert [key[0] for key in states_cache._replays] == ["b"]
    monkeypatch.setattr(states_cache, "CACHE_SIZE", 0)
    cached_states(DOMAIN, tracker)
    assert not states_cache._replays
