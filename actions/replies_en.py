"""How the assistant says things in English: the English twin of actions/replies.py.

Same public names, same signatures, same facts and the same structure as the Danish
wording (tests/actions/test_wording.py checks that the names and signatures match);
actions/wording.py picks this module for a turn answered in English. The decisions
behind the words (which contact lines, no number twice, how a week folds) are made
once in actions/reply_logic.py and shared with the Danish module.

Plain, warm, short English for someone who may be anxious; recovery-oriented, never
judging. The catalogue's texts (facts, labels, summaries, municipality names) come from
`db` as the caller hands it over - the English view of the catalogue - and are quoted,
never translated here.

A unit card is one message: the name on the first line, then "Right for you:",
"Address:", "Phone:", "Email:" and today's hours. The web widget (web/widget.js)
recognises "Address:" / "Phone:" / "Email:" as it does the Danish "Adresse:" /
"Telefon:" / "E-mail:", so English cards get the bold name and the map, tel: and
mailto: links too.

Times keep the catalogue's display form, "8.00–12.00" (not "8:00" or "8am"): the numbers
people see on the municipalities' own pages, and the form the English acceptance
conversations (tests/acceptance/english/) expect.
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
    holiday_in,
    is_weekend,
    offers_other_municipality,
    one_per_phone,
    opening_span,
    payload,
    reachable,
    rename_holiday,
    same_every_day_all_year,
    source_facts,
    span,
    unique,
    week_runs,
)
from .unit_catalogue.hours import next_opening, status_at
from .unit_catalogue.model import HoursSet, Interval
from .unit_catalogue.query import CatalogueDB, ComplaintInfo, HistoricMatch, Match, Note, Reason, UnitInfo, format_phone  # noqa: F401

_HOLIDAY_LANGUAGE = "en_US"  # the `holidays` package's English names ("Christmas Day", "Whit Monday")


def municipality_buttons(db: CatalogueDB, intent: str, **entities: str) -> list[dict]:
    """One button per municipality (named as the catalogue names it) that repeats the question with the place.

    The payload carries the municipality's id ("kobenhavn"), which the catalogue resolves
    like the Danish name, whatever the title says ("Copenhagen")."""
    buttons = [button(db.municipality_name(m), intent, place=m, **entities) for m in db.municipality_ids()]
    if offers_other_municipality(intent):
        buttons.append(button("Another municipality", intent, place=OTHER_MUNICIPALITY_VALUE, **entities))
    return buttons


def complaint_button(c: ComplaintInfo) -> dict:
    """A button that asks about another kind of complaint."""
    return button(f"Complaints about {c.kind_label}", "complain", complaint_kind=c.kind)


NONE_OF_THEM_BUTTON = button("None of these", "nlu_fallback")
NEXT_STEP_BUTTONS = [
    button("Opening hours", "ask_hours"),
    button("Stay anonymous", "ask_anonymity"),
    button("For relatives", "relative_help"),
    button("Your rights", "ask_rights"),
    button("Start over", "restart"),
]
RELATIVE_BUTTONS = [
    button("When can I call?", "ask_hours"),
    button("Rules for young people", "ask_youth_rules"),
    button("Can I be anonymous?", "ask_anonymity"),
    button("Start over", "restart"),
]
RIGHTS_BUTTONS = [
    button("Waiting time", "ask_waiting_time"),
    button("Does it cost anything?", "ask_cost"),
    button("The first talk", "ask_first_talk"),
    button("Bring a support person", "ask_bisidder"),
    button("Make a complaint", "complain"),
]
START_BUTTONS = [
    button("Find a place", "seek_help"),
    button("I'm a relative", "relative_help"),
    button("Opening hours", "ask_hours"),
    button("My rights", "ask_rights"),
]
FALLBACK_BUTTONS = [button("Find a place", "seek_help"), button("I'm a relative", "relative_help"), button("Start over", "restart")]
CRISIS_BUTTONS = [button("Find a place", "seek_help"), button("Talk to a person", "ask_human")]
SPECIAL_BUTTONS = [
    button("Methadone/substitution", "ask_special_treatment", need="substitution"),
    button("Heroin treatment", "ask_special_treatment", need="heroin_assisted"),
    button("Pregnant or a family", "ask_special_treatment", need="pregnancy"),
    button("Mental health problems", "ask_special_treatment", need="dual_diagnosis"),
    button("Treatment at home", "ask_special_treatment", need="home"),
]

WELCOME = "You're welcome to call or just drop in."
HELP_LEAD_UNKNOWN_PLACE = "I'm glad you wrote – I'll find the right place for you. Which municipality do you live in?"
HELP_LEAD_UNKNOWN_PLACE_YOUNG = (
    "I'm glad you wrote – there is help for young people, and you can start with a talk. Which municipality do you live in?"
)
RELATIVE_ASK_PLACE = (
    "It's good that you're looking for help – for yourself too. Which municipality does the person you're worried about live in?"
)
RELATIVE_LEAD = "It's good that you're looking for help. As a relative, you can get support yourself:"
LANGUAGES_NOT_KNOWN = "We don't know which languages the staff speak – call and ask:"
WHICH_UNIT = "There are several places with that name. Which one do you mean?"
WHICH_PLACE = "Which place do you mean? Write its name – or choose a municipality, and I'll find the places."
ADULT_DECIDES = "Once you're 18, you decide for yourself whether your parents should know anything."
ANONYMOUS_LEAD = "Yes, you can get help anonymously – without giving your name or CPR number:"
ANONYMOUS_ASK_PLACE = "Which municipality do you live in? Then I'll find the places there."
YOUTH_ASK_PLACE = "Choose your municipality, and I'll tell you exactly what applies there."
SPECIAL_ASK = "What would you like to know more about?"
SPECIAL_ASK_PLACE = "That depends on where you live. Which municipality do you live in?"
COMPLAINT_ASK_PLACE = "Choose the municipality, and you'll get the addresses and deadlines."
CRISIS_AGAIN = "I'm still here, and it's good that you're writing."
CRISIS_AFTER = "When you're ready, I can help you find a place to get help."
CLARIFY = "I'm not quite sure what you mean. Did you mean:"
INTENT_LABELS = {
    "seek_help": "Find a place to get help",
    "ask_hours": "Opening hours",
    "ask_open_now": "Is it open now?",
    "ask_contact": "Address and phone",
    "ask_unit_info": "What is the place?",
    "ask_anonymity": "Can I be anonymous?",
    "relative_help": "Help for relatives",
    "ask_rights": "My rights",
    "ask_waiting_time": "Waiting time",
    "ask_cost": "What does it cost?",
    "ask_free_choice": "Free choice",
    "ask_referral": "Do I need a referral?",
    "ask_bisidder": "Bringing a support person",
    "ask_first_talk": "The first talk",
    "ask_treatment_types": "Kinds of treatment",
    "ask_youth_rules": "Rules for young people",
    "ask_special_treatment": "Special treatment",
    "complain": "Making a complaint",
    "ask_human": "Talk to a person",
    "ask_capabilities": "What can you help with?",
    "crisis_overdose": "Immediate danger or overdose",
    "crisis_suicidal": "Suicidal thoughts",
}


# --- days, times and opening hours ------------------------------------------------

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

# How each kind of hours is said when open / closed.
_STATE_WORDS = {
    "open": ("Open now", "Closed now"),
    "phone": ("The phone line is open now", "The phone line is closed now"),
    "counselling": ("Counselling is open now", "Counselling is closed now"),
    "treatment": ("Open for treatment now", "Closed for treatment now"),
}


def kind_title(hours: HoursSet) -> str:
    """'Phone hours', 'Counselling is open': the catalogue's label for the kind of hours, as a heading."""
    label = hours.title or hours.kind
    return label[:1].upper() + label[1:]


KIND_LOWER = {
    "open": "their opening hours",
    "phone": "their phone hours",
    "counselling": "the counselling hours",
    "treatment": "their opening hours",
}


def spans(intervals: tuple[Interval, ...]) -> str:
    return " and ".join(span(iv) for iv in intervals) if intervals else "closed"


def _date(day: date) -> str:
    """'Tuesday 24 November'."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def _holiday(name: str, near: date) -> str:
    """A holiday the hours engine named (in Danish), in English."""
    return rename_holiday(name, near, _HOLIDAY_LANGUAGE)


def _holiday_on(day: date) -> str | None:
    return holiday_in(day, _HOLIDAY_LANGUAGE)


def when(target: datetime, moment: datetime, with_date: bool = False) -> str:
    """'today', 'tomorrow', 'Monday', or 'Monday 6 April' for later dates (or on request)."""
    days = days_ahead(target, moment)
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 7 and not with_date:
        return WEEKDAY_NAMES[target.weekday()]
    return _date(target)


def describe_status(hours: HoursSet, moment: datetime) -> str:
    """One short line, e.g. 'Open now – closes at 12.00.'"""
    st = status_at(hours, moment)
    if not st.stated:
        return f"We don't know {KIND_LOWER[hours.kind]}."
    open_words, closed_words = _STATE_WORDS[hours.kind]
    prefix = "" if st.certain else "Not certain: "
    if st.is_open:
        return f"{prefix}{open_words} – closes at {clock_at(st.closes_at)}."
    parts = []
    if st.holiday:
        parts.append(f"Today is {_holiday(st.holiday, moment.date())}. We don't know if they're open on public holidays – call and ask.")
        if st.next_open:
            parts.append(f"Otherwise the next regular opening is {when(st.next_open, moment)}, {opening_span(st)}.")
        return prefix + " ".join(parts)
    if st.next_open:
        day = when(st.next_open, moment, with_date=bool(st.skipped_holidays))
        line = f"{prefix}{closed_words} – opens {day}, {opening_span(st)}."
        if st.skipped_holidays:
            names = [_holiday(n, moment.date()) for n in unique(st.skipped_holidays)]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            line += f" {listed} {'is a public holiday' if len(names) == 1 else 'are public holidays'} – call and ask if they're open."
        return line
    return f"{prefix}{closed_words}."


def describe_day(hours: HoursSet, day: date) -> str:
    """'Thursday 26 November: 8.00–12.00 and 15.00–18.00', with a holiday warning."""
    label = _date(day)
    if hours.status == "not_stated":
        return f"{label}: we don't know {KIND_LOWER[hours.kind]}"
    text = f"{label}: {spans(hours.week[day.weekday()])}"
    name = None if hours.all_year else _holiday_on(day)
    if name:
        text += f" – but it's {name}, so call and ask if they're open"
    elif hours.all_year and _holiday_on(day):
        text += f" (open every day of the year, including {_holiday_on(day)})"
    return text


def describe_week(hours: HoursSet) -> list[str]:
    """The week, with runs of equal days folded: ['Monday–Wednesday: 9.00–14.00', ...]."""
    if hours.status == "not_stated":
        return [f"We don't know {KIND_LOWER[hours.kind]}."]
    if same_every_day_all_year(hours):
        return [f"Every day: {spans(hours.week[0])} – every day of the year, including public holidays"]
    lines = []
    for start, end in week_runs(hours):
        days = WEEKDAY_NAMES[start] if end == start else f"{WEEKDAY_NAMES[start]}–{WEEKDAY_NAMES[end]}"
        lines.append(f"{days}: {spans(hours.week[start])}")
    return lines


# --- sources, reasons and notes ----------------------------------------------------


def source_phrase(db: CatalogueDB, municipality_id: str) -> str:
    """ "Københavns Kommune's quality standard 2025–2026", as in 'Information from …'."""
    publisher, standard, year = source_facts(db, municipality_id)
    kind = "quality standard" if standard else "service description"
    return f"{publisher}'s {kind}" + (f" {year}" if year else " (undated)")


def source_line(db: CatalogueDB, municipality_id: str) -> str:
    return f"Information from {source_phrase(db, municipality_id)}."


def age_span(unit: UnitInfo) -> str | None:
    """'aged 14–24', 'under 30', 'aged 18 and over', or None when the source sets no age."""
    if unit.age_min is not None and unit.age_max is not None:
        return f"aged {unit.age_min}–{unit.age_max}"
    if unit.age_max is not None:
        return f"under {unit.age_max + 1}"
    if unit.age_min is not None:
        return f"aged {unit.age_min} and over"
    return None


def reason_text(db: CatalogueDB, reason: Reason, unit: UnitInfo) -> str:
    """Why a unit fits, as the card's 'Right for you:' says it."""
    kind, value = reason.kind, reason.value
    if kind == "relatives":
        return "for relatives"
    if kind == "age":
        return f"for young people {age_span(unit)}" if unit.age_min is not None else f"for people {age_span(unit)}"
    if kind == "substance":
        return f"helps with {db.label('substances', value)}"
    if kind == "help":
        return db.label("help", value)
    if kind == "anonymous":
        return f"you can be anonymous: {value}"
    if kind == "walk_in":
        return "you can come without a referral"
    if kind == "grants_youth":
        return "approves treatment for young people under 18"
    if kind == "way_in":
        return "the municipality's way in – they can help you on from there"
    raise ValueError(f"no wording for the reason {kind!r}")


def note_text(db: CatalogueDB, note: Note) -> str:
    """What the person should know about the recommendation as a whole."""
    where = in_municipality(db, note.municipality_id) if note.municipality_id else ""
    if note.kind == "no_offer_for_age":
        return (
            f"We don't know of a service written for your age ({note.age}) {where}. Call and ask – they'll help you find the right place."
        )
    if note.kind == "no_special_offer":
        return f"We don't know of a special service for {db.label('help', note.value)} {where}. Ask when you contact one of the places."
    if note.kind == "anonymity_unknown":
        return "We don't know if you can be anonymous at the places that fit. Ask when you call."
    if note.kind == "no_substance_info":
        return (
            f"We don't have information about treatment for {db.label('substances', note.value)} {where}. "
            "Call and ask – they'll help you find the right place."
        )
    if note.kind == "fact":
        return note.value  # the catalogue's own text, with its source in the catalogue
    raise ValueError(f"no wording for the note {note.kind!r}")


# --- cards -----------------------------------------------------------------------


def contact_lines(unit: UnitInfo, shown: Iterable[str] = (), age: int | None = None) -> list[str]:
    """'Address: …', 'Phone: …' and 'Email: …'; a number that belongs to another
    office says whose it is, is not repeated when that office is shown too, and is
    not given to someone that office does not serve (actions/reply_logic.contact_plan)."""
    words = {
        "address": lambda address: f"Address: {address}",
        "via_address": lambda address, via: f"Address: {address} ({via})",
        "walk_in_only": lambda: "Just drop in during opening hours – we don't have a phone number of its own for this place.",
        "phone_shown": lambda via: f"Phone: through {via} – the number is above.",
        "phone_via": lambda number, via: f"Phone: {number} ({via})",
        "phone": lambda number: f"Phone: {number}",
        "email": lambda email: f"Email: {email}",
        "no_phone": lambda note: note or "We don't have a phone number for this place.",
        "note": lambda note: note,  # the catalogue's "you reach KABS through the centre" (never the number again)
    }
    return [words[kind](*values) for kind, *values in contact_plan(unit, shown, age)]


def today_line(unit: UnitInfo, moment: datetime) -> str:
    """'Today: 8.00–12.00 and 15.00–18.00. Open now – closes at 12.00.'"""
    hours = unit.hours_of()
    if (hours is None or hours.status == "not_stated") and unit.reached_hours():
        via = unit.reached_hours()
        day = describe_day(via, moment.date()).split(": ", 1)[1]
        return f"{unit.contact.via_name} is open today: {day}. {describe_status(via, moment)}"
    if hours is None or hours.status == "not_stated":
        return "We don't know their opening hours – call and ask." if unit.contact.phone else "We don't know their opening hours."
    day = describe_day(hours, moment.date()).split(": ", 1)[1]
    prefix = {"phone": "Phone hours today", "counselling": "Counselling today"}.get(hours.kind, "Today")
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
        lines.append("Right for you: " + ", ".join(reason_text(db, r, unit) for r in match.reasons) + ".")
    also = list(also)
    if also:
        lines.append("This is also where you start if you want to go to " + " or ".join(also) + ".")
    lines += contact_lines(unit, shown=[n for n in shown if n != unit.name], age=age)
    lines.append(today_line(unit, moment))
    if conditions:
        lines += [f"Good to know: {c}" for c in unit.card_conditions[:1]]
    return "\n".join(lines)


def good_to_know(name: str, condition: str) -> str:
    return f"Good to know about {name}: {condition}"


def contact_card(unit: UnitInfo, shown: Iterable[str] = ()) -> str:
    return "\n".join([unit.name, *contact_lines(unit, shown=[n for n in shown if n != unit.name])])


def info_card(unit: UnitInfo, moment: datetime) -> str:
    lines = [unit.name, unit.summary]
    if age_span(unit):
        lines.append(f"For people {age_span(unit)}.")
    lines += [f"Good to know: {c}" for c in unit.conditions]
    lines += contact_lines(unit)
    lines.append(today_line(unit, moment))
    return "\n".join(lines)


def unit_buttons(unit: UnitInfo, topic: str) -> list[dict]:
    if topic in ("ask_hours", "ask_open_now"):
        return [button("Address and phone", "ask_contact", unit=unit.name), button("Start over", "restart")]
    return [button("Opening hours", "ask_hours", unit=unit.name), button("Start over", "restart")]


# --- finding help ------------------------------------------------------------------


def in_municipality(db: CatalogueDB, municipality_id: str) -> str:
    """'in Copenhagen', 'in Frederiksberg' (English needs no 'på')."""
    return f"in {db.municipality_name(municipality_id)}"


def help_lead(db: CatalogueDB, municipality_id: str, count: int, age: int | None) -> str:
    places = "this place" if count == 1 else "these places"
    young = " There is help for young people, and you can start with a talk." if age is not None and age < 18 else ""
    where = in_municipality(db, municipality_id)
    return f"I'm glad you wrote.{young} {where[0].upper() + where[1:]}, you can contact {places}:"


def youth_line(unit: UnitInfo, moment: datetime) -> str:
    phone = f"phone {unit.contact.phone_display}" + (f" ({unit.contact.via_name})" if unit.contact.via_name else "")
    hours = unit.hours_of()
    today = ""
    if hours is not None and hours.status != "not_stated":
        today = f", today {describe_day(hours, moment.date()).split(': ', 1)[1]}"
    return f"If you're {age_span(unit)}, {unit.name} is for you: {phone}{today}."


def outside_text(db: CatalogueDB, name: str | None) -> str:
    intro = f"You say you live in {name}. " if name else ""
    return intro + db.national_text("outside_coverage") + "\n" + emergency_footer(db)


def residents_text(db: CatalogueDB, units: list[UnitInfo], outside_name: str | None) -> str:
    """'Nyropsgade is a service in Copenhagen.' for someone who lives outside our four, then who
    the places are for and what to do instead."""
    places = " and ".join(dict.fromkeys(db.municipality_name(u.municipality_id) for u in units))
    names = " and ".join(dict.fromkeys(u.name for u in units))
    verb = "are services" if len(units) > 1 else "is a service"
    return f"{names} {verb} in {places}. " + db.national_text("residents_only") + "\n" + outside_text(db, outside_name)


def relatives_may_call(
    units: list[UnitInfo], plural: bool, either_or: bool = False, even_if: str | None = None, yes: bool = True, in_treatment: bool = False
) -> str:
    """Where the relatives can turn for themselves, as a short answer: 'Should he call himself or
    can we?' (both), 'can I call for him?' (yes), 'can we get help even if he doesn't want to?'
    (yes, even if `even_if` - he, she, they - does not want to)."""
    lead = "Both." if either_or else ("No." if in_treatment else ("Yes." if yes else ""))
    who = "As relatives you can" if plural else "As a relative you can"
    if even_if and in_treatment:
        what = f"get help, even if {even_if} {'are' if even_if == 'they' else 'is'} not in treatment"
    elif even_if:
        does = "don't" if even_if == "they" else "doesn't"
        what = f"get help, even if {even_if} {does} want to"
    else:
        what = "also call and get advice yourselves" if plural else "also call and get advice yourself"
    places = [f"{u.name}, phone {u.contact.phone_display}" for u in one_per_phone(units[:2])]
    if not places:
        return f"{lead} {who} {what.replace('call and ', '')}.".strip()
    return f"{lead} {who} {what}: ".lstrip() + " or ".join(places) + "."


def person_can_go(
    matches: list[Match],
    moment: datetime,
    substance: str | None,
    db: CatalogueDB,
    age: int | None = None,
    shown: Iterable[str] = (),
    shown_phones: Iterable[str] = (),
) -> str:
    what = f" with {db.label('substances', substance)}" if substance and substance != "unknown" else ""
    if not matches:
        return f"The person you're worried about can get help{what} at the same place."
    lines = [f"The person you're worried about can get help{what} here:"]
    for x in matches:
        unit = x.unit
        if unit.name in shown:
            lines.append(f"{unit.name} (see above) – the person you're worried about can also go there themselves.")
            continue
        can_call = reachable(unit, age)
        if unit.contact.phone in shown_phones:
            phone = ", same phone number as above"  # no number twice in one answer
        else:
            phone = f", phone {unit.contact.phone_display}" if can_call else ""
        via = f" ({unit.contact.via_name})" if unit.contact.via_name and can_call and unit.contact.phone not in shown_phones else ""
        phone = (f", {unit.contact.address}" if unit.contact.address else "") + phone
        lines.append(f"{unit.name}{phone}{via}. {today_line(unit, moment)}")
    return "\n".join(lines)


def unknown_unit(name: str) -> str:
    return f"I don't know a place called \"{name}\". Choose a municipality and I'll find the places – or write the name again."


def historic_gone(name: str) -> str:
    return f"{name} no longer goes by that name. Choose a municipality and I'll find the places there now."


def historic_now(historic: HistoricMatch | None) -> str:
    if historic is None:
        return ""
    return f"{historic.name}: {historic.was} Today it's the places below."


def where_to_start(units: list[UnitInfo], moment: datetime, age: int | None = None) -> str:
    """'You can start here:' and one line per unit: name, address (where you can walk in), phone, today's hours."""
    lines = ["You can start here:"]
    for unit in units[:3]:
        can_call = reachable(unit, age)
        phone = f", phone {unit.contact.phone_display}" if can_call else ""
        via = f" ({unit.contact.via_name})" if can_call and unit.contact.via_name else ""
        # where to go, for someone who will just show up ("kan jeg bare møde op?")
        address = f", {unit.contact.address}" if unit.walk_in is not False and unit.contact.address else ""
        lines.append(f"{unit.name}{address}{phone}{via}. {today_line(unit, moment)}")
        if unit.walk_in is False and unit.card_conditions:
            lines.append(f"Good to know: {unit.card_conditions[0]}")
    return "\n".join(lines)


def not_known_call(unit: UnitInfo) -> str:
    phone = f" on {unit.contact.phone_display}" if unit.contact.phone else ""
    return f"We don't have information about that. Call {unit.name}{phone} and ask."


def anonymous_for_age(age: int, any_units: bool) -> str:
    if any_units:
        return f"Yes, you can get help anonymously when you're {age}:"
    return f"We don't know of an anonymous service for someone who is {age} here. Call and ask – you don't have to give your name to ask."


def only_in(where: str) -> str:
    """`where`: in_municipality(...), 'in Copenhagen'."""
    return f"We only know of that service {where}:"


def anonymous_at(unit: UnitInfo) -> str:
    c = unit.contact
    phone = f" Phone: {c.phone_display}" + (f" ({c.via_name})" if c.via_name else "") + "." if c.phone else ""
    if unit.anonymous_talks:
        ages = f" ({age_span(unit)})" if age_span(unit) else ""
        return f"{unit.name}{ages}: {unit.anonymous_talks}. You don't have to give your name when you call or come in." + phone
    return f"We don't know if you can be anonymous at {unit.name} – ask when you call.{phone}"


def anonymous_line(municipality: str, units: list[UnitInfo]) -> str:
    parts = []
    for u in units:
        ages = f", {age_span(u)}" if age_span(u) else ""
        phone = f", phone {u.contact.phone_display}" if u.contact.phone else ""
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
            lines.append(f"We don't know {KIND_LOWER[kind]} separately – here are the opening hours.")
    if (hours is None or hours.status == "not_stated") and unit.reached_hours() and not kind and unit.contact.via_name in shown:
        # reached through a unit whose hours are in the same answer (Brydehuset through Gladsaxe Rusmiddelcenter)
        lines.append(
            f"You contact {unit.name} through {unit.contact.via_name}, phone {unit.contact.phone_display} – the same hours as {unit.contact.via_name}."
        )
        return "\n".join(lines)
    if (hours is None or hours.status == "not_stated") and unit.reached_hours() and not kind:
        lines.append(f"You reach {unit.name} through {unit.contact.via_name}, phone {unit.contact.phone_display}:")
        hours = unit.reached_hours()
    if hours is None or hours.status == "not_stated":
        phone = unit.contact.phone_display
        via = f" ({unit.contact.via_name})" if unit.contact.via_name else ""
        lines.append(
            f"We don't know their opening hours – call {phone}{via}."
            if phone
            else f"We don't know their opening hours. {unit.contact.note or ''}".strip()
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
                lines.append(f"Next opening: {WEEKDAY_NAMES[nxt.weekday()]} at {clock_at(nxt)}.")
    else:
        lines.append(f"{title}:")
        lines += describe_week(hours)
        lines.append(describe_status(hours, moment))
    if hours.status == "ambiguous" and hours.note:
        lines.append(f"Please note: {hours.note} Call and ask.")
    elif hours.note:  # "Times outside opening hours can be arranged."
        lines.append(hours.note)
    if hours.planned and (not days or any(d.weekday() == hours.planned.weekday for d in days)):
        lines.append(hours.planned.text)
    if with_phone and unit.contact.phone:  # whose number it is, when it is not the unit's own
        via = f" ({unit.contact.via_name})" if unit.contact.via_name else ""
        lines.append(f"Phone: {unit.contact.phone_display}{via}")
    return "\n".join(lines)


def group_by_text(blocks: Iterable[tuple[UnitInfo, str]], shown: Iterable[str] = ()) -> list[str]:
    """Merge units whose hours text is identical: one block, all names, each with its own phone.
    A unit reached through another unit in the same answer gets no number of its own."""
    shown = list(shown)
    out = []
    for body, units in grouped_by_text(blocks):
        names = [u.name for u in units]
        title = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} have the same hours"
        phone_lines = [
            f"{values[0]}: call {values[1]}." if kind == "call_via" else f"Phone: {values[0]}" + (f" ({values[1]})" if values[1] else "")
            for kind, *values in group_phone_plan(units, body, shown)
        ]
        out.append("\n".join([title, body, *phone_lines]))
    return out


def no_hours_known(where: str, contact: UnitInfo) -> str:
    return f"We don't know the opening hours {where}. Call {contact.name} on {contact.contact.phone_display} and ask – or just drop in."


def _day_words(days: list[date], moment: datetime) -> str:
    if is_weekend(days):
        return "at the weekend"
    return " and ".join(
        (
            "today"
            if d == moment.date()
            else "tomorrow"
            if (d - moment.date()).days == 1
            else f"on {WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
        )
        for d in days
    )


def open_on_days_lead(where: str, days: list[date], any_open: bool, moment: datetime) -> str:
    words = _day_words(days, moment)
    if any_open:
        return f"These places are open {words} {where}:"
    return f"We don't know of a place {where} that's open {words}."


def closed_then(units: list[UnitInfo], moment: datetime, days: list[date]) -> str:
    """The places not open on the asked days, each with its number, and when they open again.
    On a public holiday the documents do not say, so we say that instead of 'closed'."""
    holiday = next((_holiday_on(d) for d in days if _holiday_on(d)), None)
    lead = f"{holiday} is a public holiday, and we don't know if they're open – call and ask:" if holiday else "Closed on those days:"
    lines = [lead]
    for u in units[:4]:
        phone = f" – phone {u.contact.phone_display}" if u.contact.phone else ""
        lines.append(f"{u.name}{phone}")
    openings = [(o, u) for o, u in ((first_opening_after(u, max(days)), u) for u in units[:4]) if o]
    if openings:
        first, unit = min(openings, key=lambda p: p[0])
        spans_then = describe_day(unit.hours_of(), first.date()).split(": ", 1)[1]
        lines.append(f"Otherwise they open again {WEEKDAY_NAMES[first.weekday()]} at {clock_at(first)} ({unit.name}: {spans_then}).")
    return "\n".join(lines)


def open_now_lead(where: str, any_open: bool) -> str:
    return f"Open right now {where}:" if any_open else f"Right now none of the places {where} are open."


def opens_next(units: list[UnitInfo], moment: datetime) -> str:
    lines = ["Next to open:"]
    for u in units:
        st = status_at(u.hours_of(), moment)
        if st.next_open:
            phone = f" – phone {u.contact.phone_display}" if u.contact.phone else ""
            day = describe_day(u.hours_of(), st.next_open.date()).split(": ", 1)[1]
            lines.append(f"{u.name}: {when(st.next_open, moment)} at {clock_at(st.next_open)} ({day}){phone}")
    return "\n".join(lines)


# --- complaints, people, crisis ----------------------------------------------------------


def authority_text(body: dict) -> str:
    """A complaint body's name, phone, e-mail and address, one per line."""
    parts = [body["name"]]
    if body["phone"]:
        parts.append(f"Phone: {format_phone(body['phone'])}")
    if body["email"]:
        parts.append(f"Email: {body['email']}")
    if body.get("secure_email"):
        parts.append(f"Secure email: {body['secure_email']}")
    if body.get("street"):
        parts.append("Address: " + ", ".join(p for p in (body["street"], " ".join(x for x in (body["postcode"], body["city"]) if x)) if p))
    return "\n".join(parts)


def complaint_text(c: ComplaintInfo) -> str:
    lines = [f"Complaints about {c.kind_label}:", c.text]
    if c.deadline:
        lines.append(f"Deadline: {c.deadline}")
    lines += [authority_text(body) for body in c.bodies]
    return "\n".join(lines)


def crisis_text(db: CatalogueDB, suicidal: bool) -> str:
    contacts = {c["id"]: c for c in db.crisis_contacts()}
    emergency = contacts.get("emergency")
    lines = []
    if emergency:
        lines.append(f"Call {emergency['phone']} now – {emergency['when_text']}.")
    if suicidal and "livslinien" in contacts:
        life = contacts["livslinien"]
        lines.append(f"You can also call {life['label']} on {format_phone(life['phone'])} – {life['when_text']}.")
        lines.append("You're not alone, and it's good that you're writing.")
    return "\n".join(lines)


def emergency_footer(db: CatalogueDB) -> str:
    emergency = next((c for c in db.crisis_contacts() if c["id"] == "emergency"), None)
    return f"If anyone is in immediate danger, call {emergency['phone']}." if emergency else ""


def main_contacts_text(db: CatalogueDB, municipality_id: str | None = None) -> str:
    """'Gladsaxe: Gladsaxe Rusmiddelcenter, phone 39 57 39 00' per municipality (or just one)."""
    units = [db.contact_unit(municipality_id)] if municipality_id else db.main_contacts()
    lines = []
    for unit in units:
        phone = unit.contact.phone_display
        lines.append(f"{unit.municipality}: {unit.name}, phone {phone}" if phone else f"{unit.municipality}: {unit.name}")
    return "\n".join(lines)


def human_text(db: CatalogueDB, units: list[UnitInfo], moment: datetime) -> str:
    lines = ["You're welcome to call and talk to a member of staff:"]
    for unit in units:
        hours = unit.hours_of("phone") or unit.hours_of()
        status = describe_status(hours, moment) if hours else ""
        phone = unit.contact.phone_display or "we don't have a number"
        lines.append(f"{unit.name} ({unit.municipality}): {phone}. {status}".strip())
    lines.append(emergency_footer(db))
    return "\n".join(lines)


def municipalities_listed(db: CatalogueDB) -> str:
    """'Copenhagen, Frederiksberg, Gladsaxe and Rødovre', as the catalogue names and orders them."""
    names = [db.municipality_name(m) for m in db.municipality_ids()]
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)


def all_four_line(db: CatalogueDB) -> str:
    """A rule that holds in every municipality, said before anyone has said where they live."""
    return (
        f"This applies in {municipalities_listed(db)} (the municipalities' own descriptions and the law). "
        "Choose your municipality if you'd like to know more about how it works there."
    )


def capabilities_text(db: CatalogueDB) -> str:
    return (
        f"I can help you find treatment for drugs and alcohol in {municipalities_listed(db)}: "
        "where you can go, when they're open, whether you can be anonymous, what your rights are, and where relatives "
        "can get help."
    )


def fallback_text(db: CatalogueDB, municipality_id: str | None) -> str:
    return (
        "Sorry, I didn't quite understand that. Try writing it another way – or call and talk to a member of "
        f"staff:\n{main_contacts_text(db, municipality_id)}\n{emergency_footer(db)}"
    )


# --- when something is broken ------------------------------------------------------

EMERGENCY_ONLY = "Call 112 if someone is in immediate danger."


def catalogue_unavailable(contacts: str) -> str:
    """The catalogue cannot be read: the contacts remembered at start-up (or 112 alone)."""
    return f"Sorry, I can't look up the information right now. You're welcome to call instead:\n{contacts}"
