"""Turn what the NLU extracted (entities, slots) into catalogue terms.

The NLU maps most words to canonical values already (synonyms: "pot" ->
cannabis, "sytten" -> 17); these helpers accept both and never guess beyond
what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .unit_catalogue.query import CatalogueDB, PlaceMatch

UNKNOWN = "unknown"
OUTSIDE = "outside"
_NUMBER_WORDS = {
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
    "tretten": 13,
    "fjorten": 14,
    "femten": 15,
    "seksten": 16,
    "sytten": 17,
    "atten": 18,
    "nitten": 19,
    "tyve": 20,
    "enogtyve": 21,
    "toogtyve": 22,
    "treogtyve": 23,
    "fireogtyve": 24,
    "femogtyve": 25,
    "tredive": 30,
    "fyrre": 40,
    "halvtreds": 50,
    "tres": 60,
    "halvfjerds": 70,
}
# English number words; "twenty one" / "twenty-one" are read in parse_age.
_EN_NUMBER_WORDS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
}
_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_EN_COMPOUND = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy)[\s-]+(one|two|three|four|five|six|seven|eight|nine)\b")


def parse_age(value: Any) -> int | None:
    """'17', '17 år', 'sytten', 'seventeen', 'twenty-one', 17.0 -> 17; anything else -> None."""
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
            compound = _EN_COMPOUND.search(text)
            if age is None and compound:
                age = _EN_NUMBER_WORDS[compound.group(1)] + _EN_UNITS[compound.group(2)]
            if age is None:
                age = next((n for word, n in _EN_NUMBER_WORDS.items() if re.search(rf"\b{word}\b", text)), None)
            if age is None:
                return None
    return age if 5 <= age <= 110 else None


def canonical_substance(db: CatalogueDB, value: Any) -> str | None:
    """A substance id from catalogue/vocabulary.yml, or None for anything else."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    value = str(value).strip().lower()
    return value if value in db.vocabulary_keys("substances") else None


@dataclass(frozen=True)
class Residence:
    municipality_id: str | None  # one of ours
    outside: str | None = None  # another municipality's name, or "" if unnamed
    note: str | None = None


def resolve_residence(db: CatalogueDB, text: str | None) -> Residence | None:
    """A place as typed ('nørrebro', '2860', 'en anden kommune') -> where the person lives."""
    if not text:
        return None
    if text in db.municipality_ids():
        return Residence(text)
    if text == OUTSIDE or re.search(
        r"\b(anden|andet|andre|en helt anden)\s+(kommune|by|sted i landet)\b|\b(another|a different|other)\s+(municipality|kommune|town|city)\b",
        text.lower(),
    ):
        return Residence(None, outside="")
    match: PlaceMatch | None = db.resolve_place(text)
    if match is None:
        return None
    if match.municipality_id:
        return Residence(match.municipality_id, note=match.note)
    return Residence(None, outside=match.outside or "")
