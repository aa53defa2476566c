"""rasa_patches/action_payload.py: the action server gets Rasa's request with only this turn's events."""

from __future__ import annotations

from own_code import rasas_own
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from stack import ROOT

from rasa_patches import action_payload

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def tracker_mid_conversation() -> DialogueStateTracker:
    """The bot asked where the person lives; the answer comes in."""
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    for event in [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("jeg ryger hash", {"name": "seek_help", "confidence": 0.9}),
        ActionExecuted("action_respond"),
        SlotSet("substance", "cannabis"),
        SlotSet("asked", "municipality"),
        BotUttered("Hvilken kommune bor du i?"),
        ActionExecuted("action_listen"),
        UserUttered("kbh", {"name": "inform", "confidence": 0.9}, [{"entity": "place", "value": "kobenhavn", "start": 0, "end": 3}]),
    ]:
        tracker.update(event)
    return tracker


def both(tracker):
    action = RemoteAction("action_respond", None)
    with rasas_own(action_payload):
        rasa = action._action_call_format(tracker, DOMAIN)
    return rasa, action._action_call_format(tracker, DOMAIN)


def test_same_request_except_the_earlier_events():
    rasa, ours = both(tracker_mid_conversation())
    rasa_events, our_events = rasa["tracker"].pop("events"), ours["tracker"].pop("events")
    assert ours == rasa
    assert our_events == rasa_events[-1:]
    assert our_events[0]["event"] == "user" and our_events[0]["text"] == "kbh"
    assert not any(e.get("text") == "jeg ryger hash" for e in our_events)


def test_the_action_sees_the_same_slots_and_message():
    rasa, ours = both(tracker_mid_conversation())
    mine, theirs = Tracker.from_dict(ours["tracker"]), Tracker.from_dict(rasa["tracker"])
    assert mine.current_slot_values() == theirs.current_slot_values()
    assert mine.get_slot("asked") == "municipality" and mine.latest_message["text"] == "kbh"


def test_before_any_message_all_events_are_sent():
    tracker = DialogueStateTracker("anna", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    rasa, ours = both(tracker)
    assert ours == rasa


def test_no_action_gets_the_domain():
    """endpoints.yml enables selective domain and no action in domain.yml asks for it: the actions read
    everything they say from the catalogue, so the whole domain is not built and sent every turn."""
    import yaml
    from rasa.utils.endpoints import EndpointConfig

    for endpoints in ("endpoints.yml", "endpoints.postgres.yml"):
        config = yaml.safe_load((ROOT / endpoints).read_text())["action_endpoint"]
        endpoint = EndpointConfig(url="http://127.0.0.1:5055/webhook", **{k: v for k, v in config.items() if k != "url"})
        tracker = tracker_mid_conversation()
        needs = {name: "domain" in RemoteAction(name, endpoint)._action_call_format(tracker, DOMAIN) for name in DOMAIN.user_actions}
        assert needs and not any(needs.values()), endpoints
