"""The records the query layer hands out: units, their contact, what a person needs, and why a unit fits.

Plain frozen dataclasses with no database behind them and no wording: how a record
is said to a person is actions/replies.py's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import HoursSet

HOURS_PREFERENCE = ("open", "counselling", "treatment", "phone")


class CatalogueUnavailable(RuntimeError):
    """The catalogue database is missing, unreadable or from another version."""


def format_phone(number: str | None) -> str | None:
    """'33178040' -> '33 17 80 40'; service numbers as printed: '70 210 220'."""
    if not number:
        return number
    if len(number) == 8 and number[:2] in ("70", "80"):
        return f"{number[:2]} {number[2:5]} {number[5:]}"
    if len(number) == 8:
        return " ".join(number[i : i + 2] for i in range(0, 8, 2))
    return number


@dataclass(frozen=True)
class Contact:
    """How to reach a unit: its own details or, failing those, another unit's."""

    street: str | None
    postcode: str | None
    city: str | None
    phone: str | None
    email: str | None
    via_name: str | None = None  # the phone/address belong to this other unit
    note: str | None = None
    via_ages: tuple[int | None, int | None] = (None, None)  # who that other unit serves
    via_address: str | None = None  # that other unit's address, when this one has none
    via_first: str | None = None  # the unit it is reached through directly (KABS -> the centre -> the municipality)

    def via_serves(self, age: int | None) -> bool:
        """Whether the unit whose number this is takes a person of `age` (unknown age: yes)."""
        low, high = self.via_ages
        return age is None or ((low is None or age >= low) and (high is None or age <= high))

    @property
    def address(self) -> str | None:
        if not self.street:
            return None
        return ", ".join(p for p in (self.street, " ".join(p for p in (self.postcode, self.city) if p)) if p)

    @property
    def phone_display(self) -> str | None:
        return format_phone(self.phone)


@dataclass(frozen=True)
class UnitInfo:
    id: str
    municipality_id: str
    municipality: str
    name: str
    kind: str
    summary: str
    contact: Contact
    age_min: int | None
    age_max: int | None
    anonymous_talks: str | None
    for_relatives: bool
    walk_in: bool | None
    substances: tuple[str, ...]
    help: tuple[str, ...]
    conditions: tuple[str, ...]
    hours: tuple[HoursSet, ...]
    ref: str
    via_hours: tuple[HoursSet, ...] = ()  # hours of the unit it is reached through (contact_via)
    card_conditions: tuple[str, ...] = ()  # the conditions shown on the short card (all are in `conditions`)

    def hours_of(self, kind: str | None = None) -> HoursSet | None:
        """The hours of `kind`, or the most useful kind this unit has."""
        by_kind = {h.kind: h for h in self.hours}
        if kind:
            return by_kind.get(kind)
        for k in HOURS_PREFERENCE:
            if k in by_kind and by_kind[k].status != "not_stated":
                return by_kind[k]
        return next(iter(self.hours), None)

    def reached_hours(self) -> HoursSet | None:
        """When the unit's own hours are not known but it is reached through another unit
        whose hours are (U-Turn through Ungecentret): those hours."""
        own = self.hours_of()
        if own is not None and own.status != "not_stated":
            return None
        return next((h for h in self.via_hours if h.status != "not_stated"), None)


@dataclass(frozen=True)
class Need:
    """What a person told us, in canonical values (see catalogue/vocabulary.yml)."""

    municipality_id: str
    substance: str | None = None
    age: int | None = None
    anonymous: bool | None = None
    for_relative: bool = False
    help: str | None = None  # a special need: substitution, pregnancy, home, ...


@dataclass(frozen=True)
class Reason:
    """Why a unit fits the person; actions/replies.py says it."""

    kind: str  # one of REASONS
    value: str | None = None  # the substance or help id, or the unit's own anonymity text


REASONS = ("relatives", "age", "substance", "help", "anonymous", "walk_in", "grants_youth", "way_in")


@dataclass(frozen=True)
class Note:
    """Something the person should know about the recommendation as a whole; actions/replies.py says it."""

    kind: str  # one of NOTES
    municipality_id: str | None = None
    value: str | None = None  # the help or substance id, or a catalogue fact's own text
    age: int | None = None


NOTES = ("no_offer_for_age", "no_special_offer", "anonymity_unknown", "no_substance_info", "fact")


@dataclass
class Match:
    unit: UnitInfo
    score: int
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Recommendation:
    matches: list[Match]
    notes: list[Note]


@dataclass(frozen=True)
class PlaceMatch:
    name: str
    municipality_id: str | None  # one of ours
    outside: str | None  # another Danish municipality
    note: str | None = None


@dataclass(frozen=True)
class NameMatch:
    unit_id: str
    name_folded: str  # the name or alias as matched (folded)
    position: int  # where in the folded message


@dataclass(frozen=True)
class HistoricMatch:
    name: str
    was: str
    now: tuple[str, ...]
    municipality_id: str
    ref: str


@dataclass(frozen=True)
class ComplaintInfo:
    kind: str
    kind_label: str
    text: str
    deadline: str | None
    bodies: tuple[dict, ...]
    ref: str
