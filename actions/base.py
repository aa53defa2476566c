"""What every Vejviser action shares: the catalogue, the clock, and a safety net.

If the catalogue cannot be read (missing or damaged database) an action still
answers: with the contacts remembered from when the server started, and 112.
No action ever leaves a person without a reply.
"""

from __future__ import annotations

import abc
import logging
import sqlite3
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from . import clock, replies
from .unit_catalogue.query import CatalogueDB, CatalogueUnavailable, shared

log = logging.getLogger(__name__)

# Filled at start-up (actions/server.py) from the catalogue, for when it breaks later.
LAST_KNOWN_CONTACTS = replies.EMERGENCY_ONLY


class VejviserAction(Action, metaclass=abc.ABCMeta):
    """Base class: subclasses implement `answer` instead of `run`."""

    @abc.abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        try:
            db = shared()
            return self.answer(dispatcher, tracker, domain, db, clock.now()) or []
        except (CatalogueUnavailable, sqlite3.DatabaseError) as error:
            log.error("catalogue unavailable in %s: %s", self.name(), error)
            dispatcher.utter_message(text=replies.catalogue_unavailable(LAST_KNOWN_CONTACTS))
            return []

    @abc.abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], db: CatalogueDB, moment) -> list[dict]:
        """Send the reply and return events; `moment` is now in Copenhagen."""
