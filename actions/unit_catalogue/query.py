"""The query layer the actions call. Reads var/catalogue.db (read-only).

Everything here answers a question a person asks - which units fit me, what is
this unit called, when is it open, what are my rights - with the catalogue's
own words and the reason each answer fits. SQL is always parameterised.

One CatalogueDB is opened per process. It notices when staff rebuild the
database (the file is replaced) and switches to the new one; if the new file is
broken it keeps serving the old one and logs why.
"""
from __future__ import annotations

import difflib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .build import SCHEMA_VERSION
from .model import HoursSet, Interval, Planned, Ref
from textfold import fold, fold_loose

log = logging.getLogger(__name__)

DEFAULT_DB = Path(__file__).resolve().parents[2] / "var" / "catalogue.db"
HOURS_PREFERENCE = ("open", "counselling", "treatment", "phone")
MAX_RECOMMENDATIONS = 3
WAY_IN = "kommunens indgang – de kan hjælpe dig videre"  # the reason given for the municipality's first place to call


class CatalogueUnavailable(RuntimeError):
    """The catalogue database is missing, unreadable or from another version."""


def database_path() -> Path:
    return Path(os.environ.get("VEJVISER_DB", DEFAULT_DB))


def format_phone(number: Optional[str]) -> Optional[str]:
    """'33178040' -> '33 17 80 40'; service numbers as printed: '70 210 220'."""
    if not number:
        return number
    if len(number) == 8 and number[:2] in ("70", "80"):
        return f"{number[:2]} {number[2:5]} {number[5:]}"
    if len(number) == 8:
        return " ".join(number[i:i + 2] for i in range(0, 8, 2))
    return number


@dataclass(frozen=True)
class Contact:
    """How to reach a unit: its own details or, failing those, another unit's."""

    street: Optional[str]
    postcode: Optional[str]
    city: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    via_name: Optional[str] = None  # the phone/address belong to this other unit
    note: Optional[str] = None
    via_ages: tuple[Optional[int], Optional[int]] = (None, None)  # who that other unit serves
    via_address: Optional[str] = None  # that other unit's address, when this one has none
    via_first: Optional[str] = None  # the unit it is reached through directly (KABS -> the centre -> the municipality)

    def via_serves(self, age: Optional[int]) -> bool:
        """Whether the unit whose number this is takes a person of `age` (unknown age: yes)."""
        low, high = self.via_ages
        return age is None or ((low is None or age >= low) and (high is None or age <= high))

    @property
    def address(self) -> Optional[str]:
        if not self.street:
            return None
        return ", ".join(p for p in (self.street, " ".join(p for p in (self.postcode, self.city) if p)) if p)

    @property
    def phone_display(self) -> Optional[str]:
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
    age_min: Optional[int]
    age_max: Optional[int]
    anonymous_talks: Optional[str]
    for_relatives: bool
    walk_in: Optional[bool]
    substances: tuple[str, ...]
    help: tuple[str, ...]
    conditions: tuple[str, ...]
    hours: tuple[HoursSet, ...]
    source: str  # "Københavns Kommunes kvalitetsstandard (pixi-udgave) 2025–2026"
    ref: str
    via_hours: tuple[HoursSet, ...] = ()  # hours of the unit it is reached through (contact_via)

    def hours_of(self, kind: Optional[str] = None) -> Optional[HoursSet]:
        """The hours of `kind`, or the most useful kind this unit has."""
        by_kind = {h.kind: h for h in self.hours}
        if kind:
            return by_kind.get(kind)
        for k in HOURS_PREFERENCE:
            if k in by_kind and by_kind[k].status != "not_stated":
                return by_kind[k]
        return next(iter(self.hours), None)

    def reached_hours(self) -> Optional[HoursSet]:
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
    substance: Optional[str] = None
    age: Optional[int] = None
    anonymous: Optional[bool] = None
    for_relative: bool = False
    help: Optional[str] = None  # a special need: substitution, pregnancy, home, ...


@dataclass
class Match:
    unit: UnitInfo
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class Recommendation:
    matches: list[Match]
    notes: list[str]


@dataclass(frozen=True)
class PlaceMatch:
    name: str
    municipality_id: Optional[str]  # one of ours
    outside: Optional[str]  # another Danish municipality
    note: Optional[str] = None


@dataclass(frozen=True)
class NameMatch:
    unit_id: str
    name_folded: str  # the name or alias as matched (folded)
    position: int  # where in the folded message


# Unit aliases that are also everyday words: "pas på", "en tur".
AMBIGUOUS_WORDS = frozenset({"pas", "tur"})


def _named(word: str, before: str, after: str, raw: str) -> bool:
    """'PAS' is a name; lowercase 'pas' when it follows 'hos', 'til', 'ringe' ..., or is not 'pas på' / 'pas godt på'."""
    if re.search(rf"\b{re.escape(word.upper())}\b", raw):
        return True
    if word != "pas":
        return False
    if before.split()[-1:] and before.split()[-1] in ("hos", "til", "ved", "om", "med", "ringe", "kontakte", "kontakter", "i"):
        return True
    return after.split()[:1] not in (["paa"], ["pa"], ["godt"], ["nu"], ["lige"], ["dig"], ["jer"])


def _tokens_at(key: str) -> list[tuple[int, str]]:
    out, at = [], 1
    for token in key.split(" "):
        out.append((at, token))
        at += len(token) + 1
    return out


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
    deadline: Optional[str]
    bodies: tuple[dict, ...]
    ref: str


class CatalogueDB:
    """Read-only access to the built catalogue."""

    def __init__(self, path: Optional[Path] = None):
        self.path = Path(path) if path else database_path()
        self._conn: Optional[sqlite3.Connection] = None
        self._stamp: Optional[tuple] = None
        self._open()

    # -- connection ---------------------------------------------------------
    def _file_stamp(self) -> tuple:
        st = os.stat(self.path)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _open(self) -> None:
        try:
            stamp = self._file_stamp()
        except FileNotFoundError:
            raise CatalogueUnavailable(
                f"The unit catalogue database {self.path} does not exist. Build it with `make catalogue`.") from None
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
        except sqlite3.DatabaseError as error:
            raise CatalogueUnavailable(
                f"The unit catalogue database {self.path} is damaged ({error}). Rebuild it with `make catalogue`.") from None
        if not version or version[0] != SCHEMA_VERSION:
            conn.close()
            raise CatalogueUnavailable(
                f"The unit catalogue database {self.path} is from another version. Rebuild it with `make catalogue`.")
        old = self._conn
        self._conn, self._stamp = conn, stamp
        self._load_indexes()
        if old is not None:
            old.close()

    def _db(self) -> sqlite3.Connection:
        """The connection, reopened if staff replaced the database file."""
        try:
            changed = self._file_stamp() != self._stamp
        except FileNotFoundError:
            changed = False  # deleted under us: keep serving what we have
            log.error("catalogue database %s has disappeared; still serving the copy opened earlier", self.path)
        if changed:
            try:
                self._open()
                log.info("catalogue database reloaded from %s", self.path)
            except CatalogueUnavailable as error:
                log.error("%s Still serving the copy opened earlier.", error)
                self._stamp = None  # try again next time
        return self._conn

    def _rows(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        return self._db().execute(sql, tuple(params)).fetchall()

    def _load_indexes(self) -> None:
        """Small lookup tables kept in memory so name lookups take microseconds."""
        c = self._conn
        self._names = [(r["unit_id"], r["municipality_id"], r["name"], r["folded"], r["loose"]) for r in c.execute(
            "SELECT n.unit_id, u.municipality_id, n.name, n.folded, n.loose FROM unit_names n JOIN units u ON u.id = n.unit_id "
            "ORDER BY n.is_primary DESC, length(n.folded) DESC, n.unit_id")]
        self._historic = [(r["historic_id"], r["folded"], r["loose"]) for r in c.execute(
            "SELECT historic_id, folded, loose FROM historic_aliases ORDER BY length(folded) DESC")]
        self._places = [(r["name"], r["folded"], r["loose"], r["municipality_id"], r["outside_municipality"], r["note"])
                        for r in c.execute("SELECT * FROM places ORDER BY length(folded) DESC")]
        self._muni_names = [(r["municipality_id"], r["folded"], r["loose"]) for r in c.execute(
            "SELECT * FROM municipality_names ORDER BY length(folded) DESC")]
        self._postcodes = [(r["low"], r["high"], r["municipality_id"]) for r in c.execute("SELECT * FROM postcodes")]
        self._labels = {(r["section"], r["key"]): r["label"] for r in c.execute("SELECT * FROM vocabulary")}
        groups: dict[str, set[str]] = {}
        for r in c.execute("SELECT * FROM substance_groups"):
            groups.setdefault(r["substance"], set()).add(r["within"])
        self._within = groups
        self._municipalities = {r["id"]: dict(r) for r in c.execute("SELECT * FROM municipalities")}
        self._sources = {r["id"]: dict(r) for r in c.execute("SELECT * FROM sources")}
        self._unit_cache: dict[str, UnitInfo] = {}

    # -- vocabulary ---------------------------------------------------------
    def label(self, section: str, key: str) -> str:
        return self._labels.get((section, key), key)

    def municipality_name(self, municipality_id: str) -> str:
        return self._municipalities[municipality_id]["name"]

    def municipality_ids(self) -> list[str]:
        return sorted(self._municipalities)

    def source_phrase(self, municipality_id: str) -> str:
        """'Københavns Kommunes kvalitetsstandard 2025–2026' for 'oplysninger fra …'."""
        self._db()
        m = self._municipalities[municipality_id]
        s = self._sources[m["source_id"]]
        publisher = s["publisher"].split(",")[0]
        year = "" if s["year"] == "udateret" else f" {s['year']}"
        kind = "kvalitetsstandard" if "kvalitetsstandard" in s["title"].lower() else "ydelsesbeskrivelse"
        return f"{publisher}s {kind}{year}" + (" (udateret)" if s["year"] == "udateret" else "")

    # -- places -------------------------------------------------------------
    def resolve_place(self, text: str) -> Optional[PlaceMatch]:
        """Municipality, district, town or postcode -> one of our municipalities, or elsewhere."""
        if not text:
            return None
        self._db()
        code = re.search(r"\b(\d{4})\b", text)
        if code:
            number = int(code.group(1))
            for low, high, muni in self._postcodes:
                if low <= number <= high:
                    return PlaceMatch(code.group(1), muni, None)
        key, loose = fold(text), fold_loose(text)
        for muni, folded, lkey in self._muni_names:
            if key == folded or loose == lkey:
                return PlaceMatch(text, muni, None)
        for name, folded, lkey, muni, outside, note in self._places:
            if key == folded or loose == lkey:
                return PlaceMatch(name, muni, outside, note)
        # A longer message that contains a place name ("jeg bor på nørrebro").
        padded = f" {key} "
        for muni, folded, _ in self._muni_names:
            if f" {folded} " in padded:
                return PlaceMatch(text, muni, None)
        for name, folded, _, muni, outside, note in self._places:
            if f" {folded} " in padded:
                return PlaceMatch(name, muni, outside, note)
        # Written without æøå inside a longer message ("bor pa norrebro", "bronshoj"): compare loose keys.
        tokens = [fold_loose(t) for t in key.split()]
        spans = {"".join(tokens[i:i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}
        for muni, folded, lkey in self._muni_names:
            if lkey in spans:
                return PlaceMatch(text, muni, None)
        for name, folded, lkey, muni, outside, note in self._places:
            if len(lkey) >= 4 and lkey in spans:
                return PlaceMatch(name, muni, outside, note)
        close = difflib.get_close_matches(loose, [p[2] for p in self._places] + [m[2] for m in self._muni_names], n=1, cutoff=0.85)
        if close:
            for muni, folded, lkey in self._muni_names:
                if lkey == close[0]:
                    return PlaceMatch(text, muni, None)
            for name, folded, lkey, muni, outside, note in self._places:
                if lkey == close[0]:
                    return PlaceMatch(name, muni, outside, note)
        return None

    # -- units --------------------------------------------------------------
    def find_units(self, text: str, municipality_id: Optional[str] = None) -> list[UnitInfo]:
        """Units a typed name may mean, best first. Tolerates typos and missing æøå.

        Several results when a name is shared (U-turn in København and on
        Frederiksberg); the person's municipality, if known, comes first.
        """
        if not text or not text.strip():
            return []
        self._db()
        key, loose = fold(text), fold_loose(text)
        ids = self._match_names(key, loose)
        if municipality_id:
            ids.sort(key=lambda uid: self.unit(uid).municipality_id != municipality_id)
        return [self.unit(uid) for uid in ids]

    def _match_names(self, key: str, loose: str) -> list[str]:
        def unique(ids: Iterable[str]) -> list[str]:
            return list(dict.fromkeys(ids))

        exact = unique(uid for uid, _, _, folded, lkey in self._names if key == folded or loose == lkey)
        if exact:
            return exact
        if not key:
            return []
        padded = f" {key} "
        # The typed text contains a known name ("hvornår åbner nyropsgade i dag").
        contained = unique(uid for uid, _, _, folded, _ in self._names if len(folded) >= 3 and f" {folded} " in padded)
        if contained:
            return contained
        # A known name starts with what was typed ("prags", "vigerslev").
        if len(key) >= 4:
            prefix = unique(uid for uid, _, _, folded, _ in self._names if folded.startswith(key) or f" {key}" in f" {folded}")
            if prefix:
                return prefix
        fts = self._fts(key)
        if fts:
            return fts
        loose_names = [lkey for _, _, _, _, lkey in self._names]
        close = difflib.get_close_matches(loose, loose_names, n=3, cutoff=0.8)
        return unique(uid for c in close for uid, _, _, _, lkey in self._names if lkey == c)

    def names_in(self, text: str, raw: str = "") -> list["NameMatch"]:
        """Every unit name or alias that stands in a message, longest first, without overlaps.

        "hvornår har rusmiddelbehandling hørsholmsgade åbent" names Hørsholmsgade by
        its full name; the shorter "Rusmiddelbehandling" inside it does not count
        again. Words that are also everyday Danish ("pas", "tur") count only when
        written in capitals, as names are.
        """
        self._db()
        key = fold(text)
        if not key:
            return []
        padded = f" {key} "
        taken: list[tuple[int, int]] = []
        out: list[NameMatch] = []
        for uid, _, name, folded, _ in sorted(self._names, key=lambda n: -len(n[3])):
            if not folded:
                continue
            at = padded.find(f" {folded} ")
            if at < 0:
                continue
            if folded in AMBIGUOUS_WORDS and not _named(folded, padded[:at], padded[at + len(folded) + 2:], raw or text):
                continue
            span = (at, at + len(folded) + 1)
            if any(s < span[1] and span[0] < e for s, e in taken if (s, e) != span):
                continue
            taken.append(span)
            out.append(NameMatch(uid, folded, at))
        known_words = {f for _, _, _, f, _ in self._names}
        # Misspelled names ("prags bulevard", "brydhuset"): one to four words at a time, loosely.
        keys: dict[str, str] = {}
        for uid, _, _, folded, lkey in self._names:
            if len(lkey) >= 7:
                keys.setdefault(lkey, uid)
        tokens = _tokens_at(key)
        for n in (4, 3, 2, 1):
            for i in range(len(tokens) - n + 1):
                at = tokens[i][0]
                end = tokens[i + n - 1][0] + len(tokens[i + n - 1][1])
                if any(s < end and at < e for s, e in taken):
                    continue
                span = "".join(fold_loose(t) for _, t in tokens[i:i + n])
                if len(span) < 6:
                    continue
                close = difflib.get_close_matches(span, list(keys), n=1, cutoff=0.92 if n > 1 else 0.88)
                if close:
                    taken.append((at, end))
                    out.append(NameMatch(keys[close[0]], fold(close[0]), at))
        acronyms = {"".join(sorted(f)): uid for uid, _, name, f, _ in self._names
                    if 3 <= len(f) <= 5 and " " not in f and name.isupper() and f not in AMBIGUOUS_WORDS}
        for at, token in _tokens_at(key):
            if 4 <= len(token) <= 5 and token not in known_words and not any(s <= at < e for s, e in taken):
                uid = acronyms.get("".join(sorted(token)))
                if uid:
                    out.append(NameMatch(uid, token, at))
        out.sort(key=lambda m: m.position)
        return out

    def units_named_like(self, stem: str, municipality_id: Optional[str] = None, loose: bool = False) -> list[UnitInfo]:
        """Units with a name or alias containing `stem` ("rusmiddelcent"; with loose=True a fold_loose
        key such as "uturn"), in one municipality or all."""
        self._db()
        ids = [uid for uid, muni, _, folded, lkey in self._names
               if (stem in lkey if loose else (stem in folded or stem in lkey))
               and (municipality_id is None or muni == municipality_id)]
        return [self.unit(uid) for uid in dict.fromkeys(ids)]

    def municipality_by_typo(self, text: str) -> Optional[str]:
        """'kobenhvn', 'frederiksbrg' -> the municipality (one word, close spelling)."""
        self._db()
        names = {lkey: muni for muni, folded, lkey in self._muni_names if len(lkey) >= 6}
        for _, token in _tokens_at(fold(text)):
            if len(token) >= 6:
                close = difflib.get_close_matches(fold_loose(token), list(names), n=1, cutoff=0.85)
                if close:
                    return names[close[0]]
        return None

    def _fts(self, key: str) -> list[str]:
        words = [w for w in key.split() if len(w) >= 3]
        if not words:
            return []
        query = " ".join(f'"{w}"*' for w in words)  # words are [a-z0-9] only after fold()
        try:
            rows = self._rows("SELECT n.unit_id FROM unit_names_fts f JOIN unit_names n ON n.rowid = f.rowid "
                              "WHERE unit_names_fts MATCH ? ORDER BY rank LIMIT 5", [query])
        except sqlite3.OperationalError:
            return []
        return list(dict.fromkeys(r["unit_id"] for r in rows))

    def find_historic(self, text: str) -> Optional[HistoricMatch]:
        """An old unit name from the 2015 reorganisation, and where to go now."""
        if not text:
            return None
        key, loose = fold(text), fold_loose(text)
        padded = f" {key} "
        words = [fold_loose(w) for w in key.split() if len(w) >= 10]
        for hid, folded, lkey in self._historic:
            # "alkoholenheden" for "Alkoholenhederne": the same long word with another ending
            near = len(lkey) >= 10 and any(w[:10] == lkey[:10] and abs(len(w) - len(lkey)) <= 3 for w in words)
            if key == folded or loose == lkey or (len(folded) >= 4 and f" {folded} " in padded) or near:
                row = self._rows("SELECT * FROM historic_names WHERE id = ?", [hid])[0]
                now = tuple(r["unit_id"] for r in self._rows("SELECT unit_id FROM historic_now WHERE historic_id = ? ORDER BY unit_id", [hid]))
                return HistoricMatch(row["name"], row["was"], now, row["municipality_id"], row["ref"])
        return None

    def unit(self, unit_id: str) -> UnitInfo:
        self._db()
        cached = self._unit_cache.get(unit_id)
        if cached:
            return cached
        rows = self._rows("SELECT * FROM units WHERE id = ?", [unit_id])
        if not rows:
            raise KeyError(unit_id)
        u = rows[0]
        offers = self._rows("SELECT kind, value FROM offers WHERE unit_id = ? ORDER BY rowid", [unit_id])
        info = UnitInfo(
            id=u["id"], municipality_id=u["municipality_id"], municipality=self.municipality_name(u["municipality_id"]),
            name=u["name"], kind=u["kind"], summary=u["summary"], contact=self._contact(u),
            age_min=u["age_min"], age_max=u["age_max"], anonymous_talks=u["anonymous_talks"] if u["anonymous"] else None,
            for_relatives=bool(u["for_relatives"]), walk_in=None if u["walk_in"] is None else bool(u["walk_in"]),
            substances=tuple(o["value"] for o in offers if o["kind"] == "substance"),
            help=tuple(o["value"] for o in offers if o["kind"] == "help"),
            conditions=tuple(r["text"] for r in self._rows("SELECT text FROM conditions WHERE unit_id = ? ORDER BY position", [unit_id])),
            hours=self._hours(unit_id),
            via_hours=self._hours(u["contact_via"]) if u["contact_via"] else (),
            source=self.source_phrase(u["municipality_id"]) if self._sources[u["source_id"]]["municipality_id"] else
            self._sources[u["source_id"]]["title"],
            ref=u["ref"],
        )
        self._unit_cache[unit_id] = info
        return info

    def _contact(self, u: sqlite3.Row) -> Contact:
        via = None
        if u["contact_via"] and (not u["phone"] or not u["street"]):
            via = self._rows("SELECT * FROM units WHERE id = ?", [u["contact_via"]])[0]
        phone, email, via_name, via_ages, via2 = u["phone"], u["email"], None, (None, None), None
        if not phone and via is not None:
            phone, email, via_name = via["phone"], email or via["email"], via["name"]
            via_ages = (via["age_min"], via["age_max"])
            if not phone and via["contact_via"]:  # one more hop: KABS -> RBC -> Rødovre Kommune
                via2 = self._rows("SELECT * FROM units WHERE id = ?", [via["contact_via"]])[0]
                phone, via_name, via_ages = via2["phone"], via2["name"], (via2["age_min"], via2["age_max"])
        via_address = None
        if via is not None and not u["street"] and via["street"]:  # only the unit it is reached through directly
            via_address = Contact(via["street"], via["postcode"], via["city"], None, None).address
        return Contact(u["street"], u["postcode"], u["city"], phone, email, via_name, u["contact_note"], via_ages, via_address,
                       via["name"] if via is not None else None)

    def _hours(self, unit_id: str) -> tuple[HoursSet, ...]:
        sets = []
        for s in self._rows("SELECT * FROM hours_sets WHERE unit_id = ? ORDER BY id", [unit_id]):
            week: list[list[Interval]] = [[] for _ in range(7)]
            closed = set()
            for h in self._rows("SELECT * FROM hours WHERE set_id = ? ORDER BY weekday, opens", [s["id"]]):
                if h["closed"]:
                    closed.add(h["weekday"])
                else:
                    week[h["weekday"]].append(Interval(h["opens"], h["closes"]))
            ref = Ref((s["source_id"],), s["ref"])
            planned = None
            if s["planned_text"]:
                planned = Planned(s["planned_weekday"], s["planned_until"], s["planned_text"], Ref((s["source_id"],), s["planned_ref"]))
            sets.append(HoursSet(s["kind"], s["status"], ref, tuple(tuple(d) for d in week), frozenset(closed),
                                 bool(s["all_year"]), s["note"], planned))
        return tuple(sets)

    def all_units(self, municipality_id: Optional[str] = None) -> list[UnitInfo]:
        sql = "SELECT id FROM units" + (" WHERE municipality_id = ?" if municipality_id else "") + " ORDER BY municipality_id, rowid"
        return [self.unit(r["id"]) for r in self._rows(sql, [municipality_id] if municipality_id else [])]

    def contact_unit(self, municipality_id: str) -> UnitInfo:
        return self.unit(self._municipalities[municipality_id]["contact_unit_id"])

    def main_contacts(self) -> list[UnitInfo]:
        """One first place to call per municipality, for fallbacks."""
        self._db()
        return [self.contact_unit(m) for m in sorted(self._municipalities)]

    # -- recommendations ----------------------------------------------------
    def _substance_fit(self, wanted: str, offered: tuple[str, ...]) -> tuple[int, Optional[str]]:
        """(score, offered value that matched). -1 means the unit does not treat it."""
        if not offered:
            return 0, None
        if wanted in offered:
            return 3, wanted
        for group in sorted(self._within.get(wanted, ())):
            if group in offered:
                return 2, group
        members = [s for s in offered if wanted in self._within.get(s, ())]
        if members:
            return 1, members[0]
        return -1, None

    def units_for(self, need: Need, limit: Optional[int] = MAX_RECOMMENDATIONS) -> Recommendation:
        """Units in the person's municipality that fit, best first, with reasons (all of them if limit is None)."""
        self._db()
        ids = [r["unit_id"] for r in self._rows(
            "SELECT s.unit_id FROM unit_serves s JOIN units u ON u.id = s.unit_id WHERE s.municipality_id = ? "
            "ORDER BY u.municipality_id != ?, u.rowid", [need.municipality_id, need.municipality_id])]
        units = [self.unit(uid) for uid in ids]
        notes: list[str] = []
        matches = self._score(units, need, notes, respect_age=True)
        if not matches and need.age is not None and need.age < 18:
            # Nothing written for this age: the places for the young nearest to it - a child is never
            # sent to an adults' place - and a note that the age is outside what the source names.
            matches = [m for m in self._score(units, need, [], respect_age=False)
                       if m.unit.age_max is not None and m.unit.age_max <= 30]
            if matches:
                notes.append(f"Vi kender ikke et tilbud, der er skrevet til din alder ({need.age} år), i "
                             f"{self.municipality_name(need.municipality_id)}. Ring og spørg – de hjælper dig videre.")
        matches.sort(key=lambda m: -m.score)
        if not matches:
            contact = self.contact_unit(need.municipality_id)
            matches = [Match(contact, 0, [WAY_IN])]
        return Recommendation(matches[:limit] if limit else matches, list(dict.fromkeys(notes)))

    def _score(self, units: list[UnitInfo], need: Need, notes: list[str], respect_age: bool) -> list[Match]:
        special = need.help
        matches: list[Match] = []
        substance_missed = False
        for unit in units:
            score, reasons = 0, []
            if need.for_relative:
                if not ("relatives" in unit.help or unit.for_relatives):
                    continue
                score += 5
                reasons.append("for pårørende")
            elif unit.kind == "relatives_group" or (unit.kind == "line" and not special):
                continue
            if unit.kind == "outreach" and special not in unit.help:
                continue
            if unit.walk_in is False and special not in unit.help:
                continue
            if unit.kind == "authority" and not (need.age is not None and need.age < 18 and unit.age_max is not None
                                                 and unit.age_max < 18):
                continue
            # Age.
            if need.age is not None:
                too_young = unit.age_min is not None and need.age < unit.age_min
                too_old = unit.age_max is not None and need.age > unit.age_max
                if respect_age and (too_young or too_old):
                    continue
                if unit.age_max is not None and unit.age_max <= 30 and not (too_young or too_old):
                    score += 3
                    reasons.append(f"for unge {age_span(unit)}" if unit.age_min is not None
                                   else f"for dig {age_span(unit)}")
            elif unit.age_max is not None and unit.age_max < 18:
                continue
            # Substance.
            if need.substance and not need.for_relative:
                fit, offered = self._substance_fit(need.substance, unit.substances)
                if fit < 0:
                    substance_missed = True
                    continue
                if fit > 0:
                    score += fit
                    reasons.append(f"hjælper med {self.label('substances', offered if fit < 3 else need.substance)}")
            # Special need.
            if special:
                if special in unit.help:
                    score += 6
                    reasons.append(self.label("help", special))
            # Anonymity.
            if need.anonymous and unit.anonymous_talks:
                score += 4
                reasons.append(f"du kan være anonym: {unit.anonymous_talks}")
            if unit.walk_in:
                score += 1
                reasons.append("du kan henvende dig uden henvisning")
            if unit.kind == "authority":
                reasons.append("bevilger behandling til unge under 18")
            matches.append(Match(unit, score, reasons))
        if special and any(special in m.unit.help for m in matches):
            offering = [m for m in matches if special in m.unit.help]
            # Offered only by places you cannot walk into (Enghavevej, KABS): the way in comes too.
            way_in = [] if any(m.unit.walk_in is not False for m in offering) else [
                m for m in matches if m not in offering and m.unit.walk_in]
            matches = offering + way_in
        elif special and matches:
            notes.append(f"Vi kender ikke et særligt tilbud om {self.label('help', special)} i {self.municipality_name(need.municipality_id)}. "
                         "Spørg, når du kontakter et af stederne.")
        if need.anonymous and any(m.unit.anonymous_talks for m in matches):
            matches = [m for m in matches if m.unit.anonymous_talks]
        elif need.anonymous and matches:
            notes.append("Vi ved ikke, om du kan være anonym de steder, der passer. Spørg, når du ringer.")
        if need.substance and substance_missed and not matches:
            topic_note = self.facts(need.municipality_id, "alcohol") if need.substance == "alcohol" else []
            notes.extend(f["text"] for f in topic_note)
            if not topic_note:
                notes.append(f"Vi har ikke oplysninger om behandling for {self.label('substances', need.substance)} "
                             f"i {self.municipality_name(need.municipality_id)}. Ring og spørg – de hjælper dig videre.")
        return matches

    # -- facts, rights and complaints ----------------------------------------
    def facts(self, municipality_id: str, topic: str) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM facts WHERE municipality_id = ? AND topic = ? ORDER BY id", [municipality_id, topic])

    def fact_text(self, municipality_id: str, topic: str) -> Optional[str]:
        rows = self.facts(municipality_id, topic)
        return " ".join(r["text"] for r in rows) if rows else None

    def complaints(self, municipality_id: str) -> list[ComplaintInfo]:
        out = []
        for c in self._rows("SELECT * FROM complaints WHERE municipality_id = ? ORDER BY id", [municipality_id]):
            bodies = tuple(dict(r) for r in self._rows(
                "SELECT a.* FROM complaint_bodies b JOIN authorities a ON a.id = b.authority_id WHERE b.complaint_id = ? ORDER BY a.id", [c["id"]]))
            out.append(ComplaintInfo(c["kind"], self.label("complaint_kinds", c["kind"]), c["text"], c["deadline"], bodies, c["ref"]))
        return out

    def national_text(self, text_id: str) -> str:
        rows = self._rows("SELECT text FROM national_texts WHERE id = ?", [text_id])
        if not rows:
            raise KeyError(text_id)
        return rows[0]["text"]

    def authorities(self) -> list[dict]:
        """Complaint bodies and ombudsmen (Ankestyrelsen, the borgerrådgivere, Styrelsen for Patientklager)."""
        return [dict(r) for r in self._rows("SELECT * FROM authorities ORDER BY id")]

    def national_ids(self) -> set[str]:
        return {r["id"] for r in self._rows("SELECT id FROM national_texts")}

    def crisis_contacts(self) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM crisis_contacts ORDER BY position")

    def units_with_help(self, municipality_id: str, help_kind: str) -> list[UnitInfo]:
        rows = self._rows("SELECT DISTINCT o.unit_id FROM offers o JOIN unit_serves s ON s.unit_id = o.unit_id "
                          "JOIN units u ON u.id = o.unit_id WHERE s.municipality_id = ? AND o.kind = 'help' AND o.value = ? "
                          "ORDER BY u.rowid", [municipality_id, help_kind])
        return [self.unit(r["unit_id"]) for r in rows]


def age_span(unit: UnitInfo) -> Optional[str]:
    """'14–24 år', 'under 30 år', 'fra 18 år', or None when the source sets no age."""
    if unit.age_min is not None and unit.age_max is not None:
        return f"{unit.age_min}–{unit.age_max} år"
    if unit.age_max is not None:
        return f"under {unit.age_max + 1} år"
    if unit.age_min is not None:
        return f"fra {unit.age_min} år"
    return None


_shared: Optional[CatalogueDB] = None


def shared() -> CatalogueDB:
    """The process-wide catalogue (opened on first use)."""
    global _shared
    if _shared is None:
        _shared = CatalogueDB()
    return _shared
