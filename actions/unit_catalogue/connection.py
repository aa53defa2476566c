"""The catalogue database: opening it read-only, following staff's rebuilds, and reading records.

One connection per process. When staff rebuild the database (the file is
replaced) the next query switches to the new file; if the new file is broken it
keeps serving the old one and logs why. The small tables that name lookups need
are held in memory (`_load_indexes`), so a lookup takes microseconds.

Languages: every text a person reads is in the database in Danish and in English
(`summary` and `summary_en`). A `CatalogueDB` answers in one language, `db.language`
("da" unless asked); `db.in_language("en")` is a view of the same database that answers
in English. The views share one connection, one file stamp and one set of indexes
(`_Shared`); what differs by language - labels, municipality names, place notes and the
cached unit records - is kept per language. Names are resolved the same in every view.
"""

from __future__ import annotations

import copy
import logging
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from .build import SCHEMA_VERSION
from .model import HoursSet, Interval, Planned, Ref
from .records import CatalogueUnavailable, Contact, UnitInfo

log = logging.getLogger("actions.unit_catalogue.query")

DEFAULT_DB = Path(__file__).resolve().parents[2] / "var" / "catalogue.db"


DANISH = "da"
LANGUAGES = (DANISH, "en")  # a text's column in English is the Danish column's name + "_en"


def database_path() -> Path:
    return Path(os.environ.get("VEJVISER_DB", DEFAULT_DB))


class _Shared:
    """One database file as all its language views see it: the connection, the file's stamp,
    the in-memory indexes (`indexes[name]`, or `indexes[name][language]`) and the views."""

    def __init__(self, path: Path):
        self.path = path
        self.conn: sqlite3.Connection | None = None
        self.stamp: tuple | None = None
        self.indexes: dict[str, Any] = {}
        self.views: dict[str, CatalogueConnection] = {}


class _Index:
    """An in-memory index held in `_Shared.indexes`; `per_language` ones have one copy per language."""

    def __init__(self, per_language: bool = False):
        self.per_language = per_language

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: CatalogueConnection | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj._shared.indexes[self.name]
        return value[obj.language] if self.per_language else value


_View = TypeVar("_View", bound="CatalogueConnection")


class CatalogueConnection:
    """Read-only access to the built catalogue: the connection, the vocabulary and unit records."""

    # In memory, shared by the language views (see _load_indexes).
    _names = _Index()
    _historic = _Index()
    _muni_names = _Index()
    _postcodes = _Index()
    _within = _Index()
    _sources = _Index()
    _places = _Index(per_language=True)
    _labels = _Index(per_language=True)
    _municipalities = _Index(per_language=True)
    _unit_cache = _Index(per_language=True)

    def __init__(self, path: Path | None = None):
        self.language = DANISH
        self._shared = _Shared(Path(path) if path else database_path())
        self._shared.views[DANISH] = self
        self._open()

    @property
    def path(self) -> Path:
        return self._shared.path

    @property
    def _conn(self) -> sqlite3.Connection | None:
        return self._shared.conn

    # -- languages -------------------------------------------------------------
    def in_language(self: _View, language: str) -> _View:
        """This catalogue answering in `language` ("da" or "en"): the same database, connection and
        indexes; every text it returns (labels, municipality names, unit records, facts, rights,
        complaints, crisis contacts, old names, place notes) is in that language. The Danish view
        is the catalogue opened with CatalogueDB(); asking a view for its own language returns it."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
        view = self._shared.views.get(language)
        if view is None:
            view = copy.copy(self)  # same class; all state but the language lives in self._shared
            view.language = language
            self._shared.views[language] = view
        return view

    def _select(self, table: str) -> str:
        """The column list for `SELECT ... FROM table`: every column, each text in this view's language
        under the Danish column's name (`summary_en AS summary`), so rows read the same in every language."""
        return self._shared.indexes["select"][self.language][table]

    # -- connection ---------------------------------------------------------
    def _file_stamp(self) -> tuple:
        st = os.stat(self.path)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _open(self) -> None:
        try:
            stamp = self._file_stamp()
        except FileNotFoundError:
            raise CatalogueUnavailable(f"The unit catalogue database {self.path} does not exist. Build it with `make catalogue`.") from None
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
        except sqlite3.DatabaseError as error:
            raise CatalogueUnavailable(
                f"The unit catalogue database {self.path} is damaged ({error}). Rebuild it with `make catalogue`."
            ) from None
        if not version or version[0] != SCHEMA_VERSION:
            conn.close()
            raise CatalogueUnavailable(
                f"The unit catalogue database {self.path} is from another version. Rebuild it with `make catalogue`."
            )
        shared = self._shared
        old = shared.conn
        shared.conn, shared.stamp = conn, stamp
        self._load_indexes()
        if old is not None:
            old.close()

    def _db(self) -> sqlite3.Connection:
        """The connection, reopened if staff replaced the database file."""
        try:
            changed = self._file_stamp() != self._shared.stamp
        except FileNotFoundError:
            changed = False  # deleted under us: keep serving what we have
            log.error("catalogue database %s has disappeared; still serving the copy opened earlier", self.path)
        if changed:
            try:
                self._open()
                log.info("catalogue database reloaded from %s", self.path)
            except CatalogueUnavailable as error:
                log.error("%s Still serving the copy opened earlier.", error)
                self._shared.stamp = None  # try again next time
        return self._conn

    def _rows(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        return self._db().execute(sql, tuple(params)).fetchall()

    def _load_indexes(self) -> None:
        """Small lookup tables kept in memory so name lookups take microseconds (for every language view)."""
        c = self._shared.conn
        ix: dict[str, Any] = {}
        columns = {
            t["name"]: [col["name"] for col in c.execute("SELECT name FROM pragma_table_info(?)", [t["name"]])]
            for t in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        ix["select"] = {lang: {table: _select_list(cols, lang) for table, cols in columns.items()} for lang in LANGUAGES}
        ix["_names"] = [
            (r["unit_id"], r["municipality_id"], r["name"], r["folded"], r["loose"])
            for r in c.execute(
                "SELECT n.unit_id, u.municipality_id, n.name, n.folded, n.loose FROM unit_names n JOIN units u ON u.id = n.unit_id "
                "ORDER BY n.is_primary DESC, length(n.folded) DESC, n.unit_id"
            )
        ]
        ix["_historic"] = [
            (r["historic_id"], r["folded"], r["loose"])
            for r in c.execute("SELECT historic_id, folded, loose FROM historic_aliases ORDER BY length(folded) DESC")
        ]
        ix["_places"] = {
            lang: [
                (r["name"], r["folded"], r["loose"], r["municipality_id"], r["outside_municipality"], r["note"])
                for r in c.execute(f"SELECT {ix['select'][lang]['places']} FROM places ORDER BY length(folded) DESC")
            ]
            for lang in LANGUAGES
        }
        ix["_muni_names"] = [
            (r["municipality_id"], r["folded"], r["loose"])
            for r in c.execute("SELECT * FROM municipality_names ORDER BY length(folded) DESC")
        ]
        ix["_postcodes"] = [(r["low"], r["high"], r["municipality_id"]) for r in c.execute("SELECT * FROM postcodes")]
        ix["_labels"] = {
            lang: {(r["section"], r["key"]): r["label"] for r in c.execute(f"SELECT {ix['select'][lang]['vocabulary']} FROM vocabulary")}
            for lang in LANGUAGES
        }
        groups: dict[str, set[str]] = {}
        for r in c.execute("SELECT * FROM substance_groups"):
            groups.setdefault(r["substance"], set()).add(r["within"])
        ix["_within"] = groups
        ix["_municipalities"] = {
            lang: {r["id"]: dict(r) for r in c.execute(f"SELECT {ix['select'][lang]['municipalities']} FROM municipalities ORDER BY rowid")}
            for lang in LANGUAGES
        }
        ix["_sources"] = {r["id"]: dict(r) for r in c.execute("SELECT * FROM sources")}
        ix["_unit_cache"] = {lang: {} for lang in LANGUAGES}
        self._shared.indexes = ix

    # -- vocabulary ---------------------------------------------------------
    def label(self, section: str, key: str) -> str:
        return self._labels.get((section, key), key)

    def vocabulary_keys(self, section: str) -> list[str]:
        """The ids catalogue/vocabulary.yml lists in a section ("substances", "help", ...)."""
        return [key for (sec, key) in self._labels if sec == section]

    def municipality_name(self, municipality_id: str) -> str:
        return self._municipalities[municipality_id]["name"]

    def municipality_ids(self) -> list[str]:
        """In the order the assistant names them (catalogue/national.yml)."""
        return list(self._municipalities)

    def municipality_source(self, municipality_id: str) -> dict:
        """The source document a municipality's facts come from (publisher, title, year)."""
        self._db()
        return self._sources[self._municipalities[municipality_id]["source_id"]]

    # -- units as records ----------------------------------------------------
    def unit(self, unit_id: str) -> UnitInfo:
        self._db()
        cached = self._unit_cache.get(unit_id)
        if cached:
            return cached
        rows = self._rows(f"SELECT {self._select('units')} FROM units WHERE id = ?", [unit_id])
        if not rows:
            raise KeyError(unit_id)
        u = rows[0]
        offers = self._rows("SELECT kind, value FROM offers WHERE unit_id = ? ORDER BY rowid", [unit_id])
        conditions = self._rows(f"SELECT {self._select('conditions')} FROM conditions WHERE unit_id = ? ORDER BY position", [unit_id])
        info = UnitInfo(
            id=u["id"],
            municipality_id=u["municipality_id"],
            municipality=self.municipality_name(u["municipality_id"]),
            name=u["name"],
            kind=u["kind"],
            summary=u["summary"],
            contact=self._contact(u),
            age_min=u["age_min"],
            age_max=u["age_max"],
            anonymous_talks=u["anonymous_talks"] if u["anonymous"] else None,
            for_relatives=bool(u["for_relatives"]),
            walk_in=None if u["walk_in"] is None else bool(u["walk_in"]),
            substances=tuple(o["value"] for o in offers if o["kind"] == "substance"),
            help=tuple(o["value"] for o in offers if o["kind"] == "help"),
            conditions=tuple(r["text"] for r in conditions),
            card_conditions=tuple(r["text"] for r in conditions if r["on_card"]),
            hours=self._hours(unit_id),
            via_hours=self._hours(u["contact_via"]) if u["contact_via"] else (),
            ref=u["ref"],
        )
        self._unit_cache[unit_id] = info
        return info

    def _contact(self, u: sqlite3.Row) -> Contact:
        via = None
        if u["contact_via"] and (not u["phone"] or not u["street"]):
            via = self._rows(f"SELECT {self._select('units')} FROM units WHERE id = ?", [u["contact_via"]])[0]
        phone, email, via_name, via_ages, via2 = u["phone"], u["email"], None, (None, None), None
        if not phone and via is not None:
            phone, email, via_name = via["phone"], email or via["email"], via["name"]
            via_ages = (via["age_min"], via["age_max"])
            if not phone and via["contact_via"]:  # one more hop: KABS -> RBC -> Rødovre Kommune
                via2 = self._rows(f"SELECT {self._select('units')} FROM units WHERE id = ?", [via["contact_via"]])[0]
                phone, via_name, via_ages = via2["phone"], via2["name"], (via2["age_min"], via2["age_max"])
        via_address = None
        if via is not None and not u["street"] and via["street"]:  # only the unit it is reached through directly
            via_address = Contact(via["street"], via["postcode"], via["city"], None, None).address
        return Contact(
            u["street"],
            u["postcode"],
            u["city"],
            phone,
            email,
            via_name,
            u["contact_note"],
            via_ages,
            via_address,
            via["name"] if via is not None else None,
        )

    def _hours(self, unit_id: str) -> tuple[HoursSet, ...]:
        sets = []
        for s in self._rows(f"SELECT {self._select('hours_sets')} FROM hours_sets WHERE unit_id = ? ORDER BY id", [unit_id]):
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
            sets.append(
                HoursSet(
                    s["kind"],
                    s["status"],
                    ref,
                    tuple(tuple(d) for d in week),
                    frozenset(closed),
                    bool(s["all_year"]),
                    s["note"],
                    planned,
                    self.label("hour_kinds", s["kind"]),
                )
            )
        return tuple(sets)

    def all_units(self, municipality_id: str | None = None) -> list[UnitInfo]:
        sql = "SELECT id FROM units" + (" WHERE municipality_id = ?" if municipality_id else "") + " ORDER BY municipality_id, rowid"
        return [self.unit(r["id"]) for r in self._rows(sql, [municipality_id] if municipality_id else [])]

    def contact_unit(self, municipality_id: str) -> UnitInfo:
        return self.unit(self._municipalities[municipality_id]["contact_unit_id"])

    def main_contacts(self) -> list[UnitInfo]:
        """One first place to call per municipality, for fallbacks."""
        self._db()
        return [self.contact_unit(m) for m in self._municipalities]


def _select_list(columns: list[str], language: str) -> str:
    """`"id", "summary_en" AS "summary", ...` for English; the Danish columns for Danish."""
    suffix = "" if language == DANISH else f"_{language}"
    out = []
    for col in columns:
        if col.endswith(tuple(f"_{lang}" for lang in LANGUAGES if lang != DANISH)):
            continue  # another language's text
        if suffix and f"{col}{suffix}" in columns:
            out.append(f'"{col}{suffix}" AS "{col}"')
        else:
            out.append(f'"{col}"')
    return ", ".join(out)
