"""How the assistant says things: Danish reply text built from catalogue records.

Kept apart from the actions so the actions stay thin (read slots, ask the
catalogue, send what this module writes) and so the wording is tested once.
Line prefixes "Adresse:" and "Telefon:" are a contract with the web widget,
which turns them into map and tel: links.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Iterable, Optional

from .catalogue.hours import describe_day, describe_status, describe_week
from .catalogue.query import CatalogueDB, ComplaintInfo, Match, UnitInfo, format_phone

MUNICIPALITY_BUTTON_NAMES = {"kobenhavn": "København", "frederiksberg": "Frederiksberg", "gladsaxe": "Gladsaxe",
                             "rodovre": "Rødovre"}


def payload(intent: str, **entities: str) -> str:
    """A button payload that skips NLU: '/ask_hours{"unit": "Nyropsgade"}'."""
    return f"/{intent}" + (json.dumps(entities, ensure_ascii=False) if entities else "")


def button(title: str, intent: str, **entities: str) -> dict:
    return {"title": title, "payload": payload(intent, **entities)}


def municipality_buttons(intent: str, **entities: str) -> list[dict]:
    """One button per municipality that repeats the question with the place."""
    return [button(name, intent, place=name, **entities) for name in MUNICIPALITY_BUTTON_NAMES.values()]


NEXT_STEP_BUTTONS = [
    button("Åbningstider", "ask_hours"),
    button("Anonymt", "ask_anonymity"),
    button("Pårørende", "relative_help"),
    button("Rettigheder", "ask_rights"),
    button("Start forfra", "restart"),
]


def source_line(db: CatalogueDB, municipality_id: str) -> str:
    return f"Oplysninger fra {db.source_phrase(municipality_id)}."


def contact_lines(unit: UnitInfo) -> list[str]:
    """'Adresse: …' and 'Telefon: …' lines, saying plainly what the source lacks."""
    c = unit.contact
    lines = []
    if c.address:
        lines.append(f"Adresse: {c.address}")
    if c.phone:
        via = f" ({c.via_name})" if c.via_name else ""
        lines.append(f"Telefon: {c.phone_display}{via}")
    if c.email:
        lines.append(f"E-mail: {c.email}")
    if c.note and (not c.address or not c.phone or c.via_name):
        lines.append(c.note)
    if not c.phone and not c.note:
        lines.append("Kilden giver ingen telefon.")
    return lines


def today_line(unit: UnitInfo, moment: datetime) -> str:
    """'I dag: 8.00–12.00 og 15.00–18.00. Åbent nu – lukker kl. 12.00.'"""
    hours = unit.hours_of()
    if hours is None or hours.status == "not_stated":
        return "Åbningstider står ikke i kilden – ring og hør." if unit.contact.phone else "Åbningstider står ikke i kilden."
    day = describe_day(hours, moment.date()).split(": ", 1)[1]
    prefix = {"phone": "Telefontid i dag", "counselling": "Rådgivning i dag"}.get(hours.kind, "I dag")
    return f"{prefix}: {day}. {describe_status(hours, moment)}"


def unit_card(match: Match, moment: datetime) -> str:
    unit = match.unit
    lines = [unit.name]
    if match.reasons:
        lines.append("Passer, fordi: " + ", ".join(match.reasons) + ".")
    lines += contact_lines(unit)
    lines.append(today_line(unit, moment))
    return "\n".join(lines)


def hours_block(db: CatalogueDB, unit: UnitInfo, moment: datetime, day: Optional[date] = None, kind: Optional[str] = None,
                now_only: bool = False, with_phone: bool = True) -> str:
    """A unit's hours for now, a day, or the whole week, honest about gaps."""
    hours = unit.hours_of(kind)
    lines = [unit.name]
    if kind and hours is None:
        label = db.label("hour_kinds", kind)
        lines.append(f"Kilden nævner ingen særskilt {label}.")
        hours = unit.hours_of()
    if hours is None or hours.status == "not_stated":
        lines.append("Kilden oplyser ingen åbningstider.")
        phone = unit.contact.phone_display
        lines.append(f"Ring og hør på {phone}." if phone else (unit.contact.note or "Kilden giver heller ingen telefon."))
        return "\n".join(lines)
    title = {"open": "Åbningstider", "phone": "Telefontider", "counselling": "Rådgivningen er åben",
             "treatment": "Åbent for behandling"}[hours.kind]
    if now_only:
        lines.append(describe_status(hours, moment))
    elif day is not None:
        lines.append(f"{title} {describe_day(hours, day)}.")
        if day == moment.date():
            lines.append(describe_status(hours, moment))
    else:
        lines.append(f"{title}:")
        lines += describe_week(hours)
        lines.append(describe_status(hours, moment))
    if hours.status == "ambiguous" and hours.note:
        lines.append(f"Bemærk: {hours.note} Ring og hør.")
    if hours.planned and (day is None or day.weekday() == hours.planned.weekday):
        lines.append(hours.planned.text)
    if with_phone and unit.contact.phone:
        lines.append(f"Telefon: {unit.contact.phone_display}")
    return "\n".join(lines)


def group_by_text(blocks: Iterable[tuple[UnitInfo, str]]) -> list[str]:
    """Merge units whose hours text is identical: one block, all names, each phone."""
    grouped: dict[str, list[UnitInfo]] = {}
    for unit, body in blocks:
        grouped.setdefault(body, []).append(unit)
    out = []
    for body, units in grouped.items():
        names = [u.name for u in units]
        title = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]} har samme tider"
        phones = [(u.name, u.contact.phone_display) for u in units if u.contact.phone]
        if len(units) == 1:
            phone_lines = [f"Telefon: {phone}" for _, phone in phones]
        else:
            phone_lines = [f"Telefon: {phone} ({name})" for name, phone in phones]
        out.append("\n".join([title, body, *phone_lines]))
    return out


def complaint_text(c: ComplaintInfo) -> str:
    lines = [f"Klage over {c.kind_label}:", c.text]
    if c.deadline:
        lines.append(f"Frist: {c.deadline}")
    for body in c.bodies:
        parts = [body["name"]]
        if body["phone"]:
            parts.append(f"Telefon: {format_phone(body['phone'])}")
        if body["email"]:
            parts.append(f"E-mail: {body['email']}")
        if body.get("secure_email"):
            parts.append(f"Sikker mail: {body['secure_email']}")
        if body.get("street"):
            parts.append("Adresse: " + ", ".join(p for p in (body["street"], " ".join(x for x in (body["postcode"], body["city"]) if x)) if p))
        lines.append(" · ".join(parts[:1]) + ("\n" + "\n".join(parts[1:]) if len(parts) > 1 else ""))
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


def main_contacts_text(db: CatalogueDB, municipality_id: Optional[str] = None) -> str:
    """'Gladsaxe Rusmiddelcenter: 39 57 39 00' per municipality (or just one)."""
    units = [db.contact_unit(municipality_id)] if municipality_id else db.main_contacts()
    lines = []
    for unit in units:
        phone = unit.contact.phone_display
        lines.append(f"{unit.municipality}: {unit.name}, telefon {phone}" if phone else f"{unit.municipality}: {unit.name}")
    return "\n".join(lines)


def next_weekday(moment: datetime, weekday: int) -> date:
    return (moment + timedelta(days=(weekday - moment.weekday()) % 7)).date()
