"""rasa_patches/rule_lookup.py must find exactly the rules Rasa's RulePolicy finds."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.shared.core.constants import SHOULD_NOT_BE_SET
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from rasa_patches import rule_lookup

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def policy_and_states():
    """The trained RulePolicy, and the states it sees before every action of every story and rule."""
    from rasa.core.agent import Agent

    agent = Agent.load((ROOT / "var" / "current_model").read_text().strip())
    nodes = agent.processor.graph_runner._instantiated_nodes
    policy = next(node._component for node in nodes.values() if isinstance(node._component, RulePolicy))
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain.yml"), training_data_paths=[str(ROOT / "data"), str(ROOT / "tests" / "stories")]
    )
    graph = importer.get_stories()
    trackers = TrainingDataGenerator(graph, agent.domain, augmentation_factor=0).generate_story_trackers()
    rule_only_data = policy._get_rule_only_data()
    all_states = []
    for tracker in trackers:
        events = list(tracker.events)
        for i, event in enumerate(events):
            if isinstance(event, ActionExecuted) and i > 0:
                prefix = DialogueStateTracker.from_events("rules", events[:i], agent.domain.slots)
                for use_text in (False, True):
                    all_states.append(policy._prediction_states(prefix, agent.domain, use_text, rule_only_data=rule_only_data))
    return policy, all_states


def _both(policy: RulePolicy, states: list) -> list[tuple[set, set]]:
    return [
        (
            rule_lookup.RASA_GET_POSSIBLE_KEYS(policy, policy.lookup[kind], states),
            rule_lookup.get_possible_keys(policy, policy.lookup[kind], states),
        )
        for kind in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH)
    ]


def test_same_rules_at_every_step_of_the_stories_and_rules(policy_and_states):
    policy, all_states = policy_and_states
    assert len(all_states) > 150  # every rule (one per intent) and every step of the test stories
    found = 0
    for states in all_states:
        for rasa, ours in _both(policy, states):
            assert ours == rasa
            found += bool(rasa)
    assert found > 100  # the comparison is about real matches, not only empty sets


def test_same_rules_for_made_up_conversations(policy_and_states):
    """Longer conversations stitched from real states, some states altered."""
    policy, all_states = policy_and_states
    pool = [state for states in all_states for state in states]
    rng = random.Random(20261123)
    differs = 0
    for _ in range(1500):
        states = [dict(rng.choice(pool)) for _ in range(rng.randint(1, 12))]
        if rng.random() < 0.5:
            states[-1:] = rng.choice(all_states)[-rng.randint(1, 4) :]  # end like a real step
        for state in states:
            if rng.random() < 0.2:
                state.pop(rng.choice(list(state) or ["prev_action"]), None)
            if rng.random() < 0.2:
                # as in training data: no active loop, said explicitly
                state["active_loop"] = {"name": SHOULD_NOT_BE_SET}
        for rasa, ours in _both(policy, states):
            assert ours == rasa
        differs += _both(policy, states)[0][0] != _both(policy, states[-1:])[0][0]
    assert differs > 0  # earlier states mattered in some cases


def test_installed():
    assert RulePolicy._get_possible_keys is rule_lookup.get_possible_keys


def _as_json(state: dict) -> dict:
    return {kind: {key: list(value) if isinstance(value, tuple) else value for key, value in sub.items()} for kind, sub in state.items()}


def test_same_rules_for_made_up_rules(policy_and_states):
    """Kinds of rules the trained model lacks: conversation starts, action texts, 'should not be set'."""
    policy, all_states = policy_and_states
    pool = [state for states in all_states for state in states]
    rng = random.Random(7)
    lookup = {}
    for _ in range(300):
        rule = [_as_json(rng.choice(pool)) for _ in range(rng.randint(1, 4))]
        change = rng.random()
        if change < 0.2:
            rule[-1].pop("prev_action", None)  # the rule starts the conversation
        elif change < 0.3:
            rule[-1]["prev_action"] = {"action_text": "Hej!"}
        elif change < 0.4:
            rule[-1]["user"] = {"intent": SHOULD_NOT_BE_SET}
        elif change < 0.5:
            rule[-1]["prev_action"] = {**rule[-1].get("prev_action", {}), "action_text": "Hej!"}
        lookup[json.dumps(rule, sort_keys=True)] = "action_listen"
    lookup[json.dumps([])] = "action_listen"
    found = 0
    for _ in range(1500):
        states = [dict(rng.choice(pool)) for _ in range(rng.randint(1, 8))]
        change = rng.random()
        if change < 0.2:
            states[-1].pop("prev_action", None)
        elif change < 0.3:
            states[-1]["prev_action"] = {"action_text": "Hej!"}
        rasa = rule_lookup.RASA_GET_POSSIBLE_KEYS(policy, lookup, states)
        assert rule_lookup.get_possible_keys(policy, lookup, states) == rasa
        found += len(rasa) > 1
    assert found > 100
