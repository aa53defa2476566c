"""Turn what the NLU extracted (entities, slots) into catalogue terms.

The NLU maps most words to canonical values already (synonyms: "pot" ->
cannabis, "sytten" -> 17); these helpers accept both and never guess beyond
what was said.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Optional

from rasa_sdk import Tracker

from .catalogue.query import CatalogueDB, Need, PlaceMatch, UnitInfo

SUBSTANCES = ("alcohol", "cannabis", "cocaine", "amphetamine", "mdma", "party_drugs", "ketamine", "opioids",
              "benzodiazepines", "illegal_drugs")
UNKNOWN = "unknown"
OUTSIDE = "outside"
_NUMBER_WORDS = {
    "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
    "atten": 18, "nitten": 19, "tyve": 20, "enogtyve": 21, "toogtyve": 22, "treogtyve": 23, "fireogtyve": 24,
    "femogtyve": 25, "tredive": 30, "fyrre": 40, "halvtreds": 50, "tres": 60, "halvfjerds": 70,
}
_DAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def parse_age(value: Any) -> Optional[int]:
    """'17', '17 år', 'sytten', 17.0 -> 17; anything else -> None."""
    if value is None or value == UNKNOWN:
        return None
    if isinstance(value, (int, float)):
        age = int(value)
    else:
        text = str(value).lower().strip()
        digits = re.search(r"\d{1,3}", text)
        if digits:
            age = int(digits.group())
        else:
            age = next((n for word, n in _NUMBER_WORDS.items() if re.search(rf"\b{word}\b", text)), None)
            if age is None:
                return None
    return age if 5 <= age <= 110 else None


def canonical_substance(value: Any) -> Optional[str]:
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    value = str(value).strip().lower()
    return value if value in SUBSTANCES else None


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(entity), None)


@dataclass(frozen=True)
class Residence:
    municipality_id: Optional[str]  # one of ours
    outside: Optional[str] = None  # another municipality's name, or "" if unnamed
    note: Optional[str] = None


def resolve_residence(db: CatalogueDB, text: Optional[str]) -> Optional[Residence]:
    """A place as typed ('nørrebro', '2860', 'en anden kommune') -> where the person lives."""
    if not text:
        return None
    if text in db.municipality_ids():
        return Residence(text)
    if text == OUTSIDE or re.search(r"\b(anden|andet|andre)\b", text.lower()):
        return Residence(None, outside="")
    match: Optional[PlaceMatch] = db.resolve_place(text)
    if match is None:
        return None
    if match.municipality_id:
        return Residence(match.municipality_id, note=match.note)
    return Residence(None, outside=match.outside or "")


def current_municipality(db: CatalogueDB, tracker: Tracker) -> Optional[str]:
    """The person's municipality: a place named in this message wins over the slot."""
    for text in (latest_entity(tracker, "place"), tracker.get_slot("municipality")):
        residence = resolve_residence(db, text)
        if residence and residence.municipality_id:
            return residence.municipality_id
    return None


def need_from_slots(db: CatalogueDB, tracker: Tracker, municipality_id: str, for_relative: bool = False) -> Need:
    anonymous = tracker.get_slot("wants_anonymous")
    return Need(
        municipality_id=municipality_id,
        substance=canonical_substance(tracker.get_slot("substance")),
        age=parse_age(tracker.get_slot("age")),
        anonymous=bool(anonymous) if anonymous is not None else None,
        for_relative=for_relative,
        help=tracker.get_slot("need") or None,
    )


def mentioned_units(db: CatalogueDB, tracker: Tracker) -> list[UnitInfo]:
    """Units named in this message, else the one asked about before, else the last recommendation."""
    municipality = current_municipality(db, tracker)
    named = latest_entity(tracker, "unit")
    if named:
        return db.find_units(named, municipality)[:3]
    text = tracker.latest_message.get("text") or ""
    if text and not text.startswith("/"):
        found = db.find_units(text, municipality)
        if found and len(found) <= 3:
            return found
    if tracker.get_slot("unit"):
        return db.find_units(tracker.get_slot("unit"), municipality)[:3]
    recommended = tracker.get_slot("recommended") or []
    return [db.unit(uid) for uid in recommended if _exists(db, uid)]


def _exists(db: CatalogueDB, unit_id: str) -> bool:
    try:
        db.unit(unit_id)
        return True
    except KeyError:
        return False


def requested_day(tracker: Tracker, moment: datetime) -> Optional[list[date]]:
    """The day(s) asked about: 'i morgen', 'om torsdagen', 'weekend'. None = not asked."""
    value = latest_entity(tracker, "day")
    if not value:
        return None
    value = str(value).lower()
    if value == "today":
        return [moment.date()]
    if value == "tomorrow":
        return [moment.date() + timedelta(days=1)]
    if value == "weekend":
        saturday = moment.date() + timedelta(days=(5 - moment.weekday()) % 7)
        return [saturday, saturday + timedelta(days=1)]
    if value in _DAYS:
        return [moment.date() + timedelta(days=(_DAYS[value] - moment.weekday()) % 7)]
    return None
