"""rasa_patches/tracker_copy.py: a copy made from the tracker's state equals Rasa's replayed copy."""

from __future__ import annotations

import random

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter
from stack import ROOT

from rasa_patches import tracker_copy

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def _story_trackers() -> list[DialogueStateTracker]:
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain.yml"), training_data_paths=[str(ROOT / "data"), str(ROOT / "tests" / "stories")]
    )
    generated = TrainingDataGenerator(importer.get_stories(), DOMAIN, augmentation_factor=0).generate_story_trackers()
    return [DialogueStateTracker.from_events(f"story-{i}", list(t.events), DOMAIN.slots) for i, t in enumerate(generated)]


def _odd_events(rng: random.Random, t: float) -> list:
    """Events that change the tracker's state in less common ways."""
    return rng.choice(
        [
            [ActionExecuted("action_listen", timestamp=t), UserUttered("hej", {"name": "greet", "confidence": 1.0}, timestamp=t + 0.1)],
            [ActiveLoop("help_form", timestamp=t), SlotSet("requested_slot", "age", timestamp=t + 0.1)],
            [LoopInterrupted(True, timestamp=t)],
            [ActionExecutionRejected("help_form", timestamp=t)],
            [ActiveLoop(None, timestamp=t)],
            [ConversationPaused(timestamp=t)],
            [ConversationResumed(timestamp=t)],
            [FollowupAction("action_unit_hours", timestamp=t)],
            [SlotSet("municipality", "kobenhavn", timestamp=t), SlotSet("age", "23", timestamp=t + 0.1)],
            [BotUttered("svar", timestamp=t)],
            [UserUtteranceReverted(timestamp=t)],
            [ActionReverted(timestamp=t)],
            [Restarted(timestamp=t)],
            [
                ActionExecuted("action_session_start", timestamp=t),
                SessionStarted(timestamp=t + 0.1),
                ActionExecuted("action_listen", timestamp=t + 0.2),
            ],
        ]
    )


def _trackers() -> list[DialogueStateTracker]:
    rng = random.Random(20261123)
    trackers = _story_trackers()
    for base in list(trackers):
        tracker = DialogueStateTracker.from_events(base.sender_id + "-odd", list(base.events), DOMAIN.slots)
        for n in range(6):
            tracker.update_with_events(_odd_events(rng, 10_000 + n), DOMAIN, override_timestamp=False)
            trackers.append(DialogueStateTracker.from_events(f"{tracker.sender_id}-{n}", list(tracker.events), DOMAIN.slots))
    return trackers


TRACKERS = _trackers()


def test_enough_kinds_of_trackers():
    assert len(TRACKERS) > 100
    assert any(t.active_loop for t in TRACKERS) and any(t.is_paused() for t in TRACKERS)
    assert any(t.followup_action not in (None, "action_listen") for t in TRACKERS)


@pytest.mark.parametrize("index", range(len(TRACKERS)))
def test_copy_equals_rasas_replayed_copy(index):
    tracker = TRACKERS[index]
    ours, rasas = tracker_copy.copy_from_state(tracker), tracker_copy.RASA_COPY(tracker)
    assert tracker_copy._snapshot(ours) == tracker_copy._snapshot(rasas)
    assert [a is b for a, b in zip(ours.events, rasas.events)] == [True] * len(rasas.events)


def test_changing_the_copy_leaves_the_original_alone():
    tracker = next(t for t in TRACKERS if t.active_loop)
    before = tracker_copy._snapshot(tracker)
    new = tracker_copy.copy_from_state(tracker)
    new.update_with_events(
        [
            SlotSet("municipality", "gladsaxe", timestamp=99_999),
            LoopInterrupted(True, timestamp=99_999),
            ActionExecuted("action_listen", timestamp=99_999),
        ],
        DOMAIN,
        override_timestamp=False,
    )
    new.slots["age"].value = "99"
    new.active_loop.rejected = True
    new.latest_action["action_name"] = "changed"
    assert tracker_copy._snapshot(tracker) == before


def test_installed():
    assert DialogueStateTracker.copy is tracker_copy.copy_tracker


def test_a_follow_up_action_cleared_by_the_processor_comes_back_as_in_rasas_copy():
    """Rasa's processor clears the follow-up action outside the events; its replayed copy has it again."""
    cleared = 0
    for tracker in TRACKERS:
        tracker = DialogueStateTracker.from_events(tracker.sender_id, list(tracker.events), DOMAIN.slots)
        if tracker.followup_action:
            tracker.clear_followup_action()
            cleared += 1
            assert tracker_copy._snapshot(tracker_copy.copy_from_state(tracker)) == tracker_copy._snapshot(tracker_copy.RASA_COPY(tracker))
    assert cleared > 20


def test_capped_history_uses_rasas_copy():
    tracker = DialogueStateTracker.from_events("capped", list(TRACKERS[0].events), DOMAIN.slots, max_event_history=3)
    assert tracker_copy._snapshot(tracker.copy()) == tracker_copy._snapshot(tracker_copy.RASA_COPY(tracker))
