"""rasa_patches/action_validation.py: the cached validator accepts and rejects exactly what Rasa's own check does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from own_code import rasas_own
from rasa.core.actions.action import RemoteAction

from rasa_patches import action_validation

GOOD = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "unit", "value": "kk-nyropsgade", "timestamp": None}],
        "responses": [{"text": "Åbent nu", "buttons": [{"title": "Start forfra", "payload": "/restart"}]}],
    },
    {"events": [{"event": "action_execution_rejected", "name": "x", "policy": None, "confidence": None}]},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "no event key"}]},
    {"responses": "text"},
]


def _check(result):
    try:
        RemoteAction("action_x", None)._validate_action_result(result)
        return "ok"
    except ValidationError as error:
        return error.message


@pytest.mark.parametrize("result", GOOD + BAD)
def test_same_verdict_and_message_as_rasa(result):
    action_validation.install()
    cached = _check(result)
    with rasas_own(action_validation):
        original = _check(result)
    assert cached == original
    assert (cached == "ok") == (result in GOOD)
