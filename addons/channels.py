"""Vejviser's REST and socket.io channels: the stock Rasa channels behind a guard.

Every message passes through `guard` before Rasa sees it:
- invisible control characters are dropped and CPR numbers, phone numbers and
  e-mail addresses are replaced by markers, so they never reach the NLU, the
  tracker store or the logs (client-supplied metadata is dropped too);
- messages over 2,000 characters, or empty ones, get a friendly reply without
  touching the assistant;
- if the turn produces no reply at all - the action server is down, slow or
  failing - the person gets the main phone numbers and 112 instead of silence.
  The numbers are read from the built catalogue (var/catalogue.db) when the server
  starts; without it, the reply still says to call 112 in an emergency. How long Rasa
  waits for a hanging action server is rasa_patches/action_timeout.py's business.

What the guard says is in domain.yml's responses (utter_message_*, utter_service_down*),
read once at start-up. Malformed requests to the REST webhook get a 400 with a JSON
error naming the problem. Configured in credentials.yml.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

from .privacy import MAX_MESSAGE_CHARS, prepare

log = logging.getLogger("vejviser.channel")

_SENDER = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")


DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
GUARD_RESPONSES = (
    "utter_message_too_long",
    "utter_message_empty",
    "utter_service_down",
    "utter_service_down_contact",
    "utter_service_down_emergency",
    "utter_service_down_no_catalogue",
)


def guard_wording(domain_file: Path | None = None) -> dict[str, str]:
    """The guard's texts, from domain.yml's responses (where all of Rasa's wording lives).

    Read once at start-up. A missing file or response stops the server with an error
    naming it, rather than leaving the guard without words when it is needed most.
    """
    path = domain_file or Path(os.environ.get("VEJVISER_DOMAIN") or DOMAIN)
    try:
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
    except (OSError, yaml.YAMLError) as error:
        raise RuntimeError(f"the channel guard reads its texts from {path}, which cannot be read: {error}") from None
    missing = [name for name in GUARD_RESPONSES if not (responses.get(name) or [{}])[0].get("text")]
    if missing:
        raise RuntimeError(f"{path} has no text for {', '.join(missing)} (the channel guard's replies)")
    return {name: responses[name][0]["text"] for name in GUARD_RESPONSES}


def too_long_text(words: dict[str, str]) -> str:
    return words["utter_message_too_long"].format(max_chars=f"{MAX_MESSAGE_CHARS:,}".replace(",", "."))


def service_down_text(words: dict[str, str], catalogue_db: str | None = None) -> str:
    """Each municipality's first place to call, read once from the built catalogue, and 112.

    Read with sqlite3 directly, not through the action server's code: the Rasa server
    must start without actions/ - and must still say something when both are broken.
    """
    path = catalogue_db or os.environ.get("VEJVISER_DB") or str(Path(__file__).resolve().parent.parent / "var" / "catalogue.db")
    lines = []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT m.name, u.name, u.phone FROM municipalities m JOIN units u ON u.id = m.contact_unit_id ORDER BY m.rowid"
            ).fetchall()
            emergency = conn.execute("SELECT phone FROM crisis_contacts WHERE id = 'emergency'").fetchone()
        finally:
            conn.close()
        contact = words["utter_service_down_contact"]
        lines = [
            contact.format(municipality=muni, unit=unit, phone=_phone(phone)) if phone else f"{muni}: {unit}" for muni, unit, phone in rows
        ]
        if emergency:
            lines.append(words["utter_service_down_emergency"].format(phone=emergency[0]))
    except sqlite3.Error as error:
        log.error("service-down text without the catalogue (%s): %s", path, error)
    return "\n".join([words["utter_service_down"], *(lines or [words["utter_service_down_no_catalogue"]])])


def _phone(number: str) -> str:
    """'33178040' -> '33 17 80 40'; '70210220' -> '70 210 220' (as the catalogue prints them)."""
    if len(number) == 8 and number[:2] in ("70", "80"):
        return f"{number[:2]} {number[2:5]} {number[5:]}"
    return " ".join(number[i : i + 2] for i in range(0, len(number), 2)) if len(number) == 8 else number


class _CountingOutput(OutputChannel):
    """Passes replies through and counts them, so silence can be noticed."""

    def __init__(self, inner: OutputChannel):
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override] - the wrapped channel's name
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


class Guard:
    def __init__(self) -> None:
        self.words = guard_wording()
        self.too_long = too_long_text(self.words)
        self.fallback = service_down_text(self.words)

    def wrap(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[Any]]:
        async def guarded(message: UserMessage) -> None:
            text, too_long = prepare(message.text)
            output = _CountingOutput(message.output_channel)
            if too_long or not text:
                await output.send_response(message.sender_id, {"text": self.too_long if too_long else self.words["utter_message_empty"]})
                return
            clean = UserMessage(
                text, output, message.sender_id, input_channel=message.input_channel, message_id=message.message_id, metadata=None
            )
            try:
                await on_new_message(clean)
            except Exception:  # noqa: BLE001 - the person must still get an answer
                log.exception("turn failed for a conversation (message text not logged)")
            if output.sent == 0:
                log.warning("no reply produced (action server down or slow?); sent the phone-number fallback")
                await output.send_response(message.sender_id, {"text": self.fallback})

        return guarded


def _bad_request(problem: str) -> response.HTTPResponse:
    return response.json({"error": problem}, status=400)


class SafeRestInput(RestInput):
    """POST /webhooks/rest/webhook with {"sender": "...", "message": "..."}."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self.guard = Guard()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return None  # never store what a client chooses to send along

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(self.guard.wrap(on_new_message))

        @bp.middleware("request")
        async def validate(request: Request) -> response.HTTPResponse | None:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                body = request.json
            except Exception:  # noqa: BLE001 - Sanic raises its own parse errors
                return _bad_request("the body is not valid JSON")
            if not isinstance(body, dict):
                return _bad_request('expected a JSON object like {"sender": "...", "message": "..."}')
            sender, message = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not _SENDER.match(sender):
                return _bad_request('"sender" must be 1-128 letters, digits or _.:@-')
            if not isinstance(message, str):
                return _bad_request('"message" must be a string')
            if request.args.get("stream"):
                return _bad_request("streaming is not supported")
            return None

        return bp


class SafeSocketIOInput(SocketIOInput):
    """socket.io for web widgets; same guard as the REST channel."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = Guard()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(self.guard.wrap(on_new_message))
