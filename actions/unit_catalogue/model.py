"""The catalogue's data model: plain, immutable records shared by loader, builder and queries.

Every text a person reads is Danish in its own field and English in the field of the same
name with `_en` (catalogue/*.yml has them side by side, with one source reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Ref:
    """Where a fact comes from: source ids and a human-readable locator."""

    source_ids: tuple[str, ...]
    text: str

    @property
    def source_id(self) -> str:
        return self.source_ids[0]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: str
    kind: str = "document"
    seed: str | None = None
    note: str | None = None
    municipality_id: str | None = None


@dataclass(frozen=True)
class Interval:
    """Opening interval in local wall-clock minutes since midnight."""

    opens: int
    closes: int

    @staticmethod
    def clock(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    def __str__(self) -> str:
        return f"{self.clock(self.opens)}-{self.clock(self.closes)}"


@dataclass(frozen=True)
class Planned:
    """An announced but unconfirmed change, e.g. Gladsaxe's late Monday opening."""

    weekday: int
    until: int
    text: str
    ref: Ref
    text_en: str | None = None


@dataclass(frozen=True)
class HoursSet:
    kind: str  # open | phone | counselling | treatment
    status: str  # stated | ambiguous | not_stated
    ref: Ref
    week: tuple[tuple[Interval, ...], ...] = ((),) * 7  # index 0 = Monday
    closed_days: frozenset[int] = frozenset()  # days the source says are closed
    all_year: bool = False  # open on public holidays too ("alle årets dage")
    note: str | None = None
    planned: Planned | None = None
    title: str = ""  # the kind's label in catalogue/vocabulary.yml ("åbningstider"), filled by the query layer
    note_en: str | None = None  # the note's English wording (the loader's; the query layer puts the language's in `note`)


@dataclass(frozen=True)
class Offer:
    values: tuple[str, ...]
    ref: Ref


@dataclass(frozen=True)
class Condition:
    text: str
    ref: Ref
    text_en: str | None = None
    # False: only in the unit's full description, not on the short card that answers
    # "where do I go" (a condition that belongs to one topic, already said in that topic's fact)
    on_card: bool = True


@dataclass(frozen=True)
class Unit:
    id: str
    municipality_id: str
    name: str
    kind: str
    summary: str
    ref: Ref
    file: str
    aliases: tuple[str, ...] = ()
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    contact_via: str | None = None
    contact_note: str | None = None
    serves: Offer | None = None
    age_min: int | None = None
    age_max: int | None = None
    age_ref: Ref | None = None
    substances: Offer | None = None
    help: Offer | None = None
    anonymous_talks: str | None = None
    anonymous_max_talks: int | None = None
    anonymous_ref: Ref | None = None
    for_relatives: bool = False
    for_relatives_ref: Ref | None = None
    walk_in: bool | None = None
    walk_in_ref: Ref | None = None
    conditions: tuple[Condition, ...] = ()
    hours: tuple[HoursSet, ...] = ()
    summary_en: str | None = None
    contact_note_en: str | None = None
    anonymous_talks_en: str | None = None


@dataclass(frozen=True)
class Authority:
    id: str
    name: str
    ref: Ref
    phone: str | None = None
    email: str | None = None
    secure_email: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Complaint:
    municipality_id: str
    kind: str
    text: str
    ref: Ref
    deadline: str | None = None
    bodies: tuple[str, ...] = ()
    text_en: str | None = None
    deadline_en: str | None = None


@dataclass(frozen=True)
class Fact:
    municipality_id: str
    topic: str
    text: str
    ref: Ref
    text_en: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    ref: Ref
    municipality_id: str | None = None  # one of ours, or None for elsewhere
    outside_municipality: str | None = None  # e.g. "Tårnby"
    note: str | None = None
    note_en: str | None = None


@dataclass(frozen=True)
class PostcodeRange:
    municipality_id: str
    low: int
    high: int
    ref: Ref


@dataclass(frozen=True)
class HistoricName:
    municipality_id: str
    name: str
    was: str
    ref: Ref
    aliases: tuple[str, ...] = ()
    now: tuple[str, ...] = ()
    was_en: str | None = None


@dataclass(frozen=True)
class CrisisContact:
    id: str
    label: str
    phone: str
    when: str
    ref: Ref
    label_en: str | None = None
    when_en: str | None = None


@dataclass(frozen=True)
class NationalText:
    """A short answer that is not about one municipality (e.g. outside our area)."""

    id: str
    text: str
    ref: Ref
    text_en: str | None = None


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    names: tuple[str, ...]
    source_id: str
    contact_unit: str
    file: str
    name_en: str | None = None


@dataclass
class Catalogue:
    """Everything the YAML files say, validated."""

    sources: dict[str, Source] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    authorities: dict[str, Authority] = field(default_factory=dict)
    complaints: list[Complaint] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    postcodes: list[PostcodeRange] = field(default_factory=list)
    historic_names: list[HistoricName] = field(default_factory=list)
    crisis: list[CrisisContact] = field(default_factory=list)
    texts: dict[str, NationalText] = field(default_factory=dict)
    other_municipalities: list[Place] = field(default_factory=list)
    municipality_order: tuple[str, ...] = ()  # national.yml: the order the assistant names them in
    vocabulary: dict = field(default_factory=dict)
    input_digest: str = ""
