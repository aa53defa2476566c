"""addons/action_payload.py: the action server gets Rasa's request with only this turn's events."""
from __future__ import annotations

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker

from addons import action_payload

from stack import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def tracker_mid_form() -> DialogueStateTracker:
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("jeg ryger hash", {"name": "seek_help", "confidence": 0.9}),
                  ActionExecuted("help_form"), ActiveLoop("help_form"), SlotSet("requested_slot", "municipality"),
                  BotUttered("Hvilken kommune bor du i?"), ActionExecuted("action_listen"),
                  UserUttered("kbh", {"name": "inform", "confidence": 0.9},
                              [{"entity": "place", "value": "kobenhavn", "start": 0, "end": 3}]),
                  SlotSet("municipality", "kobenhavn"), SlotSet("place", "kbh")]:
        tracker.update(event)
    return tracker


def both(tracker):
    action = RemoteAction("validate_help_form", None)
    action_payload.uninstall()
    try:
        rasa = action._action_call_format(tracker, DOMAIN)
    finally:
        action_payload.install()
    return rasa, action._action_call_format(tracker, DOMAIN)


def test_same_request_except_the_earlier_events():
    rasa, ours = both(tracker_mid_form())
    rasa_events, our_events = rasa["tracker"].pop("events"), ours["tracker"].pop("events")
    assert ours == rasa
    assert our_events == rasa_events[-3:]
    assert our_events[0]["event"] == "user" and our_events[0]["text"] == "kbh"
    assert not any(e.get("text") == "jeg ryger hash" for e in our_events)


def test_form_validation_sees_the_same_slots_to_validate():
    rasa, ours = both(tracker_mid_form())
    assert Tracker.from_dict(ours["tracker"]).slots_to_validate() == \
        Tracker.from_dict(rasa["tracker"]).slots_to_validate() == {"municipality": "kobenhavn", "place": "kbh"}


def test_before_any_message_all_events_are_sent():
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    rasa, ours = both(tracker)
    assert ours == rasa


def test_only_the_form_validation_gets_the_domain():
    """endpoints.yml enables selective domain; domain.yml marks the one action that reads it."""
    import yaml
    from rasa.utils.endpoints import EndpointConfig

    for endpoints in ("endpoints.yml", "endpoints.postgres.yml"):
        config = yaml.safe_load((ROOT / endpoints).read_text())["action_endpoint"]
        endpoint = EndpointConfig(url="http://127.0.0.1:5055/webhook", **{k: v for k, v in config.items() if k != "url"})
        tracker = tracker_mid_form()
        needs = {name: "domain" in RemoteAction(name, endpoint)._action_call_format(tracker, DOMAIN)
                 for name in DOMAIN.user_actions}
        assert needs.pop("validate_help_form") is True, endpoints
        assert needs and not any(needs.values()), endpoints
