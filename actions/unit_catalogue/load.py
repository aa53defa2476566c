"""Load and validate the catalogue YAML files.

Every problem is reported with file, unit and field, and all problems are
collected before giving up, so staff can fix a file in one go:

    kobenhavn.yml: unit kk-nyropsgade: hours[0].week.mon: "25:00" is not a time of day

Every text a person reads has its English wording beside the Danish, in the field of
the same name with `_en` (`summary` / `summary_en`; a list of `conditions` has a
`conditions_en` list of the same length); a Danish text without it is a problem:

    kobenhavn.yml: unit kk-u-turn: summary_en: missing: the English wording of summary ...
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from textfold import fold

from .model import (
    WEEKDAYS,
    Authority,
    Catalogue,
    Complaint,
    Condition,
    CrisisContact,
    Fact,
    HistoricName,
    HoursSet,
    Interval,
    Municipality,
    NationalText,
    Offer,
    Place,
    Planned,
    PostcodeRange,
    Ref,
    Source,
    Unit,
)

VOCABULARY_FILE = "vocabulary.yml"
NATIONAL_FILE = "national.yml"
UNIT_KINDS = ("treatment", "counselling", "outreach", "line", "authority", "relatives_group")

_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_SOURCE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
_LOCATOR = re.compile(r'(l\.\s*\d+|"[^"]+")')
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


@dataclass(frozen=True)
class Problem:
    file: str
    where: str  # "unit kk-nyropsgade", "facts[3]", ...
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.field}: {self.message}"


class CatalogueInvalid(Exception):
    """The YAML files have problems; nothing was built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the unit catalogue:\n" + "\n".join(f"  {p}" for p in problems))


class _Reader:
    """Walks one YAML file, recording problems instead of raising."""

    def __init__(self, file: str, problems: list[Problem], sources: dict[str, Source]):
        self.file = file
        self.problems = problems
        self.sources = sources

    def problem(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, field, message))

    def mapping(self, value: Any, where: str, field: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            self.problem(where, field, f"expected a mapping, got {type(value).__name__}")
            return {}
        for key in value:
            if key not in allowed:
                self.problem(where, f"{field}.{key}" if field else str(key), f"unknown field (allowed: {', '.join(allowed)})")
        for key in required:
            if value.get(key) in (None, "", [], {}):
                self.problem(where, f"{field}.{key}" if field else key, "missing")
        return value

    def text(self, value: Any, where: str, field: str, required: bool = True) -> str | None:
        if value is None:
            if required:
                self.problem(where, field, "missing")
            return None
        if not isinstance(value, (str, int, float)):
            self.problem(where, field, f"expected text, got {type(value).__name__}")
            return None
        text = " ".join(str(value).split())
        if required and not text:
            self.problem(where, field, "empty")
        return text or None

    def english(self, data: dict, key: str, where: str, field: str) -> str | None:
        """The English wording `<key>_en` beside the Danish text `data[key]`: required when the Danish is there.

        `field` is how problems name the Danish field ("hours[0].note"); the English one is `field` + "_en".
        """
        danish, english = data.get(key), data.get(f"{key}_en")
        if danish in (None, ""):
            if english not in (None, ""):
                self.problem(where, f"{field}_en", f"an English wording without the Danish {field}")
            return None
        if english in (None, ""):
            self.problem(where, f"{field}_en", f"missing: the English wording of {field} (every Danish text has one beside it)")
            return None
        return self.text(english, where, f"{field}_en")

    def ref(self, value: Any, where: str, field: str) -> Ref | None:
        """Parse 'kk-2025 "Section" l.10-20; other-src l.5' into a Ref."""
        if value in (None, ""):
            self.problem(where, field, "missing source (every fact needs a ref: source id and where in it)")
            return None
        if not isinstance(value, str):
            self.problem(where, field, f"expected a reference like 'kk-2025 \"Section\" l.10-20', got {type(value).__name__}")
            return None
        text = " ".join(value.split())
        ids: list[str] = []
        for i, part in enumerate(p.strip() for p in text.split(";")):
            first = part.split(" ", 1)[0]
            if first in self.sources:
                ids.append(first)
            elif i == 0 or _SOURCE_ID.match(first):
                self.problem(where, field, f"unknown source {first!r} (known: {', '.join(sorted(self.sources))})")
                return None
        if not _LOCATOR.search(text):
            self.problem(where, field, f"{text!r} says which document but not where in it (add a section in quotes or l.<line>)")
            return None
        return Ref(tuple(dict.fromkeys(ids)), text)

    def phone(self, value: Any, where: str, field: str, digits: tuple[int, ...] = (8,)) -> str | None:
        if value is None:
            return None
        number = re.sub(r"[\s-]", "", str(value))
        if not number.isdigit() or len(number) not in digits:
            self.problem(where, field, f"{value!r} is not a Danish phone number ({' or '.join(map(str, digits))} digits)")
            return None
        return number

    def email(self, value: Any, where: str, field: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not _EMAIL.match(value):
            self.problem(where, field, f"{value!r} is not an e-mail address")
            return None
        return value

    def postcode(self, value: Any, where: str, field: str) -> str | None:
        if value is None:
            return None
        code = str(value).strip()
        if not (code.isdigit() and len(code) == 4):
            self.problem(where, field, f"{value!r} is not a 4-digit postcode")
            return None
        return code

    def string_list(self, value: Any, where: str, field: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.problem(where, field, "expected a list of names")
            return ()
        return tuple(str(v) for v in value)

    def vocab_list(self, value: Any, where: str, field: str, vocabulary: dict, what: str) -> tuple[str, ...]:
        values = self.string_list(value, where, field)
        for v in values:
            if v not in vocabulary:
                self.problem(where, field, f"unknown {what} {v!r} (known: {', '.join(vocabulary)})")
        return values


def _time(reader: _Reader, text: str, where: str, field: str) -> int | None:
    match = _TIME.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        reader.problem(where, field, f"{text!r} is not a time of day (HH:MM, 00:00–23:59)")
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def _interval(reader: _Reader, value: Any, where: str, field: str) -> Interval | None:
    if not isinstance(value, str) or value.count("-") != 1:
        reader.problem(where, field, f'{value!r} is not an interval like "08:00-12:00"')
        return None
    start, end = value.split("-")
    opens, closes = _time(reader, start, where, field), _time(reader, end, where, field)
    if opens is None or closes is None:
        return None
    if closes <= opens:
        reader.problem(where, field, f"{value!r} closes before it opens")
        return None
    return Interval(opens, closes)


def _hours_set(reader: _Reader, raw: Any, where: str, field: str, vocab: dict) -> list[HoursSet]:
    data = reader.mapping(
        raw, where, field, ("kinds", "status", "ref", "week", "all_year", "note", "note_en", "planned"), ("kinds", "status")
    )
    note_en = reader.english(data, "note", where, f"{field}.note")
    kinds = reader.vocab_list(data.get("kinds"), where, f"{field}.kinds", vocab["hour_kinds"], "kind of hours")
    status = data.get("status")
    if status is not None and status not in vocab["hours_status"]:
        reader.problem(where, f"{field}.status", f"unknown status {status!r} (known: {', '.join(vocab['hours_status'])})")
    ref = reader.ref(data.get("ref"), where, f"{field}.ref")
    week: list[tuple[Interval, ...]] = [()] * 7
    closed: set[int] = set()
    raw_week = data.get("week")
    if status in ("stated", "ambiguous") and not raw_week:
        reader.problem(where, f"{field}.week", f"status {status} needs the week's hours")
    if status == "not_stated" and raw_week:
        reader.problem(where, f"{field}.week", "status not_stated cannot list hours")
    if status == "ambiguous" and not data.get("note"):
        reader.problem(where, f"{field}.note", "ambiguous hours need a note saying what is uncertain")
    if raw_week:
        if not isinstance(raw_week, dict):
            reader.problem(where, f"{field}.week", "expected weekdays mon..sun")
            raw_week = {}
        for day, spans in raw_week.items():
            if day not in WEEKDAYS:
                reader.problem(where, f"{field}.week.{day}", f"unknown weekday {day!r} (use {', '.join(WEEKDAYS)})")
                continue
            index = WEEKDAYS.index(day)
            if spans == "closed":
                closed.add(index)
                continue
            if not isinstance(spans, list) or not spans:
                reader.problem(where, f"{field}.week.{day}", "expected a list of intervals or 'closed'")
                continue
            intervals = [iv for iv in (_interval(reader, s, where, f"{field}.week.{day}") for s in spans) if iv]
            intervals.sort(key=lambda iv: iv.opens)
            for before, after in zip(intervals, intervals[1:]):
                if after.opens < before.closes:
                    reader.problem(where, f"{field}.week.{day}", f"intervals {before} and {after} overlap")
            week[index] = tuple(intervals)
    planned = None
    if data.get("planned") is not None:
        p = reader.mapping(
            data["planned"],
            where,
            f"{field}.planned",
            ("weekday", "until", "text", "text_en", "ref"),
            ("weekday", "until", "text", "ref"),
        )
        planned_en = reader.english(p, "text", where, f"{field}.planned.text")
        if p.get("weekday") not in WEEKDAYS:
            reader.problem(where, f"{field}.planned.weekday", f"unknown weekday {p.get('weekday')!r}")
        until = _time(reader, str(p.get("until", "")), where, f"{field}.planned.until")
        pref = reader.ref(p.get("ref"), where, f"{field}.planned.ref")
        if p.get("weekday") in WEEKDAYS and until is not None and pref and p.get("text"):
            planned = Planned(WEEKDAYS.index(p["weekday"]), until, " ".join(str(p["text"]).split()), pref, planned_en)
    if ref is None or status is None:
        return []
    return [
        HoursSet(
            kind=kind,
            status=status,
            ref=ref,
            week=tuple(week),
            closed_days=frozenset(closed),
            all_year=bool(data.get("all_year", False)),
            note=" ".join(str(data["note"]).split()) if data.get("note") else None,
            planned=planned,
            note_en=note_en,
        )
        for kind in kinds
    ]


def _offer(reader: _Reader, raw: Any, where: str, field: str, vocabulary: dict | None, what: str) -> Offer | None:
    if raw is None:
        return None
    data = reader.mapping(raw, where, field, ("values", "ref"), ("values", "ref"))
    if vocabulary is None:
        values = reader.string_list(data.get("values"), where, f"{field}.values")
    else:
        values = reader.vocab_list(data.get("values"), where, f"{field}.values", vocabulary, what)
    ref = reader.ref(data.get("ref"), where, f"{field}.ref")
    return Offer(values, ref) if ref else None


UNIT_FIELDS = (
    "id",
    "name",
    "aliases",
    "kind",
    "summary",
    "summary_en",
    "address",
    "phone",
    "email",
    "ref",
    "serves",
    "contact_via",
    "contact_note",
    "contact_note_en",
    "age",
    "substances",
    "help",
    "anonymous",
    "for_relatives",
    "walk_in",
    "conditions",
    "conditions_en",
    "hours",
)


def _unit(reader: _Reader, raw: Any, index: int, municipality_id: str, vocab: dict) -> Unit | None:
    where = f"units[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        where = f"unit {raw['id']}"
    data = reader.mapping(raw, where, "", UNIT_FIELDS, ("id", "name", "kind", "summary", "ref"))
    if not data:
        return None
    kind = data.get("kind")
    if kind is not None and kind not in UNIT_KINDS:
        reader.problem(where, "kind", f"unknown kind {kind!r} (known: {', '.join(UNIT_KINDS)})")
    address = reader.mapping(data.get("address") or {}, where, "address", ("street", "postcode", "city"))
    if data.get("address") is not None:
        reader.mapping(address, where, "address", ("street", "postcode", "city"), ("street", "postcode", "city"))
    age = reader.mapping(data.get("age") or {}, where, "age", ("min", "max", "ref"))
    age_min, age_max = age.get("min"), age.get("max")
    for name, value in (("age.min", age_min), ("age.max", age_max)):
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 120):
            reader.problem(where, name, f"{value!r} is not an age")
    if isinstance(age_min, int) and isinstance(age_max, int) and age_min > age_max:
        reader.problem(where, "age", f"min {age_min} is above max {age_max}")
    anonymous = reader.mapping(data.get("anonymous") or {}, where, "anonymous", ("talks", "talks_en", "max_talks", "ref"))
    relatives = reader.mapping(data.get("for_relatives") or {}, where, "for_relatives", ("value", "ref"))
    walk_in = reader.mapping(data.get("walk_in") or {}, where, "walk_in", ("value", "ref"))
    phone = reader.phone(data.get("phone"), where, "phone")
    if phone is None and data.get("phone") is None and not data.get("contact_via") and not data.get("contact_note"):
        reader.problem(where, "phone", "no phone: give contact_via (another unit) or a contact_note saying why")
    summary_en = reader.english(data, "summary", where, "summary")
    contact_note_en = reader.english(data, "contact_note", where, "contact_note")
    anonymous_talks_en = reader.english(anonymous, "talks", where, "anonymous.talks") if anonymous else None
    conditions = []
    raw_conditions = data.get("conditions") or []
    conditions_en = _conditions_en(reader, data, where)
    for i, c in enumerate(raw_conditions):
        cd = reader.mapping(c, where, f"conditions[{i}]", ("text", "ref", "on_card"), ("text", "ref"))
        cref = reader.ref(cd.get("ref"), where, f"conditions[{i}].ref")
        ctext = reader.text(cd.get("text"), where, f"conditions[{i}].text")
        on_card = cd.get("on_card", True)
        if not isinstance(on_card, bool):
            reader.problem(where, f"conditions[{i}].on_card", f"expected true or false, got {on_card!r}")
            on_card = True
        if cref and ctext:
            conditions.append(Condition(ctext, cref, conditions_en[i] if i < len(conditions_en) else None, on_card))
    hours: list[HoursSet] = []
    raw_hours = data.get("hours")
    if not raw_hours:
        reader.problem(where, "hours", "missing: list the hours, or one set with status not_stated")
    else:
        for i, h in enumerate(raw_hours):
            hours.extend(_hours_set(reader, h, where, f"hours[{i}]", vocab))
    kinds_seen = [h.kind for h in hours]
    for k in set(kinds_seen):
        if kinds_seen.count(k) > 1:
            reader.problem(where, "hours", f"two sets of {k!r} hours; merge them")

    def optional_ref(d: dict, field: str) -> Ref | None:
        return reader.ref(d.get("ref"), where, f"{field}.ref") if d else None

    ref = reader.ref(data.get("ref"), where, "ref")
    unit_id = data.get("id")
    if not isinstance(unit_id, str) or not re.match(r"^[a-z0-9-]+$", unit_id or ""):
        reader.problem(where, "id", f"{unit_id!r} is not an id (lowercase letters, digits and dashes)")
        return None
    if ref is None or not data.get("name") or not data.get("summary") or kind not in UNIT_KINDS:
        return None
    return Unit(
        id=unit_id,
        municipality_id=municipality_id,
        name=reader.text(data["name"], where, "name"),
        kind=kind,
        summary=reader.text(data["summary"], where, "summary"),
        ref=ref,
        file=reader.file,
        aliases=reader.string_list(data.get("aliases"), where, "aliases"),
        street=reader.text(address.get("street"), where, "address.street", required=False),
        postcode=reader.postcode(address.get("postcode"), where, "address.postcode"),
        city=reader.text(address.get("city"), where, "address.city", required=False),
        phone=phone,
        email=reader.email(data.get("email"), where, "email"),
        contact_via=data.get("contact_via"),
        contact_note=reader.text(data.get("contact_note"), where, "contact_note", required=False),
        serves=_offer(reader, data.get("serves"), where, "serves", None, "municipality"),
        age_min=age_min if isinstance(age_min, int) else None,
        age_max=age_max if isinstance(age_max, int) else None,
        age_ref=optional_ref(age, "age"),
        substances=_offer(reader, data.get("substances"), where, "substances", vocab["substances"], "substance"),
        help=_offer(reader, data.get("help"), where, "help", vocab["help"], "kind of help"),
        anonymous_talks=reader.text(anonymous.get("talks"), where, "anonymous.talks") if anonymous else None,
        anonymous_max_talks=anonymous.get("max_talks") if isinstance(anonymous.get("max_talks"), int) else None,
        anonymous_ref=optional_ref(anonymous, "anonymous"),
        for_relatives=bool(relatives.get("value", False)),
        for_relatives_ref=optional_ref(relatives, "for_relatives"),
        walk_in=walk_in.get("value") if walk_in else None,
        walk_in_ref=optional_ref(walk_in, "walk_in"),
        conditions=tuple(conditions),
        hours=tuple(hours),
        summary_en=summary_en,
        contact_note_en=contact_note_en,
        anonymous_talks_en=anonymous_talks_en,
    )


def _conditions_en(reader: _Reader, data: dict, where: str) -> list[str]:
    """`conditions_en`: the English wording of each condition, in the same order (each keeps its condition's ref)."""
    danish, english = data.get("conditions") or [], data.get("conditions_en")
    if not isinstance(danish, list):
        reader.problem(where, "conditions", "expected a list of {text, ref}")
        return []
    if not danish:
        if english:
            reader.problem(where, "conditions_en", "an English wording without the Danish conditions")
        return []
    if english is None:
        reader.problem(where, "conditions_en", "missing: the English wording of conditions, one text for each condition in the same order")
        return []
    if not isinstance(english, list):
        reader.problem(where, "conditions_en", "expected a list of texts, one for each condition in the same order")
        return []
    if len(english) != len(danish):
        reader.problem(
            where,
            "conditions_en",
            f"has {len(english)} text(s) for {len(danish)} condition(s); give one for each condition in the same order",
        )
    return [reader.text(e, where, f"conditions_en[{i}]") or "" for i, e in enumerate(english)]


def _load_yaml(path: Path, problems: list[Problem]) -> dict | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "-"
        problems.append(Problem(path.name, line, "yaml", f"not valid YAML: {getattr(error, 'problem', error)}"))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path.name, "-", "file", f"cannot read: {error}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path.name, "-", "file", "expected a mapping at the top"))
        return None
    return data


def _sources(reader: _Reader, raw: Any, municipality_id: str | None) -> dict[str, Source]:
    found = {}
    if not isinstance(raw, dict):
        reader.problem("sources", "", "expected a mapping of source id -> description")
        return found
    for sid, s in raw.items():
        where = f"source {sid}"
        if not isinstance(sid, str) or not _SOURCE_ID.match(sid):
            reader.problem(where, "id", f"{sid!r} is not a source id like 'kk-2025'")
            continue
        d = reader.mapping(s, where, "", ("title", "publisher", "year", "kind", "seed", "note"), ("title", "publisher", "year"))
        if d.get("title") and d.get("publisher") and d.get("year"):
            found[sid] = Source(
                sid,
                " ".join(str(d["title"]).split()),
                str(d["publisher"]),
                str(d["year"]),
                str(d.get("kind", "document")),
                d.get("seed"),
                " ".join(str(d["note"]).split()) if d.get("note") else None,
                municipality_id,
            )
    return found


def digest_inputs(directory: Path) -> str:
    """Hash of every catalogue file and of this loader, to know when to rebuild."""
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.yml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for module in sorted(Path(__file__).parent.glob("*.py")):
        h.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return h.hexdigest()


def load_catalogue(directory: Path) -> Catalogue:
    """Read and validate every YAML file in `directory`. Raises CatalogueInvalid.

    Every problem in every file is collected before giving up, so staff see them all at once.
    """
    problems: list[Problem] = []
    if not directory.is_dir():
        raise CatalogueInvalid([Problem(str(directory), "-", "directory", "catalogue folder not found")])
    vocab = _read_vocabulary(directory, problems)
    raw_files = _read_files(directory, problems)
    cat = Catalogue(vocabulary=vocab, input_digest=digest_inputs(directory))
    _sources_and_municipalities(raw_files, cat, problems)  # everything else refers to these
    national = raw_files.get(NATIONAL_FILE)
    if national is None:
        problems.append(Problem(NATIONAL_FILE, "-", "file", "missing"))
    else:
        _national(_Reader(NATIONAL_FILE, problems, cat.sources), national, cat)
    for name, data in raw_files.items():
        if name != NATIONAL_FILE and isinstance(data.get("municipality"), dict):
            _municipality_content(_Reader(name, problems, cat.sources), data, cat)
    _cross_check(cat, problems)
    if problems:
        raise CatalogueInvalid(problems)
    return cat


def _read_vocabulary(directory: Path, problems: list[Problem]) -> dict:
    vocab = _load_yaml(directory / VOCABULARY_FILE, problems) or {}
    for section in ("substances", "help", "hour_kinds", "hours_status", "fact_topics", "complaint_kinds"):
        if not isinstance(vocab.get(section), dict):
            problems.append(Problem(VOCABULARY_FILE, section, "", "missing section"))
            vocab[section] = {}
    _check_vocabulary(vocab, problems)
    return vocab


def _read_files(directory: Path, problems: list[Problem]) -> dict[str, dict]:
    """Every catalogue file but the vocabulary, by file name (those that parse)."""
    raw_files: dict[str, dict] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == VOCABULARY_FILE:
            continue
        data = _load_yaml(path, problems)
        if data is not None:
            raw_files[path.name] = data
    return raw_files


def _sources_and_municipalities(raw_files: dict[str, dict], cat: Catalogue, problems: list[Problem]) -> None:
    """Pass 1: every file's sources, and each municipality file's `municipality` header."""
    for name, data in raw_files.items():
        reader = _Reader(name, problems, cat.sources)
        muni = data.get("municipality") if name != NATIONAL_FILE else None
        muni_id = muni.get("id") if isinstance(muni, dict) else None
        for sid, source in _sources(reader, data.get("sources", {}), muni_id).items():
            if sid in cat.sources:
                reader.problem(f"source {sid}", "id", "duplicate source id (also in another file)")
            cat.sources[sid] = source
        if name == NATIONAL_FILE:
            continue
        m = reader.mapping(
            muni,
            "municipality",
            "",
            ("id", "name", "name_en", "names", "source", "contact_unit"),
            ("id", "name", "source", "contact_unit"),
        )
        name_en = reader.english(m, "name", "municipality", "name")
        if m.get("id") in cat.municipalities:
            reader.problem("municipality", "id", f"duplicate municipality {m['id']!r}")
        elif m.get("id"):
            cat.municipalities[m["id"]] = Municipality(
                m["id"],
                str(m.get("name")),
                reader.string_list(m.get("names"), "municipality", "names"),
                str(m.get("source")),
                str(m.get("contact_unit")),
                name,
                name_en,
            )


def _municipality_content(reader: _Reader, data: dict, cat: Catalogue) -> None:
    """Pass 2: one municipality file's places, units, authorities, facts, complaints and old names."""
    reader.mapping(
        data,
        "-",
        "",
        ("municipality", "sources", "places", "units", "historic_names", "authorities", "complaints", "facts"),
        ("municipality", "units"),
    )
    muni_id = data["municipality"].get("id")
    if muni_id not in cat.municipalities:
        return
    if cat.municipalities[muni_id].source_id not in cat.sources:
        reader.problem("municipality", "source", f"unknown source {cat.municipalities[muni_id].source_id!r}")
    _places(reader, data.get("places"), muni_id, cat)
    _units(reader, data.get("units"), muni_id, cat)
    _authorities(reader, data.get("authorities") or [], cat)
    _facts(reader, data.get("facts") or [], muni_id, cat)
    _complaints(reader, data.get("complaints") or [], muni_id, cat)
    _historic_names(reader, data.get("historic_names") or [], muni_id, cat)


def _units(reader: _Reader, units: Any, muni_id: str, cat: Catalogue) -> None:
    if not isinstance(units, list):
        reader.problem("-", "units", "expected a list of units")
        return
    for i, raw in enumerate(units):
        unit = _unit(reader, raw, i, muni_id, cat.vocabulary)
        if unit is None:
            continue
        if unit.id in cat.units:
            reader.problem(f"unit {unit.id}", "id", f"duplicate unit id (also in {cat.units[unit.id].file})")
            continue
        cat.units[unit.id] = unit


def _authorities(reader: _Reader, raws: list, cat: Catalogue) -> None:
    for i, raw in enumerate(raws):
        where = f"authorities[{i}]"
        a = reader.mapping(raw, where, "", ("id", "name", "phone", "email", "secure_email", "address", "ref"), ("id", "name", "ref"))
        addr = reader.mapping(a.get("address") or {}, where, "address", ("street", "postcode", "city"))
        aref = reader.ref(a.get("ref"), where, "ref")
        if a.get("id") in cat.authorities:
            reader.problem(where, "id", f"duplicate authority {a['id']!r}")
        elif aref and a.get("id"):
            cat.authorities[a["id"]] = Authority(
                a["id"],
                str(a["name"]),
                aref,
                reader.phone(a.get("phone"), where, "phone"),
                reader.email(a.get("email"), where, "email"),
                reader.email(a.get("secure_email"), where, "secure_email"),
                addr.get("street"),
                reader.postcode(addr.get("postcode"), where, "address.postcode"),
                addr.get("city"),
            )


def _facts(reader: _Reader, raws: list, muni_id: str, cat: Catalogue) -> None:
    topics = cat.vocabulary["fact_topics"]
    for i, raw in enumerate(raws):
        where = f"facts[{i}]"
        f = reader.mapping(raw, where, "", ("topic", "text", "text_en", "ref"), ("topic", "text", "ref"))
        if f.get("topic") is not None and f["topic"] not in topics:
            reader.problem(where, "topic", f"unknown topic {f['topic']!r} (known: {', '.join(topics)})")
            continue
        fref = reader.ref(f.get("ref"), where, "ref")
        text = reader.text(f.get("text"), where, "text")
        text_en = reader.english(f, "text", where, "text")
        if fref and text and f.get("topic"):
            cat.facts.append(Fact(muni_id, f["topic"], text, fref, text_en))


def _complaints(reader: _Reader, raws: list, muni_id: str, cat: Catalogue) -> None:
    kinds = cat.vocabulary["complaint_kinds"]
    for i, raw in enumerate(raws):
        where = f"complaints[{i}]"
        c = reader.mapping(raw, where, "", ("kind", "text", "text_en", "deadline", "deadline_en", "bodies", "ref"), ("kind", "text", "ref"))
        if c.get("kind") is not None and c["kind"] not in kinds:
            reader.problem(where, "kind", f"unknown kind {c['kind']!r} (known: {', '.join(kinds)})")
            continue
        cref = reader.ref(c.get("ref"), where, "ref")
        text = reader.text(c.get("text"), where, "text")
        text_en = reader.english(c, "text", where, "text")
        deadline_en = reader.english(c, "deadline", where, "deadline")
        if cref and text and c.get("kind"):
            cat.complaints.append(
                Complaint(
                    muni_id,
                    c["kind"],
                    text,
                    cref,
                    reader.text(c.get("deadline"), where, "deadline", required=False),
                    reader.string_list(c.get("bodies"), where, "bodies"),
                    text_en,
                    deadline_en,
                )
            )


def _historic_names(reader: _Reader, raws: list, muni_id: str, cat: Catalogue) -> None:
    for i, raw in enumerate(raws):
        where = f"historic_names[{i}]"
        h = reader.mapping(raw, where, "", ("name", "aliases", "was", "was_en", "now", "ref"), ("name", "was", "ref"))
        href = reader.ref(h.get("ref"), where, "ref")
        was_en = reader.english(h, "was", where, "was")
        if href and h.get("name") and h.get("was"):
            cat.historic_names.append(
                HistoricName(
                    muni_id,
                    str(h["name"]),
                    " ".join(str(h["was"]).split()),
                    href,
                    reader.string_list(h.get("aliases"), where, "aliases"),
                    reader.string_list(h.get("now"), where, "now"),
                    was_en,
                )
            )


def _national(reader: _Reader, data: dict, cat: Catalogue) -> None:
    reader.mapping(
        data,
        "-",
        "",
        ("municipalities", "sources", "texts", "crisis", "other_municipalities"),
        ("municipalities", "sources", "crisis", "other_municipalities"),
    )
    cat.municipality_order = reader.string_list(data.get("municipalities"), "-", "municipalities")
    for i, raw in enumerate(data.get("texts") or []):
        where = f"texts[{i}]"
        t = reader.mapping(raw, where, "", ("id", "text", "text_en", "ref"), ("id", "text", "ref"))
        tref = reader.ref(t.get("ref"), where, "ref")
        text = reader.text(t.get("text"), where, "text")
        text_en = reader.english(t, "text", where, "text")
        if t.get("id") in cat.texts:
            reader.problem(where, "id", f"duplicate text id {t['id']!r}")
        elif tref and text and t.get("id"):
            cat.texts[t["id"]] = NationalText(t["id"], text, tref, text_en)
    for i, raw in enumerate(data.get("crisis") or []):
        where = f"crisis[{i}]"
        c = reader.mapping(
            raw, where, "", ("id", "label", "label_en", "phone", "when", "when_en", "ref"), ("id", "label", "phone", "when", "ref")
        )
        phone = reader.phone(c.get("phone"), where, "phone", digits=(3, 8))
        cref = reader.ref(c.get("ref"), where, "ref")
        label_en, when_en = reader.english(c, "label", where, "label"), reader.english(c, "when", where, "when")
        if phone and cref and c.get("id"):
            cat.crisis.append(CrisisContact(c["id"], str(c["label"]), phone, " ".join(str(c["when"]).split()), cref, label_en, when_en))
    other = reader.mapping(data.get("other_municipalities") or {}, "other_municipalities", "", ("ref", "names", "places"), ("ref", "names"))
    oref = reader.ref(other.get("ref"), "other_municipalities", "ref")
    if oref is None:
        return
    names = reader.string_list(other.get("names"), "other_municipalities", "names")
    for n in names:
        cat.other_municipalities.append(Place(n, oref, outside_municipality=n))
    places = other.get("places") or {}
    if not isinstance(places, dict):
        reader.problem("other_municipalities", "places", "expected town: municipality")
        return
    for town, muni in places.items():
        if muni not in names:
            reader.problem("other_municipalities", f"places.{town}", f"{muni!r} is not in the list of municipalities")
        cat.other_municipalities.append(Place(str(town), oref, outside_municipality=str(muni)))


def _places(reader: _Reader, raw: Any, muni_id: str, cat: Catalogue) -> None:
    data = reader.mapping(raw or {}, "places", "", ("ref", "postcodes", "names"), ("ref",))
    pref = reader.ref(data.get("ref"), "places", "ref")
    if pref is None:
        return
    for code in data.get("postcodes") or []:
        m = re.match(r"^(\d{4})(?:-(\d{4}))?$", str(code))
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            reader.problem("places", "postcodes", f'{code!r} is not a postcode or range like "1000-1799"')
            continue
        cat.postcodes.append(PostcodeRange(muni_id, int(m.group(1)), int(m.group(2) or m.group(1)), pref))
    for item in data.get("names") or []:
        if isinstance(item, dict):
            d = reader.mapping(item, "places", "names", ("name", "note", "note_en"), ("name",))
            note_en = reader.english(d, "note", "places", f"names[{d.get('name')}].note")
            if d.get("name"):
                cat.places.append(Place(str(d["name"]), pref, muni_id, note=d.get("note"), note_en=note_en))
        elif isinstance(item, str):
            cat.places.append(Place(item, pref, muni_id))
        else:
            reader.problem("places", "names", f"{item!r} is not a place name")


def _cross_check(cat: Catalogue, problems: list[Problem]) -> None:
    """Checks that need the whole catalogue: references between files and ids."""

    def problem(file: str, where: str, field: str, message: str) -> None:
        problems.append(Problem(file, where, field, message))

    for m in cat.municipalities.values():
        if m.contact_unit not in cat.units:
            problem(m.file, "municipality", "contact_unit", f"unknown unit {m.contact_unit!r}")
    order = list(cat.municipality_order)
    if sorted(order) != sorted(cat.municipalities) or len(set(order)) != len(order):
        problem(
            NATIONAL_FILE,
            "-",
            "municipalities",
            f"must name each municipality file's id once; lists {order}, files have {sorted(cat.municipalities)}",
        )
    seen_alias: dict[tuple[str, str], str] = {}
    for u in cat.units.values():
        where = f"unit {u.id}"
        if u.contact_via and u.contact_via not in cat.units:
            problem(u.file, where, "contact_via", f"unknown unit {u.contact_via!r}")
        if u.contact_via == u.id:
            problem(u.file, where, "contact_via", "a unit cannot be its own contact")
        if u.serves:
            for m in u.serves.values:
                if m not in cat.municipalities:
                    problem(u.file, where, "serves", f"unknown municipality {m!r}")
        for name in (u.name, *u.aliases):
            key = (u.municipality_id, fold(name))
            if key in seen_alias and seen_alias[key] != u.id:
                problem(u.file, where, "aliases", f"{name!r} is also a name of {seen_alias[key]} in the same municipality")
            seen_alias[key] = u.id
    for c in cat.complaints:
        for body in c.bodies:
            if body not in cat.authorities:
                problem(cat.municipalities[c.municipality_id].file, f"complaint {c.kind}", "bodies", f"unknown authority {body!r}")
    for h in cat.historic_names:
        for unit_id in h.now:
            if unit_id not in cat.units:
                problem(cat.municipalities[h.municipality_id].file, f"historic name {h.name}", "now", f"unknown unit {unit_id!r}")
    seen_place: dict[str, str] = {}
    for p in cat.places:
        key = fold(p.name)
        if key in seen_place and seen_place[key] != p.municipality_id:
            problem(cat.municipalities[p.municipality_id].file, "places", "names", f"{p.name!r} is also listed for {seen_place[key]}")
        seen_place[key] = p.municipality_id
    ranges = sorted(cat.postcodes, key=lambda r: r.low)
    for a, b in zip(ranges, ranges[1:]):
        if b.low <= a.high:
            problem(
                cat.municipalities[b.municipality_id].file,
                "places",
                "postcodes",
                f"{b.low}-{b.high} overlaps {a.low}-{a.high} ({a.municipality_id})",
            )
    for topic_owner in cat.municipalities:
        if not any(f.municipality_id == topic_owner for f in cat.facts):
            problem(cat.municipalities[topic_owner].file, "facts", "", "a municipality needs at least its scope fact")


LABELLED_SECTIONS = ("substances", "help", "hour_kinds", "fact_topics", "complaint_kinds")


def _check_vocabulary(vocab: dict, problems: list[Problem]) -> None:
    """Labelled sections need a Danish and an English label each; substance groups must exist."""
    for section in LABELLED_SECTIONS:
        for key, entry in vocab[section].items():
            allowed = ("label", "label_en", "within") if section == "substances" else ("label", "label_en")
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) or set(entry) - set(allowed):
                problems.append(
                    Problem(VOCABULARY_FILE, f"{section}.{key}", "", f"expected {{{', '.join(allowed)}}} with a text label, got {entry!r}")
                )
                continue
            if not isinstance(entry.get("label_en"), str) or not entry["label_en"].strip():
                problems.append(
                    Problem(
                        VOCABULARY_FILE,
                        f"{section}.{key}",
                        "label_en",
                        "missing: the English wording of label (every Danish text has one beside it)",
                    )
                )
            for group in entry.get("within", []):
                if group not in vocab["substances"]:
                    problems.append(Problem(VOCABULARY_FILE, f"{section}.{key}", "within", f"unknown substance group {group!r}"))
