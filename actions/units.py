"""Questions about named units: opening hours, contact details, what a unit is."""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import VejviserAction
from .catalogue.query import CatalogueDB, UnitInfo, age_span
from .replies import (button, contact_lines, group_by_text, hours_block, municipality_buttons, source_line)
from .understanding import current_municipality, latest_entity, mentioned_units, need_from_slots, requested_day


def _units_or_ask(dispatcher: CollectingDispatcher, tracker: Tracker, db: CatalogueDB, intent: str) -> list[UnitInfo]:
    """The units the question is about; if unclear, ask with buttons and return []."""
    units = mentioned_units(db, tracker)
    named = latest_entity(tracker, "unit")
    if named and not units:
        historic = db.find_historic(named)
        if historic:
            now = [db.unit(uid) for uid in historic.now]
            text = f"{historic.name}: {historic.was}"
            text += (" I dag kan du bruge " + ", ".join(u.name for u in now) + "." if now
                     else " Stedet findes ikke i dag under det navn. Ring til en af de nuværende enheder og spørg.")
            dispatcher.utter_message(text=text, buttons=[button(u.name, intent, unit=u.name) for u in now])
            return []
        dispatcher.utter_message(text=f"Jeg kender ikke et sted, der hedder \"{named}\". Prøv at skrive navnet igen, eller vælg kommune.",
                                 buttons=municipality_buttons(intent))
        return []
    if units:
        return units
    municipality = current_municipality(db, tracker)
    if municipality:
        # No unit named: use the places that fit what the person has told us.
        return [m.unit for m in db.units_for(need_from_slots(db, tracker, municipality)).matches]
    dispatcher.utter_message(text="Hvilket sted tænker du på? Skriv navnet – eller vælg kommune, så finder jeg stederne.",
                             buttons=municipality_buttons(intent))
    return []


class ActionUnitHours(VejviserAction):
    """Opening/telephone hours: now, on a given day, or the whole week."""

    def name(self) -> str:
        return "action_unit_hours"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        intent = tracker.get_intent_of_latest_message()
        units = _units_or_ask(dispatcher, tracker, db, intent or "ask_hours")
        if not units:
            return []
        kind = "phone" if latest_entity(tracker, "hours_kind") == "phone" else None
        days = requested_day(tracker, moment)
        now_only = intent == "ask_open_now" and not days
        blocks = []
        for unit in units:
            if days:
                text = "\n".join(hours_block(db, unit, moment, day=d, kind=kind, with_phone=False).split("\n", 1)[1]
                                 for d in days)
            else:
                text = hours_block(db, unit, moment, kind=kind, now_only=now_only, with_phone=False).split("\n", 1)[1]
            blocks.append((unit, text))
        for block in group_by_text(blocks):
            dispatcher.utter_message(text=block)
        dispatcher.utter_message(text=source_line(db, units[0].municipality_id),
                                 buttons=[button("Adresse og telefon", "ask_contact", unit=units[0].name),
                                          button("Start forfra", "restart")])
        return [SlotSet("unit", units[0].name)] if len(units) == 1 else []


class ActionUnitContact(VejviserAction):
    """Address, phone and e-mail of a unit - or what to do when the source has none."""

    def name(self) -> str:
        return "action_unit_contact"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        units = _units_or_ask(dispatcher, tracker, db, "ask_contact")
        for unit in units:
            dispatcher.utter_message(text="\n".join([unit.name, *contact_lines(unit)]))
        if units:
            dispatcher.utter_message(text=source_line(db, units[0].municipality_id),
                                     buttons=[button("Åbningstider", "ask_hours", unit=units[0].name),
                                              button("Start forfra", "restart")])
        return [SlotSet("unit", units[0].name)] if len(units) == 1 else []


class ActionUnitInfo(VejviserAction):
    """'Hvad er Valmuen?': what the unit offers, for whom, and how to get there."""

    def name(self) -> str:
        return "action_unit_info"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        units = _units_or_ask(dispatcher, tracker, db, "ask_unit_info")
        for unit in units:
            lines = [f"{unit.name} ({unit.municipality})", unit.summary]
            if age_span(unit):
                lines.append(f"Alder: {age_span(unit)}.")
            lines += [f"Godt at vide: {c}" for c in unit.conditions]
            lines += contact_lines(unit)
            dispatcher.utter_message(text="\n".join(lines))
        if units:
            dispatcher.utter_message(text=source_line(db, units[0].municipality_id),
                                     buttons=[button("Åbningstider", "ask_hours", unit=units[0].name),
                                              button("Start forfra", "restart")])
        return [SlotSet("unit", units[0].name)] if len(units) == 1 else []

