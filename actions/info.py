"""Rights, rules and special needs per municipality - all read from the catalogue."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from .base import VejviserAction
from .catalogue.query import CatalogueDB
from .replies import button, complaint_text, municipality_buttons, source_line
from .understanding import current_municipality, latest_entity

# Which catalogue fact topic answers which question.
RIGHTS_TOPICS = {
    "ask_waiting_time": ("waiting_time", "immediate_start"),
    "ask_cost": ("cost",),
    "ask_free_choice": ("free_choice",),
    "ask_referral": ("referral",),
    "ask_bisidder": ("bisidder",),
    "ask_first_talk": ("first_talk",),
    "ask_treatment_types": ("treatment_types",),
    "ask_rights": ("referral", "waiting_time", "free_choice", "cost"),
}
# A special need -> the kind of help units offer, and the fact topics that explain it.
SPECIAL_NEEDS = {
    "substitution": ("substitution", ("substitution",)),
    "heroin_assisted": ("heroin_assisted", ("heroin_assisted",)),
    "pregnancy": ("pregnancy", ("pregnancy",)),
    "family": ("family", ("pregnancy",)),
    "dual_diagnosis": ("dual_diagnosis", ("psychiatric",)),
    "home": ("home", ("home",)),
    "outreach": ("outreach", ("home",)),
    "housing": ("housing", ("home",)),
    "intensive": ("intensive", ()),
    "residential": ("residential", ("treatment_types",)),
    "day": ("day", ("treatment_types",)),
}
RIGHTS_BUTTONS = [button("Ventetid", "ask_waiting_time"), button("Koster det noget?", "ask_cost"),
                  button("Første samtale", "ask_first_talk"), button("Bisidder", "ask_bisidder"),
                  button("Klage", "complain")]


def _ask_municipality(dispatcher, intent: str, lead: str, **entities) -> None:
    dispatcher.utter_message(text=f"{lead} Hvilken kommune drejer det sig om?", buttons=municipality_buttons(intent, **entities))


def _answer_from_facts(dispatcher, db: CatalogueDB, municipality: str, topics: tuple[str, ...], buttons: list[dict]) -> list[dict]:
    """The municipality's facts on `topics`, or 'not in the source', then the source and buttons."""
    texts = [t for t in (db.fact_text(municipality, topic) for topic in topics) if t]
    dispatcher.utter_message(text="\n\n".join(texts) if texts else _not_in_source(db, municipality))
    dispatcher.utter_message(text=source_line(db, municipality), buttons=buttons)
    return [SlotSet("municipality", municipality)]


def _not_in_source(db: CatalogueDB, municipality: str) -> str:
    contact = db.contact_unit(municipality)
    phone = f" på {contact.contact.phone_display}" if contact.contact.phone else ""
    return f"Det står ikke i {db.source_phrase(municipality)}. Ring og spørg {contact.name}{phone}."


class ActionRights(VejviserAction):
    """Waiting time, cost, free choice, referral, bisidder, first talk, kinds of treatment."""

    def name(self) -> str:
        return "action_rights"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        intent = tracker.get_intent_of_latest_message()
        topics = RIGHTS_TOPICS.get(intent, RIGHTS_TOPICS["ask_rights"])
        municipality = current_municipality(db, tracker)
        if municipality is None:
            _ask_municipality(dispatcher, intent if intent in RIGHTS_TOPICS else "ask_rights",
                              "Reglerne er lidt forskellige fra kommune til kommune.")
            return []
        return _answer_from_facts(dispatcher, db, municipality, topics, RIGHTS_BUTTONS)


class ActionAnonymity(VejviserAction):
    """Who offers anonymous help, how many talks, and what anonymous means."""

    def name(self) -> str:
        return "action_anonymity"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        municipality = current_municipality(db, tracker)
        if municipality is None:
            _ask_municipality(dispatcher, "ask_anonymity", "Ja, du kan få anonym hjælp i alle fire kommuner.")
            return []
        dispatcher.utter_message(text=db.fact_text(municipality, "anonymity") or _not_in_source(db, municipality))
        units = [u for u in db.units_with_help(municipality, "anonymous") if u.anonymous_talks]
        if units:
            dispatcher.utter_message(text="\n".join(
                f"{u.name}: {u.anonymous_talks}" + (f" – telefon {u.contact.phone_display}" if u.contact.phone else "") for u in units))
        dispatcher.utter_message(text=db.national_text("anonymity_meaning") + "\n" + source_line(db, municipality),
                                 buttons=[button("Find et sted", "seek_help"), button("Start forfra", "restart")])
        return [SlotSet("municipality", municipality)]


class ActionYouthRules(VejviserAction):
    """Each municipality's rules for young people and minors."""

    def name(self) -> str:
        return "action_youth_rules"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        municipality = current_municipality(db, tracker)
        if municipality is None:
            _ask_municipality(dispatcher, "ask_youth_rules", "Reglerne for unge er forskellige fra kommune til kommune.")
            return []
        return _answer_from_facts(dispatcher, db, municipality, ("youth", "parents"),
                                  [button("Find et sted", "seek_help"), button("Anonymt", "ask_anonymity")])


class ActionSpecialTreatment(VejviserAction):
    """Substitution, heroin-assisted, pregnancy, dual diagnosis, home and intensive treatment."""

    def name(self) -> str:
        return "action_special_treatment"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        need = latest_entity(tracker, "need") or tracker.get_slot("need")
        if need not in SPECIAL_NEEDS:
            dispatcher.utter_message(text="Hvad har du brug for at vide mere om?", buttons=[
                button("Metadon/substitution", "ask_special_treatment", need="substitution"),
                button("Heroinbehandling", "ask_special_treatment", need="heroin_assisted"),
                button("Gravid eller familie", "ask_special_treatment", need="pregnancy"),
                button("Psykisk sygdom", "ask_special_treatment", need="dual_diagnosis"),
                button("Behandling hjemme", "ask_special_treatment", need="home")])
            return []
        municipality = current_municipality(db, tracker)
        if municipality is None:
            _ask_municipality(dispatcher, "ask_special_treatment", "Det afhænger af, hvor du bor.", need=need)
            return [SlotSet("need", need)]
        help_kind, topics = SPECIAL_NEEDS[need]
        texts = [t for t in (db.fact_text(municipality, topic) for topic in topics) if t]
        units = db.units_with_help(municipality, help_kind)
        if texts:
            dispatcher.utter_message(text="\n\n".join(texts))
        if units:
            dispatcher.utter_message(text="\n".join(
                f"{u.name}" + (f" – telefon {u.contact.phone_display}" if u.contact.phone else "")
                + (f" ({u.contact.via_name})" if u.contact.via_name else "") for u in units[:5]))
        if not texts and not units:
            dispatcher.utter_message(text=_not_in_source(db, municipality))
        dispatcher.utter_message(text=source_line(db, municipality),
                                 buttons=[button("Find et sted", "seek_help"), button("Start forfra", "restart")])
        return [SlotSet("municipality", municipality), SlotSet("need", need)]


class ActionComplaints(VejviserAction):
    """Where to complain, by kind, with deadline and contact details."""

    def name(self) -> str:
        return "action_complaints"

    def answer(self, dispatcher, tracker, domain, db: CatalogueDB, moment) -> list[dict]:
        municipality = current_municipality(db, tracker)
        if municipality is None:
            _ask_municipality(dispatcher, "complain", "Du kan altid klage.")
            return []
        kind = latest_entity(tracker, "complaint_kind")
        complaints = db.complaints(municipality)
        chosen = [c for c in complaints if c.kind == kind] or complaints
        for c in chosen:
            dispatcher.utter_message(text=complaint_text(c))
        other = [c for c in complaints if c not in chosen]
        buttons = [button(f"Klage over {c.kind_label}", "complain", complaint_kind=c.kind) for c in other]
        dispatcher.utter_message(text=source_line(db, municipality), buttons=buttons or None)
        return [SlotSet("municipality", municipality)]
