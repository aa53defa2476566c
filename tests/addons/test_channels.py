"""The channel guard in front of Rasa: redaction, limits and never-silent turns."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from addons.channels import Guard, guard_wording


@pytest.fixture
def guard(built_db, monkeypatch):
    monkeypatch.setenv("VEJVISER_DB", str(built_db))
    return Guard()


def run_turn(guard: Guard, text, reply=None, fail=False):
    seen = []

    async def agent(message: UserMessage):
        seen.append(message)
        if fail:
            raise RuntimeError("action server down")
        if reply:
            await message.output_channel.send_response(message.sender_id, {"text": reply})

    out = CollectingOutputChannel()
    asyncio.run(guard.wrap(agent)(UserMessage(text, out, "abc", metadata={"cpr": "010190-1234"})))
    return seen, out.messages


def test_text_is_redacted_and_metadata_dropped_before_rasa(guard):
    seen, replies = run_turn(guard, "jeg hedder x, cpr 010190-1234, tlf 22334455", reply="ok")
    assert seen[0].text == "jeg hedder x, cpr [CPR-nummer fjernet], tlf [telefonnummer fjernet]"
    assert seen[0].metadata is None
    assert [r["text"] for r in replies] == ["ok"]


def test_too_long_and_empty_messages_get_a_friendly_reply_without_rasa(guard):
    seen, replies = run_turn(guard, "a" * 2001)
    assert seen == [] and replies[0]["text"].startswith("Din besked er for lang") and "2.000 tegn" in replies[0]["text"]
    seen, replies = run_turn(guard, " \x00 ")
    assert seen == [] and replies[0]["text"] == guard.words["utter_message_empty"] and "besked" in replies[0]["text"]


def test_the_guards_words_come_from_domain_yml_and_a_missing_one_is_named(tmp_path):
    assert guard_wording()["utter_service_down"].startswith("Undskyld")
    broken = tmp_path / "domain.yml"
    broken.write_text("responses:\n  utter_message_empty:\n    - text: hej\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="utter_message_too_long"):
        guard_wording(broken)
    with pytest.raises(RuntimeError, match="cannot be read"):
        guard_wording(tmp_path / "missing.yml")


@pytest.mark.parametrize("fail", [False, True])
def test_silence_becomes_phone_numbers(guard, fail):
    """Rasa logs and swallows a failing custom action; the person would see nothing."""
    _, replies = run_turn(guard, "hej", fail=fail)
    text = replies[0]["text"]
    assert "teknisk fejl" in text
    for phone in ("33 17 80 40", "39 57 39 00", "38 21 30 70", "36 37 70 00", "112"):
        assert phone in text
