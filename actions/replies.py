"""How the assistant says things: all of Vejviser's Danish wording built from catalogue records.

The one home for what the action server says: unit cards, hours and days, why a
unit fits (`Reason`) and what to know about an answer (`Note`), rights, crisis and
fallback texts. The query layer and the hours engine return records only; the
Rasa server's own few texts (the channel guard's) are responses in domain.yml;
the catalogue's facts and labels (catalogue/*.yml) are quoted, not rewritten.
tests/test_one_home.py keeps Danish prose out of the code that builds replies.

Its English twin is actions/replies_en.py, with the same public names and
signatures (tests/actions/test_wording.py); the choices behind the words that do
not depend on the language (which contact lines a card has, no number twice, how
a week folds, button payloads, the "8.00" time form) are made once in
actions/reply_logic.py for both.

Kept apart from the conversation logic so the wording can be read and changed
in one place. Plain, warm, short; no document jargon in the answer, the source
as one short last line. A unit card is one message: the name on the first
line, then "Passer til dig:", "Adresse:", "Telefon:", "E-mail:" and today's
hours. Those line prefixes are a contract with the web widget, which shows the
name in bold and turns addresses, phone numbers and e-mails into links. No
phone number is printed twice in one answer: a unit reached through another
one shown in the same answer says so instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from .clock import COPENHAGEN
from .reply_logic import (  # noqa: F401  (payload, button, clock, span, CLARIFY_MIN_CONFIDENCE: the same in both languages)
    CLARIFY_MIN_CONFIDENCE,
    OTHER_MUNICIPALITY_VALUE,
    button,
    clock,
    clock_at,
    contact_plan,
    days_ahead,
    first_opening_after,
    group_phone_plan,
    grouped_by_text,
    is_weekend,
    offers_other_municipality,
    one_per_phone,
    opening_span,
    payload,
    reachable,
    same_every_day_all_year,
    source_facts,
    span,
    unique,
    week_runs,
)
from .unit_catalogue.hours import holiday_name, next_opening, status_at
from .unit_catalogue.model import HoursSet, Interval
from .unit_catalogue.query import CatalogueDB, ComplaintInfo, HistoricMatch, Match, Note, Reason, UnitInfo, format_phone  # noqa: F401


def municipality_buttons(db: CatalogueDB, intent: str, **entities: str) -> list[dict]:
    """One button per municipality (named as the catalogue names it) that repeats the question with the place."""
    names = [db.municipality_name(m) for m in db.municipality_ids()]
    buttons = [button(name, intent, place=name, **entities) for name in names]
    if offers_other_municipality(intent):
        buttons.append(button("En anden kommune", intent, place=OTHER_MUNICIPALITY_VALUE, **entities))
    return buttons


def complaint_button(c: ComplaintInfo) -> dict:
    """A button that asks about another kind of complaint."""
    return button(f"Klage over {c.kind_label}", "complain", complaint_kind=c.kind)


NONE_OF_THEM_BUTTON = button("Ingen af dem", "nlu_fallback")
NEXT_STEP_BUTTONS = [
    button("Åbningstider", "ask_hours"),
    button("Anonymt", "ask_anonymity"),
    button("Pårørende", "relative_help"),
    button("Rettigheder", "ask_rights"),
    button("Start forfra", "restart"),
]
RELATIVE_BUTTONS = [
    button("Hvornår kan jeg ringe?", "ask_hours"),
    button("Regler for unge", "ask_youth_rules"),
    button("Kan man være anonym?", "ask_anonymity"),
    button("Start forfra", "restart"),
]
RIGHTS_BUTTONS = [
    button("Ventetid", "ask_waiting_time"),
    button("Koster det noget?", "ask_cost"),
    button("Første samtale", "ask_first_talk"),
    button("Bisidder", "ask_bisidder"),
    button("Klage", "complain"),
]
START_BUTTONS = [
    button("Find et sted", "seek_help"),
    button("Jeg er pårørende", "relative_help"),
    button("Åbningstider", "ask_hours"),
    button("Mine rettigheder", "ask_rights"),
]
FALLBACK_BUTTONS = [button("Find et sted", "seek_help"), button("Jeg er pårørende", "relative_help"), button("Start forfra", "restart")]
CRISIS_BUTTONS = [button("Find et sted", "seek_help"), button("Tal med et menneske", "ask_human")]
SPECIAL_BUTTONS = [
    button("Metadon/substitution", "ask_special_treatment", need="substitution"),
    button("Heroinbehandling", "ask_special_treatment", need="heroin_assisted"),
    button("Gravid eller familie", "ask_special_treatment", need="pregnancy"),
    button("Psykisk sygdom", "ask_special_treatment", need="dual_diagnosis"),
    button("Behandling hjemme", "ask_special_treatment", need="home"),
]

WELCOME = "Du er velkommen til at ringe eller bare møde op."
HELP_LEAD_UNKNOWN_PLACE = "Godt, at du skriver – jeg finder det rigtige sted til dig. Hvilken kommune bor du i?"
HELP_LEAD_UNKNOWN_PLACE_YOUNG = "Godt, at du skriver – der er hjælp til unge, og du kan starte med en snak. Hvilken kommune bor du i?"
RELATIVE_ASK_PLACE = "Det er godt, at du søger hjælp – også til dig selv. Hvilken kommune bor den, du er bekymret for, i?"
RELATIVE_LEAD = "Det er godt, at du søger hjælp. Som pårørende kan du selv få støtte:"
LANGUAGES_NOT_KNOWN = "Vi ved ikke, hvilke sprog personalet taler – ring og spørg:"
WHICH_UNIT = "Der er flere steder, der hedder sådan. Hvilket af dem tænker du på?"
WHICH_PLACE = "Hvilket sted tænker du på? Skriv navnet – eller vælg kommune, så finder jeg stederne."
ADULT_DECIDES = "Når du er fyldt 18, bestemmer du selv, om dine forældre skal vide noget."
ANONYMOUS_LEAD = "Ja, du kan få anonym hjælp – uden navn og CPR-nummer:"
ANONYMOUS_ASK_PLACE = "Hvilken kommune bor du i? Så finder jeg stederne dér."
YOUTH_ASK_PLACE = "Vælg din kommune, så fortæller jeg præcis, hvad der gælder der."
SPECIAL_ASK = "Hvad har du brug for at vide mere om?"
SPECIAL_ASK_PLACE = "Det afhænger af, hvor du bor. Hvilken kommune bor du i?"
COMPLAINT_ASK_PLACE = "Vælg kommunen, så får du adresser og frister."
CRISIS_AGAIN = "Jeg er her stadig, og det er godt, at du skriver."
CRISIS_AFTER = "Når du er klar, kan jeg hjælpe dig med at finde et sted at få hjælp."
CLARIFY = "Jeg er ikke helt sikker på, hvad du mener. Mente du:"
INTENT_LABELS = {
    "seek_help": "Finde et sted at få hjælp",
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


# --- days, times and opening hours ------------------------------------------------

WEEKDAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december")

# How each kind of hours is said when open / closed.
_STATE_WORDS = {
    "open": ("Åbent nu", "Lukket nu"),
    "phone": ("Telefonen er åben nu", "Telefonen er lukket nu"),
    "counselling": ("Rådgivningen er åben nu", "Rådgivningen er lukket nu"),
    "treatment": ("Åbent for behandling nu", "Lukket for behandling nu"),
}


def kind_title(hours: HoursSet) -> str:
    """'Telefontider', 'Rådgivningen er åben': the catalogue's label for the kind of hours, as a heading."""
    label = hours.title or hours.kind
    return label[:1].upper() + label[1:]


KIND_LOWER = {
    "open": "deres åbningstider",
    "phone": "deres telefontider",
    "counselling": "rådgivningens åbningstider",
    "treatment": "deres åbningstider",
}


def spans(intervals: tuple[Interval, ...]) -> str:
    return " og ".join(span(iv) for iv in intervals) if intervals else "lukket"


def when(target: datetime, moment: datetime, with_date: bool = False) -> str:
    """'i dag', 'i morgen', 'mandag', or 'mandag d. 6. april' for later dates (or on request)."""
    days = days_ahead(target, moment)
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgen"
    name = WEEKDAY_NAMES[target.weekday()]
    if days < 7 and not with_date:
        return name
    return f"{name} d. {target.day}. {MONTHS[target.month - 1]}"


def describe_status(hours: HoursSet, moment: datetime) -> str:
    """One short Danish line, e.g. 'Åbent nu – lukker kl. 12.00'."""
    st = status_at(hours, moment)
    if not st.stated:
        return f"Vi kender ikke {KIND_LOWER[hours.kind]}."
    open_words, closed_words = _STATE_WORDS[hours.kind]
    prefix = "" if st.certain else "Usikkert: "
    if st.is_open:
        return f"{prefix}{open_words} – lukker kl. {clock_at(st.closes_at)}."
    parts = []
    if st.holiday:
        parts.append(f"I dag er det {_holiday_word(st.holiday)}. Vi ved ikke, om der er åbent på helligdage – ring og hør.")
        if st.next_open:
            parts.append(f"Ellers er næste almindelige åbning {when(st.next_open, moment)} kl. {opening_span(st)}.")
        return prefix + " ".join(parts)
    if st.next_open:
        day = when(st.next_open, moment, with_date=bool(st.skipped_holidays))
        line = f"{prefix}{closed_words} – åbner {day} kl. {opening_span(st)}."
        if st.skipped_holidays:
            names = [_holiday_word(name) for name in unique(st.skipped_holidays)]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"
            line += (
                f" {listed[0].upper() + listed[1:]} er {'helligdag' if len(names) == 1 else 'helligdage'} – ring og hør, om der er åbent."
            )
        return line
    return f"{prefix}{closed_words}."


def _holiday_word(name: str) -> str:
    """A holiday's name inside a sentence: Danish writes holidays in lower case ('juledag',
    'anden påskedag'), except the name in 'Kristi himmelfartsdag'."""
    return name if name.startswith("Kristi ") else name[:1].lower() + name[1:]


def describe_day(hours: HoursSet, day: date) -> str:
    """'torsdag d. 26. november: 8.00–12.00 og 15.00–18.00', with a holiday warning."""
    label = f"{WEEKDAY_NAMES[day.weekday()]} d. {day.day}. {MONTHS[day.month - 1]}"
    if hours.status == "not_stated":
        return f"{label}: vi kender ikke {KIND_LOWER[hours.kind]}"
    text = f"{label}: {spans(hours.week[day.weekday()])}"
    name = None if hours.all_year else holiday_name(day)
    if name:
        text += f" – men det er {_holiday_word(name)}, så ring og hør, om der er åbent"
    elif hours.all_year and holiday_name(day):
        text += f" (åbent alle årets dage, også {_holiday_word(holiday_name(day))})"
    return text


def describe_week(hours: HoursSet) -> list[str]:
    """The week, with runs of equal days folded: ['Mandag–onsdag: 9.00–14.00', ...]."""
    if hours.status == "not_stated":
        return [f"Vi kender ikke {KIND_LOWER[hours.kind]}."]
    if same_every_day_all_year(hours):
        return [f"Alle dage: {spans(hours.week[0])} – alle årets dage, også helligdage"]
    lines = []
    for start, end in week_runs(hours):
        first = WEEKDAY_NAMES[start].capitalize()
        days = first if end == start else f"{first}–{WEEKDAY_NAMES[end]}"
        lines.append(f"{days}: {spans(hours.week[start])}")
    return lines


# --- sources, reasons and notes ----------------------------------------------------


def source_phrase(db: CatalogueDB, municipality_id: str) -> str:
    """'Københavns Kommunes kvalitetsstandard 2025–2026', as in 'Oplysninger fra …'."""
    publisher, standard, year = source_facts(db, municipality_id)
    kind = "kvalitetsstandard" if standard else "ydelsesbeskrivelse"
    return f"{publisher}s {kind}" + (f" {year}" if year else " (udateret)")


def source_line(db: CatalogueDB, municipality_id: str) -> str:
    return f"Oplysninger fra {source_phrase(db, municipality_id)}."


def age_span(unit: UnitInfo) -> str | None:
    """'14–24 år', 'under 30 år', 'fra 18 år', or None when the source sets no age."""
    if unit.age_min is not None and unit.age_max is not None:
        return f"{unit.age_min}–{unit.age_max} år"
    if unit.age_max is not None:
        return f"under {unit.age_max + 1} år"
    if unit.age_min is not None:
        return f"fra {unit.age_min} år"
    return None


def reason_text(db: CatalogueDB, reason: Reason, unit: UnitInfo) -> str:
    """Why a unit fits, as the card's 'Passer til dig:' says it."""
    kind, value = reason.kind, reason.value
    if kind == "relatives":
        return "for pårørende"
    if kind == "age":
        return f"for unge {age_span(unit)}" if unit.age_min is not None else f"for dig {age_span(unit)}"
    if kind == "substance":
        return f"hjælper med {db.label('substances', value)}"
    if kind == "help":
        return db.label("help", value)
    if kind == "anonymous":
        return f"du kan være anonym: {value}"
    if kind == "walk_in":
        return "du kan henvende dig uden henvisning"
    if kind == "grants_youth":
        return "bevilger behandling til unge under 18"
    if kind == "way_in":
        return "kommunens indgang – de kan hjælpe dig videre"
    raise ValueError(f"no wording for the reason {kind!r}")


def note_text(db: CatalogueDB, note: Note) -> str:
    """What the person should know about the recommendation as a whole."""
    where = in_municipality(db, note.municipality_id) if note.municipality_id else ""
    if note.kind == "no_offer_for_age":
        return f"Vi kender ikke et tilbud, der er skrevet til din alder ({note.age} år), {where}. Ring og spørg – de hjælper dig videre."
    if note.kind == "no_special_offer":
        return f"Vi kender ikke et særligt tilbud om {db.label('help', note.value)} {where}. Spørg, når du kontakter et af stederne."
    if note.kind == "anonymity_unknown":
        return "Vi ved ikke, om du kan være anonym de steder, der passer. Spørg, når du ringer."
    if note.kind == "no_substance_info":
        return (
            f"Vi har ikke oplysninger om behandling for {db.label('substances', note.value)} {where}. "
            "Ring og spørg – de hjælper dig videre."
        )
    if note.kind == "fact":
        return note.value  # the catalogue's own text, with its source in the catalogue
    raise ValueError(f"no wording for the note {note.kind!r}")


# --- cards -----------------------------------------------------------------------


def contact_lines(unit: UnitInfo, shown: Iterable[str] = (), age: int | None = None) -> list[str]:
    """'Adresse: …', 'Telefon: …' and 'E-mail: …'; a number that belongs to another
    office says whose it is, is not repeated when that office is shown too, and is
    not given to someone that office does not serve (FKRC through the Rådhus, 18+)."""
    words = {
        "address": lambda address: f"Adresse: {address}",
        "via_address": lambda address, via: f"Adresse: {address} ({via})",
        "walk_in_only": lambda: "Mød op i åbningstiden – stedet har ikke sit eget telefonnummer hos os.",
        "phone_shown": lambda via: f"Telefon: via {via} – nummeret står ovenfor.",
        "phone_via": lambda number, via: f"Telefon: {number} ({via})",
        "phone": lambda number: f"Telefon: {number}",
        "email": lambda email: f"E-mail: {email}",
        "no_phone": lambda note: note or "Vi har ikke et telefonnummer til stedet.",
        "note": lambda note: note,  # "Du kommer til KABS gennem Rådgivnings- og Behandlingscentret."
    }
    return [words[kind](*values) for kind, *values in contact_plan(unit, shown, age)]


def today_line(unit: UnitInfo, moment: datetime) -> str:
    """'I dag: 8.00–12.00 og 15.00–18.00. Åbent nu – lukker kl. 12.00.'"""
    hours = unit.hours_of()
    if (hours is None or hours.status == "not_stated") and unit.reached_hours():
        via = unit.reached_hours()
        day = describe_day(via, moment.date()).split(": ", 1)[1]
        return f"{unit.contact.via_name} har åbent i dag: {day}. {describe_status(via, moment)}"
    if hours is None or hours.status == "not_stated":
        return "Vi kender ikke deres åbningstider – ring og hør." if unit.contact.phone else "Vi kender ikke deres åbningstider."
    day = describe_day(hours, moment.date()).split(": ", 1)[1]
    prefix = {"phone": "Telefontid i dag", "counselling": "Rådgivning i dag"}.get(hours.kind, "I dag")
    return f"{prefix}: {day}. {describe_status(hours, moment)}"


def unit_card(
    db: CatalogueDB,
    match: Match,
    moment: datetime,
    also: Iterable[str] = (),
    shown: Iterable[str] = (),
    conditions: bool = True,
    age: int | None = None,
) -> str:
    unit = match.unit
    lines = [unit.name]
    if match.reasons:
        lines.append("Passer til dig: " + ", ".join(reason_text(db, r, unit) for r in match.reasons) + ".")
    also = list(also)
    if also:
        lines.append("Her starter du også, hvis du vil i " + " eller ".join(also) + ".")
    lines += contact_lines(unit, shown=[n for n in shown if n != unit.name], age=age)
    lines.append(today_line(unit, moment))
    if conditions:
        lines += [f"Godt at vide: {c}" for c in unit.card_conditions[:1]]
    return "\n".join(lines)


def good_to_know(name: str, condition: str) -> str:
    return f"Godt at vide om {name}: {condition}"


def contact_card(unit: UnitInfo, shown: Iterable[str] = ()) -> str:
    return "\n".join([unit.name, *contact_lines(unit, shown=[n for n in shown if n != unit.name])])


def info_card(unit: UnitInfo, moment: datetime) -> str:
    lines = [unit.name, unit.summary]
    if age_span(unit):
        lines.append(f"Alder: {age_span(unit)}.")
    lines += [f"Godt at vide: {c}" for c in unit.conditions]
    lines += contact_lines(unit)
    lines.append(today_line(unit, moment))
    return "\n".join(lines)


def unit_buttons(unit: UnitInfo, topic: str) -> list[dict]:
    if topic in ("ask_hours", "ask_open_now"):
        return [button("Adresse og telefon", "ask_contact", unit=unit.name), button("Start forfra", "restart")]
    return [button("Åbningstider", "ask_hours", unit=unit.name), button("Start forfra", "restart")]


# --- finding help ------------------------------------------------------------------


def in_municipality(db: CatalogueDB, municipality_id: str) -> str:
    """'i København', 'på Frederiksberg'."""
    name = db.municipality_name(municipality_id)
    return f"på {name}" if municipality_id == "frederiksberg" else f"i {name}"


def help_lead(db: CatalogueDB, municipality_id: str, count: int, age: int | None) -> str:
    places = "dette sted" if count == 1 else "disse steder"
    young = " Der er hjælp til unge, og du kan starte med en snak." if age is not None and age < 18 else ""
    where = in_municipality(db, municipality_id)
    return f"Godt, at du skriver.{young} {where[0].upper() + where[1:]} kan du henvende dig til {places}:"


def youth_line(unit: UnitInfo, moment: datetime) -> str:
    phone = f"telefon {unit.contact.phone_display}" + (f" ({unit.contact.via_name})" if unit.contact.via_name else "")
    hours = unit.hours_of()
    today = ""
    if hours is not None and hours.status != "not_stated":
        today = f", i dag {describe_day(hours, moment.date()).split(': ', 1)[1]}"
    return f"Er du {age_span(unit)}, er {unit.name} for dig: {phone}{today}."


def outside_text(db: CatalogueDB, name: str | None) -> str:
    intro = f"Du skriver, at du bor i {name}. " if name else ""
    return intro + db.national_text("outside_coverage") + "\n" + emergency_footer(db)


def residents_text(db: CatalogueDB, units: list[UnitInfo], outside_name: str | None) -> str:
    """'Nyropsgade er et tilbud i København.' for someone who lives outside our four, then who
    the places are for and what to do instead."""
    places = " og ".join(dict.fromkeys(db.municipality_name(u.municipality_id) for u in units))
    names = " og ".join(dict.fromkeys(u.name for u in units))
    kind = "er tilbud" if len(units) > 1 else "er et tilbud"
    return f"{names} {kind} i {places}. " + db.national_text("residents_only") + "\n" + outside_text(db, outside_name)


def relatives_may_call(
    units: list[UnitInfo], plural: bool, either_or: bool = False, even_if: str | None = None, yes: bool = True, in_treatment: bool = False
) -> str:
    """Where the relatives can turn for themselves, as a short answer: 'Skal han selv ringe eller
    kan vi?' (both), 'kan jeg ringe for ham?' (yes), 'kan vi få hjælp selvom han ikke vil?'
    (yes, even if `even_if` - han, hun, de - does not want to)."""
    you = "I" if plural else "du"
    lead = "Begge dele." if either_or else ("Nej." if in_treatment else ("Ja." if yes else ""))
    if in_treatment:  # "skal han være i behandling før jeg kan være med?"
        what = f"få hjælp, også selvom {even_if} ikke er i behandling"
    else:
        what = f"få hjælp, også selvom {even_if} ikke selv vil" if even_if else "også selv ringe og få råd"
    places = [f"{u.name}, telefon {u.contact.phone_display}" for u in one_per_phone(units[:2])]
    if not places:
        return f"{lead} Som pårørende kan {you} {what.replace('ringe og ', '')}.".strip()
    return f"{lead} Som pårørende kan {you} {what}: ".lstrip() + " eller ".join(places) + "."


def person_can_go(
    matches: list[Match],
    moment: datetime,
    substance: str | None,
    db: CatalogueDB,
    age: int | None = None,
    shown: Iterable[str] = (),
    shown_phones: Iterable[str] = (),
) -> str:
    what = f" med {db.label('substances', substance)}" if substance and substance != "unknown" else ""
    if not matches:
        return f"Den, du er bekymret for, kan selv få hjælp{what} samme sted."
    lines = [f"Den, du er bekymret for, kan selv få hjælp{what}:"]
    for x in matches:
        unit = x.unit
        if unit.name in shown:
            lines.append(f"{unit.name} (se ovenfor) – den, du er bekymret for, kan også selv henvende sig der.")
            continue
        can_call = reachable(unit, age)
        if unit.contact.phone in shown_phones:
            phone = ", samme telefon som ovenfor"  # no number twice in one answer
        else:
            phone = f", telefon {unit.contact.phone_display}" if can_call else ""
        via = f" ({unit.contact.via_name})" if unit.contact.via_name and can_call and unit.contact.phone not in shown_phones else ""
        phone = (f", {unit.contact.address}" if unit.contact.address else "") + phone
        lines.append(f"{unit.name}{phone}{via}. {today_line(unit, moment)}")
    return "\n".join(lines)


def unknown_unit(name: str) -> str:
    return f'Jeg kender ikke et sted, der hedder "{name}". Vælg kommune, så finder jeg stederne – eller skriv navnet igen.'


def historic_gone(name: str) -> str:
    return f"{name} findes ikke længere under det navn. Vælg kommune, så finder jeg de nuværende steder."


def historic_now(historic: HistoricMatch | None) -> str:
    if historic is None:
        return ""
    return f"{historic.name}: {historic.was} I dag er det stederne nedenfor."


def where_to_start(units: list[UnitInfo], moment: datetime, age: int | None = None) -> str:
    """'Du kan starte her:' and one line per unit: name, address (where you can walk in), phone, today's hours."""
    lines = ["Du kan starte her:"]
    for unit in units[:3]:
        can_call = reachable(unit, age)
        phone = f", telefon {unit.contact.phone_display}" if can_call else ""
        via = f" ({unit.contact.via_name})" if can_call and unit.contact.via_name else ""
        # where to go, for someone who will just show up ("kan jeg bare møde op?")
        address = f", {unit.contact.address}" if unit.walk_in is not False and unit.contact.address else ""
        lines.append(f"{unit.name}{address}{phone}{via}. {today_line(unit, moment)}")
        if unit.walk_in is False and unit.card_conditions:
            lines.append(f"Godt at vide: {unit.card_conditions[0]}")
    return "\n".join(lines)


def not_known_call(unit: UnitInfo) -> str:
    phone = f" på {unit.contact.phone_display}" if unit.contact.phone else ""
    return f"Det har vi ikke oplysninger om. Ring og spørg {unit.name}{phone}."


def anonymous_for_age(age: int, any_units: bool) -> str:
    if any_units:
        return f"Ja, du kan få anonym hjælp, når du er {age} år:"
    return f"Vi kender ikke et anonymt tilbud til dig på {age} år her. Ring og spørg – du behøver ikke sige dit navn for at spørge."


def only_in(where: str) -> str:
    """`where`: in_municipality(...), 'i København', 'på Frederiksberg'."""
    return f"Det tilbud kender vi kun {where}:"


def anonymous_at(unit: UnitInfo) -> str:
    c = unit.contact
    phone = f" Telefon: {c.phone_display}" + (f" ({c.via_name})" if c.via_name else "") + "." if c.phone else ""
    if unit.anonymous_talks:
        ages = f" ({age_span(unit)})" if age_span(unit) else ""
        return f"{unit.name}{ages}: {unit.anonymous_talks}. Du behøver ikke sige dit navn, når du ringer eller kommer." + phone
    return f"Vi ved ikke, om du kan være anonym hos {unit.name} – spørg, når du ringer.{phone}"


def anonymous_line(municipality: str, units: list[UnitInfo]) -> str:
    parts = []
    for u in units:
        ages = f", {age_span(u)}" if age_span(u) else ""
        phone = f", telefon {u.contact.phone_display}" if u.contact.phone else ""
        via = f" ({u.contact.via_name})" if u.contact.phone and u.contact.via_name else ""
        parts.append(f"{u.name}{ages}{phone}{via}")
    return f"{municipality}: " + "; ".join(parts) + "."


# --- hours -----------------------------------------------------------------------------


def hours_text(
    unit: UnitInfo,
    moment: datetime,
    days: list[date] | None = None,
    kind: str | None = None,
    now_only: bool = False,
    with_name: bool = False,
    with_phone: bool = False,
    with_summary: bool = False,
    shown: Iterable[str] = (),
) -> str:
    """A unit's hours for now, some days, or the whole week - honest about what is not known."""
    hours = unit.hours_of(kind)
    lines = [unit.name] if with_name else []
    if with_summary:
        lines.append(unit.summary.split(". ")[0].rstrip(".") + ".")
    if kind and hours is None:
        hours = unit.hours_of()
        if hours is not None and hours.status != "not_stated":
            lines.append(f"Vi kender ikke {KIND_LOWER[kind]} særskilt – her er åbningstiderne.")
    if (hours is None or hours.status == "not_stated") and unit.reached_hours() and not kind and unit.contact.via_name in shown:
        # reached through a unit whose hours are in the same answer (Brydehuset through Gladsaxe Rusmiddelcenter)
        lines.append(
            f"Du kontakter {unit.name} gennem {unit.contact.via_name}, telefon {unit.contact.phone_display} – samme tider som {unit.contact.via_name}."
        )
        return "\n".join(lines)
    if (hours is None or hours.status == "not_stated") and unit.reached_hours() and not kind:
        lines.append(f"Du kontakter {unit.name} gennem {unit.contact.via_name}, telefon {unit.contact.phone_display}:")
        hours = unit.reached_hours()
    if hours is None or hours.status == "not_stated":
        phone = unit.contact.phone_display
        via = f" ({unit.contact.via_name})" if unit.contact.via_name else ""
        lines.append(
            f"Vi kender ikke deres åbningstider – ring på {phone}{via}."
            if phone
            else f"Vi kender ikke deres åbningstider. {unit.contact.note or ''}".strip()
        )
        return "\n".join(lines)
    title = kind_title(hours)
    if now_only:
        lines.append(describe_status(hours, moment))
    elif days:
        for day in days:
            lines.append(f"{title} {describe_day(hours, day)}.")
        if moment.date() in days:
            lines.append(describe_status(hours, moment))
        elif not any(hours.week[d.weekday()] for d in days):
            after = datetime(max(days).year, max(days).month, max(days).day, 23, 59, tzinfo=COPENHAGEN)
            nxt = next_opening(hours, after)[0]
            if nxt:
                lines.append(f"Næste gang: {WEEKDAY_NAMES[nxt.weekday()]} kl. {clock_at(nxt)}.")
    else:
        lines.append(f"{title}:")
        lines += describe_week(hours)
        lines.append(describe_status(hours, moment))
    if hours.status == "ambiguous" and hours.note:
        lines.append(f"Bemærk: {hours.note} Ring og hør.")
    elif hours.note:  # "Der kan aftales tider uden for åbningstiden."
        lines.append(hours.note)
    if hours.planned and (not days or any(d.weekday() == hours.planned.weekday for d in days)):
        lines.append(hours.planned.text)
    if with_phone and unit.contact.phone:  # whose number it is, when it is not the unit's own
        via = f" ({unit.contact.via_name})" if unit.contact.via_name else ""
        lines.append(f"Telefon: {unit.contact.phone_display}{via}")
    return "\n".join(lines)


def group_by_text(blocks: Iterable[tuple[UnitInfo, str]], shown: Iterable[str] = ()) -> list[str]:
    """Merge units whose hours text is identical: one block, all names, each with its own phone.
    A unit reached through another unit in the same answer gets no number of its own."""
    shown = list(shown)
    out = []
    for body, units in grouped_by_text(blocks):
        names = [u.name for u in units]
        title = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]} har samme tider"
        phone_lines = [
            f"{values[0]}: ring til {values[1]}."
            if kind == "call_via"
            else f"Telefon: {values[0]}" + (f" ({values[1]})" if values[1] else "")
            for kind, *values in group_phone_plan(units, body, shown)
        ]
        out.append("\n".join([title, body, *phone_lines]))
    return out


def no_hours_known(where: str, contact: UnitInfo) -> str:
    return f"Vi kender ikke åbningstiderne {where}. Ring til {contact.name} på {contact.contact.phone_display} og spørg – eller mød op."


def _day_words(days: list[date], moment: datetime) -> str:
    if is_weekend(days):
        return "i weekenden"
    return " og ".join(
        (
            "i dag"
            if d == moment.date()
            else "i morgen"
            if (d - moment.date()).days == 1
            else f"{WEEKDAY_NAMES[d.weekday()]} d. {d.day}/{d.month}"
        )
        for d in days
    )


def open_on_days_lead(where: str, days: list[date], any_open: bool, moment: datetime) -> str:
    words = _day_words(days, moment)
    if any_open:
        return f"Det her har åbent {words} {where}:"
    return f"Vi kender ikke et sted {where}, der har åbent {words}."


def closed_then(units: list[UnitInfo], moment: datetime, days: list[date]) -> str:
    """The places not open on the asked days, each with its number, and when they open again.
    On a public holiday the documents do not say, so we say that instead of 'closed'."""
    holiday = next((holiday_name(d) for d in days if holiday_name(d)), None)
    lead = f"{holiday} er helligdag, og vi ved ikke, om der er åbent – ring og hør:" if holiday else "Lukket de dage:"
    lines = [lead]
    for u in units[:4]:
        phone = f" – telefon {u.contact.phone_display}" if u.contact.phone else ""
        lines.append(f"{u.name}{phone}")
    openings = [(o, u) for o, u in ((first_opening_after(u, max(days)), u) for u in units[:4]) if o]
    if openings:
        first, unit = min(openings, key=lambda p: p[0])
        spans_then = describe_day(unit.hours_of(), first.date()).split(": ", 1)[1]
        lines.append(f"Ellers åbner de igen {WEEKDAY_NAMES[first.weekday()]} kl. {clock_at(first)} ({unit.name}: {spans_then}).")
    return "\n".join(lines)


def open_now_lead(where: str, any_open: bool) -> str:
    return f"Åbent lige nu {where}:" if any_open else f"Lige nu har ingen af stederne {where} åbent."


def opens_next(units: list[UnitInfo], moment: datetime) -> str:
    lines = ["Næste gang der åbner:"]
    for u in units:
        st = status_at(u.hours_of(), moment)
        if st.next_open:
            phone = f" – telefon {u.contact.phone_display}" if u.contact.phone else ""
            day = describe_day(u.hours_of(), st.next_open.date()).split(": ", 1)[1]
            lines.append(f"{u.name}: {when(st.next_open, moment)} kl. {clock_at(st.next_open)} ({day}){phone}")
    return "\n".join(lines)


# --- complaints, people, crisis ----------------------------------------------------------


def authority_text(body: dict) -> str:
    """A complaint body's name, phone, e-mail and address, one per line."""
    parts = [body["name"]]
    if body["phone"]:
        parts.append(f"Telefon: {format_phone(body['phone'])}")
    if body["email"]:
        parts.append(f"E-mail: {body['email']}")
    if body.get("secure_email"):
        parts.append(f"Sikker mail: {body['secure_email']}")
    if body.get("street"):
        parts.append("Adresse: " + ", ".join(p for p in (body["street"], " ".join(x for x in (body["postcode"], body["city"]) if x)) if p))
    return "\n".join(parts)


def complaint_text(c: ComplaintInfo) -> str:
    lines = [f"Klage over {c.kind_label}:", c.text]
    if c.deadline:
        lines.append(f"Frist: {c.deadline}")
    lines += [authority_text(body) for body in c.bodies]
    return "\n".join(lines)


def crisis_text(db: CatalogueDB, suicidal: bool) -> str:
    contacts = {c["id"]: c for c in db.crisis_contacts()}
    emergency = contacts.get("emergency")
    lines = []
    if emergency:
        lines.append(f"Ring {emergency['phone']} nu, {emergency['when_text']}.")
    if suicidal and "livslinien" in contacts:
        life = contacts["livslinien"]
        lines.append(f"Du kan også ringe til {life['label']} på {format_phone(life['phone'])}, {life['when_text']}.")
        lines.append("Du er ikke alene, og det er godt, at du skriver.")
    return "\n".join(lines)


def emergency_footer(db: CatalogueDB) -> str:
    emergency = next((c for c in db.crisis_contacts() if c["id"] == "emergency"), None)
    return f"Er nogen i akut fare, så ring {emergency['phone']}." if emergency else ""


def main_contacts_text(db: CatalogueDB, municipality_id: str | None = None) -> str:
    """'Gladsaxe: Gladsaxe Rusmiddelcenter, telefon 39 57 39 00' per municipality (or just one)."""
    units = [db.contact_unit(municipality_id)] if municipality_id else db.main_contacts()
    lines = []
    for unit in units:
        phone = unit.contact.phone_display
        lines.append(f"{unit.municipality}: {unit.name}, telefon {phone}" if phone else f"{unit.municipality}: {unit.name}")
    return "\n".join(lines)


def human_text(db: CatalogueDB, units: list[UnitInfo], moment: datetime) -> str:
    lines = ["Du er velkommen til at ringe og tale med en medarbejder:"]
    for unit in units:
        hours = unit.hours_of("phone") or unit.hours_of()
        status = describe_status(hours, moment) if hours else ""
        phone = unit.contact.phone_display or "vi har ikke et nummer"
        lines.append(f"{unit.name} ({unit.municipality}): {phone}. {status}".strip())
    lines.append(emergency_footer(db))
    return "\n".join(lines)


def municipalities_listed(db: CatalogueDB) -> str:
    """'København, Frederiksberg, Gladsaxe og Rødovre', as the catalogue names and orders them."""
    names = [db.municipality_name(m) for m in db.municipality_ids()]
    return f"{', '.join(names[:-1])} og {names[-1]}" if len(names) > 1 else "".join(names)


def all_four_line(db: CatalogueDB) -> str:
    """A rule that holds in every municipality, said before anyone has said where they live."""
    return (
        f"Det gælder i {municipalities_listed(db)} (kommunernes egne beskrivelser og loven). "
        "Vælg din kommune, hvis du vil vide mere om, hvordan det er der."
    )


def capabilities_text(db: CatalogueDB) -> str:
    return (
        f"Jeg kan hjælpe dig med at finde rusmiddelbehandling i {municipalities_listed(db)}: "
        "hvor du kan gå hen, hvornår der er åbent, om du kan være anonym, hvad du har ret til, og hvor pårørende "
        "kan få hjælp."
    )


def fallback_text(db: CatalogueDB, municipality_id: str | None) -> str:
    return (
        "Undskyld, det forstod jeg ikke helt. Prøv at skrive det på en anden måde – eller ring og tal med en "
        f"medarbejder:\n{main_contacts_text(db, municipality_id)}\n{emergency_footer(db)}"
    )


# --- when something is broken ------------------------------------------------------

EMERGENCY_ONLY = "Ring 112 ved akut fare."


def catalogue_unavailable(contacts: str) -> str:
    """The catalogue cannot be read: the contacts remembered at start-up (or 112 alone)."""
    return f"Undskyld, jeg kan ikke slå oplysningerne op lige nu. Du er velkommen til at ringe i stedet:\n{contacts}"
