"""Find the rules that match a conversation without re-reading every rule at every state.

Before each prediction RulePolicy looks for the rules that match the end of the
conversation (``RulePolicy._get_possible_keys``). Rasa 3.6 walks back over the
*whole* conversation session, and at every state it checks every rule still in
play - decoding the rule's key, copying and reversing its list of states each
time - although a rule can only reject a state within its own length (at most
four states here) and every later check just says yes. At saturation that was
about 10 % of the Rasa server's CPU time (py-spy, docs/profiling.md).

Here each rule's states are decoded and reversed once per key (with lists
turned into tuples, as Rasa's comparison does), and the walk stops after the
longest rule still in play. For the newest state, the rules are also indexed
by the previous action and intent they require (built once per set of rule
keys), so only rules that can match it are checked; those checks, and all
further ones, are Rasa's own. The same set of rules comes out:
tests/rasa_patches/test_rule_lookup.py compares the two on every prediction state of the
stories and rules, on made-up states and on made-up rules.
"""

from __future__ import annotations

import json
from collections import OrderedDict, defaultdict
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.generator import State
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

from .patching import Patch

RASA_GET_POSSIBLE_KEYS = RulePolicy.__dict__["_get_possible_keys"]

# rule key -> the rule's states, newest first, list values as tuples (bounded by the rules a model has)
_REVERSED_STATES: dict[str, tuple[State, ...]] = {}


def _as_tuples(state: State) -> State:
    return {
        kind: {key: tuple(value) if isinstance(value, list) else value for key, value in sub_state.items()}
        for kind, sub_state in state.items()
    }


def reversed_rule_states(rule_key: str) -> tuple[State, ...]:
    states = _REVERSED_STATES.get(rule_key)
    if states is None:
        states = _REVERSED_STATES[rule_key] = tuple(_as_tuples(s) for s in reversed(json.loads(rule_key)))
    return states


def _matches(rule_state: State, conversation_state: State) -> bool:
    """``RulePolicy._does_rule_match_state`` with the rule's lists already tuples."""
    for state_type, rule_sub_state in rule_state.items():
        conversation_sub_state = conversation_state.get(state_type, {})
        for key, value_from_rules in rule_sub_state.items():
            value_from_conversation = conversation_sub_state.get(key)
            if value_from_rules == SHOULD_NOT_BE_SET:
                if value_from_conversation and value_from_conversation != SHOULD_NOT_BE_SET:
                    return False
            elif value_from_rules and value_from_conversation != value_from_rules:
                return False
    return True


def _applicable(rule_states: tuple[State, ...], turn_index: int, conversation_state: State) -> bool:
    """``RulePolicy._is_rule_applicable`` for a rule's reversed states."""
    if turn_index >= len(rule_states):
        return True
    current_previous_action = conversation_state.get(PREVIOUS_ACTION)
    rule_previous_action = rule_states[turn_index].get(PREVIOUS_ACTION)
    if not rule_previous_action and not current_previous_action:
        return True
    if not rule_previous_action or not current_previous_action:
        return False
    return _matches(rule_states[turn_index], conversation_state)


Rule = tuple[str, tuple[State, ...]]  # key, reversed states
_ANY = object()  # index slot: the rule's newest state names no intent


class _Index:
    """A lookup's rules grouped by what their newest state requires of the conversation's newest state."""

    def __init__(self, lookup: dict[str, str]) -> None:
        self.no_previous_action: list[Rule] = []  # conversation starts: match only a state without one
        self.by_action: dict[tuple[Any, Any], list[Rule]] = defaultdict(list)  # (action name, intent or _ANY)
        self.other: list[Rule] = []  # anything else: always checked
        for key in lookup:
            rule = (key, reversed_rule_states(key))
            newest = rule[1][0] if rule[1] else {}
            previous_action = newest.get(PREVIOUS_ACTION)
            intent = (newest.get(USER) or {}).get(INTENT) or _ANY
            if not rule[1]:
                self.other.append(rule)
            elif not previous_action:
                self.no_previous_action.append(rule)
            elif (
                set(previous_action) == {ACTION_NAME}
                and previous_action[ACTION_NAME]
                and previous_action[ACTION_NAME] != SHOULD_NOT_BE_SET
                and intent != SHOULD_NOT_BE_SET
            ):
                self.by_action[(previous_action[ACTION_NAME], intent)].append(rule)
            else:
                self.other.append(rule)

    def candidates(self, state: State) -> list[Rule]:
        """Every rule that can accept ``state`` as the conversation's newest state (and maybe some that can't).

        A rule whose newest state has a previous action rejects a state without
        one and vice versa; a required action name or intent must be equal.
        """
        previous_action = state.get(PREVIOUS_ACTION)
        if not previous_action:
            return self.no_previous_action + self.other
        name = previous_action.get(ACTION_NAME)
        intent = (state.get(USER) or {}).get(INTENT)
        return self.by_action.get((name, intent), []) + self.by_action.get((name, _ANY), []) + self.other


_INDEXES: OrderedDict[tuple[str, ...], _Index] = OrderedDict()  # by the exact keys of a lookup


def _index(lookup: dict[str, str]) -> _Index:
    keys = tuple(lookup)  # a lookup changed in training gets its own index
    index = _INDEXES.get(keys)
    if index is None:
        index = _INDEXES[keys] = _Index(lookup)
        while len(_INDEXES) > 8:
            _INDEXES.popitem(last=False)
    return index


def get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
    """Drop-in for ``RulePolicy._get_possible_keys``."""
    if not states:
        return set(lookup)
    candidates: list[Rule] | None = None
    for turn_index, state in enumerate(reversed(states)):
        if candidates is None:
            candidates = _index(lookup).candidates(state)
        elif turn_index >= max((len(rule_states) for _, rule_states in candidates), default=0):
            break  # every rule left is shorter: each further check would say yes
        candidates = [(key, rule_states) for key, rule_states in candidates if _applicable(rule_states, turn_index, state)]
    return {key for key, _ in candidates}


_patch = Patch(RulePolicy, _get_possible_keys=get_possible_keys)
install, uninstall = _patch.install, _patch.uninstall
