"""Finding help: the help form, the recommendation, and help for relatives."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from .base import VejviserAction
from .catalogue.query import CatalogueDB, Need, shared
from .replies import (NEXT_STEP_BUTTONS, button, emergency_footer, municipality_buttons, source_line, unit_card)
from .understanding import (OUTSIDE, UNKNOWN, canonical_substance, current_municipality, need_from_slots, parse_age,
                            resolve_residence)

YOUNG_RELATIONS = {"son", "daughter", "child"}


class ValidateHelpForm(FormValidationAction):
    """Normalises what the person says while the help form asks its questions."""

    def name(self) -> str:
        return "validate_help_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        # Someone outside our four municipalities needs no more questions.
        if tracker.get_slot("municipality") == OUTSIDE:
            return ["municipality"]
        return domain_slots

    def validate_municipality(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        residence = resolve_residence(shared(), str(value) if value else None)
        if residence is None:
            dispatcher.utter_message(text=f"Den kommune kender jeg ikke. Vælg en af knapperne, eller skriv kommunens navn.")
            return {"municipality": None}
        if residence.municipality_id:
            if residence.note:
                dispatcher.utter_message(text=residence.note)
            return {"municipality": residence.municipality_id, "outside_municipality": None}
        return {"municipality": OUTSIDE, "outside_municipality": residence.outside or None}

    def validate_substance(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        substance = canonical_substance(value)
        if substance:
            return {"substance": substance}
        if value == UNKNOWN:
            return {"substance": UNKNOWN}
        dispatcher.utter_message(text="Det kender jeg ikke. Tryk på en af knapperne – eller vælg 'Andet / vil ikke sige'.")
        return {"substance": None}

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        if value == UNKNOWN:
            return {"age": UNKNOWN}
        age = parse_age(value)
        if age is None:
            dispatcher.utter_message(text="Det forstod jeg ikke. Skriv din alder med tal, fx 19 – eller tryk 'Vil ikke sige'.")
            return {"age": None}
        return {"age": str(age)}

    def validate_wants_anonymous(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return {"wants_anonymous": bool(value)}


class ActionRecommendUnits(VejviserAction):
    """The answer to 'where can I get help': fitting units, why, where, and whether open now."""

    def name(self) -> str:
        return "action_recommend_units"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        events = [SlotSet("audience", "self")]
        if tracker.get_slot("municipality") == OUTSIDE:
            outside = tracker.get_slot("outside_municipality")
            intro = f"Du skriver, at du bor i {outside}. " if outside else ""
            dispatcher.utter_message(text=intro + db.national_text("outside_coverage") + "\n" + emergency_footer(db),
                                     buttons=municipality_buttons("inform"))
            return events
        municipality = current_municipality(db, tracker)
        if municipality is None:
            dispatcher.utter_message(response="utter_ask_municipality")
            return events
        recommendation = db.units_for(need_from_slots(db, tracker, municipality))
        matches = recommendation.matches
        name = db.municipality_name(municipality)
        intro = (f"Her er {'det sted' if len(matches) == 1 else 'de steder'} i {name}, der passer bedst til det, du har fortalt:")
        dispatcher.utter_message(text=intro)
        for match in matches:
            card = unit_card(match, moment)
            if match.unit.conditions:
                card += "\nGodt at vide: " + " ".join(match.unit.conditions)
            dispatcher.utter_message(text=card)
        for note in recommendation.notes:
            dispatcher.utter_message(text=note)
        dispatcher.utter_message(text=f"{source_line(db, municipality)} Du er velkommen til at ringe eller bare møde op.",
                                 buttons=NEXT_STEP_BUTTONS)
        # A later "hvornår har de åbent?" is about these units, not one asked about earlier.
        return events + [SlotSet("recommended", [m.unit.id for m in matches]), SlotSet("municipality", municipality),
                         SlotSet("unit", None)]


class ActionRelativeHelp(VejviserAction):
    """Help for the relative themself, and where the person using could go."""

    def name(self) -> str:
        return "action_relative_help"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        municipality = current_municipality(db, tracker)
        events = [SlotSet("audience", "relative")]
        if municipality is None:
            residence = resolve_residence(db, tracker.get_slot("municipality"))
            if residence and residence.municipality_id is None:
                dispatcher.utter_message(text=db.national_text("outside_coverage"), buttons=municipality_buttons("relative_help"))
                return events
            dispatcher.utter_message(text="Det er godt, at du søger hjælp – også til dig selv. Hvilken kommune drejer det sig om?",
                                     buttons=municipality_buttons("relative_help"))
            return events
        own = db.fact_text(municipality, "relatives")
        dispatcher.utter_message(text="Som pårørende kan du selv få støtte. " + (own or ""))
        for match in db.units_for(Need(municipality, for_relative=True)).matches:
            if "relatives" in match.unit.help or match.unit.for_relatives:
                dispatcher.utter_message(text=unit_card(match, moment))
        relation = tracker.get_slot("relation")
        age = parse_age(tracker.get_slot("age"))
        if relation in YOUNG_RELATIONS or (age is not None and age < 25):
            # Counselling for parents is addressed to the relative; the age rules
            # are written to the young person ("Er du under 18 ...") and stay
            # behind the "Regler for unge" button.
            parents = db.fact_text(municipality, "parents")
            if parents:
                dispatcher.utter_message(text=parents)
        entry = db.units_for(Need(municipality, substance=canonical_substance(tracker.get_slot("substance")), age=age))
        places = "; ".join(f"{m.unit.name} ({m.unit.contact.phone_display})" if m.unit.contact.phone else m.unit.name
                           for m in entry.matches[:2])
        dispatcher.utter_message(
            text=f"Den, du er bekymret for, kan selv henvende sig – fx {places}.\n{source_line(db, municipality)}",
            buttons=[button("Regler for unge", "ask_youth_rules"), button("Kan man være anonym?", "ask_anonymity"),
                     button("Start forfra", "restart")])
        return events + [SlotSet("municipality", municipality)]
