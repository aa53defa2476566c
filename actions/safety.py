"""Crisis first, a human when wanted, and never a dead end.

Crisis answers come before anything else, from any point in a conversation:
an active help form is stopped so the next message is not a form question.
Every fallback carries phone numbers.
"""
from __future__ import annotations

import json

from rasa_sdk.events import ActiveLoop, SlotSet

from .base import VejviserAction
from .catalogue.hours import describe_status
from .catalogue.query import CatalogueDB, Need
from .replies import button, crisis_text, emergency_footer, main_contacts_text
from .understanding import current_municipality

# Danish labels for the clarifying buttons ("Mente du …?").
INTENT_LABELS = {
    "seek_help": "Finde et sted at få hjælp",
    "inform": "Fortælle om min situation",
    "ask_hours": "Åbningstider",
    "ask_open_now": "Er der åbent nu?",
    "ask_contact": "Adresse og telefon",
    "ask_unit_info": "Hvad er stedet?",
    "ask_anonymity": "Kan jeg være anonym?",
    "relative_help": "Hjælp som pårørende",
    "ask_rights": "Mine rettigheder",
    "ask_waiting_time": "Ventetid",
    "ask_cost": "Hvad koster det?",
    "ask_free_choice": "Frit valg",
    "ask_referral": "Skal jeg have henvisning?",
    "ask_bisidder": "Bisidder",
    "ask_first_talk": "Den første samtale",
    "ask_treatment_types": "Former for behandling",
    "ask_youth_rules": "Regler for unge",
    "ask_special_treatment": "Særlig behandling",
    "complain": "Klage",
    "ask_human": "Tale med et menneske",
    "ask_capabilities": "Hvad kan du hjælpe med?",
    "crisis_overdose": "Akut fare eller overdosis",
    "crisis_suicidal": "Selvmordstanker",
}
CLARIFY_MIN_CONFIDENCE = 0.15


class ActionCrisis(VejviserAction):
    def name(self) -> str:
        return "action_crisis"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        suicidal = tracker.get_intent_of_latest_message() == "crisis_suicidal"
        dispatcher.utter_message(text=crisis_text(db, suicidal))
        dispatcher.utter_message(text="Når du er klar, kan jeg hjælpe dig med at finde et sted at få hjælp.",
                                 buttons=[button("Find et sted", "seek_help"), button("Tal med et menneske", "ask_human")])
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionHuman(VejviserAction):
    """Phone numbers of real people, and whether they answer now."""

    def name(self) -> str:
        return "action_human"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        municipality = current_municipality(db, tracker)
        units = [db.contact_unit(municipality)] if municipality else db.main_contacts()
        if tracker.get_slot("audience") == "relative" and municipality:
            units = [m.unit for m in db.units_for(Need(municipality, for_relative=True)).matches] or units
        lines = ["Du er velkommen til at ringe og tale med en medarbejder:"]
        for unit in units:
            hours = unit.hours_of("phone") or unit.hours_of()
            status = describe_status(hours, moment) if hours else ""
            phone = unit.contact.phone_display or "ingen telefon i kilden"
            lines.append(f"{unit.name} ({unit.municipality}): {phone}. {status}".strip())
        lines.append(emergency_footer(db))
        dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionCapabilities(VejviserAction):
    def name(self) -> str:
        return "action_capabilities"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        names = [db.municipality_name(m) for m in db.municipality_ids()]
        dispatcher.utter_message(
            text=(f"Jeg kan hjælpe dig med at finde rusmiddelbehandling i {', '.join(names[:-1])} og {names[-1]}: "
                  "hvor du kan gå hen, hvornår der er åbent, om du kan være anonym, hvad du har ret til, og hvor pårørende kan få hjælp."),
            buttons=[button("Find et sted", "seek_help"), button("Jeg er pårørende", "relative_help"),
                     button("Åbningstider", "ask_hours"), button("Mine rettigheder", "ask_rights")])
        return []


class ActionFallback(VejviserAction):
    """When nothing fits: say so, and give phone numbers."""

    def name(self) -> str:
        return "action_fallback"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        municipality = current_municipality(db, tracker)
        dispatcher.utter_message(
            text=("Undskyld, det forstod jeg ikke helt. Prøv at skrive det på en anden måde – eller ring og tal med en medarbejder:\n"
                  f"{main_contacts_text(db, municipality)}\n{emergency_footer(db)}"),
            buttons=[button("Find et sted", "seek_help"), button("Jeg er pårørende", "relative_help"),
                     button("Start forfra", "restart")])
        return []


class ActionClarify(VejviserAction):
    """The NLU was unsure: offer the two best guesses as buttons, or fall back."""

    def name(self) -> str:
        return "action_clarify"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        ranking = [r for r in tracker.latest_message.get("intent_ranking", [])
                   if r.get("name") in INTENT_LABELS and r.get("confidence", 0) >= CLARIFY_MIN_CONFIDENCE]
        if len(ranking) < 2:
            return ActionFallback().answer(dispatcher, tracker, domain, db, moment)
        entities = {e["entity"]: e["value"] for e in tracker.latest_message.get("entities", []) if "value" in e}
        suffix = json.dumps(entities, ensure_ascii=False) if entities else ""
        buttons = [{"title": INTENT_LABELS[r["name"]], "payload": f"/{r['name']}{suffix}"} for r in ranking[:2]]
        buttons.append(button("Ingen af dem", "nlu_fallback"))
        dispatcher.utter_message(text="Jeg er ikke helt sikker på, hvad du mener. Mente du:", buttons=buttons)
        return []
