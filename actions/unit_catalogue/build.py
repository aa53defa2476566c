"""Write a validated Catalogue into SQLite, atomically.

The new database is written next to the target under a temporary name, checked
(integrity and foreign keys), and only then renamed over the old one. If
anything fails - invalid YAML, a bug, a full disk - the previous database is
left exactly as it was. The same input gives the same database, byte for byte.

Every text a person reads is stored twice, in its Danish column and in the column of the
same name with `_en` (`summary`, `summary_en`); the query layer picks one by language.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from textfold import fold, fold_loose

from .load import LABELLED_SECTIONS, digest_inputs, load_catalogue
from .model import Catalogue, Ref

SCHEMA_VERSION = "3"  # 2: the English texts (`*_en` columns); 3: conditions.on_card


def _ref_columns(ref: Ref | None, prefix: str = "") -> dict:
    return {f"{prefix}source_id": ref.source_id if ref else None, f"{prefix}ref": ref.text if ref else None}


def _create_schema(db: sqlite_utils.Database) -> None:
    T, I, B = str, int, bool  # noqa: E741 - column types, short so the schema reads as a table
    db["meta"].create({"key": T, "value": T}, pk="key")
    db["sources"].create(
        {"id": T, "title": T, "publisher": T, "year": T, "kind": T, "seed": T, "note": T, "municipality_id": T},
        pk="id",
        not_null={"title", "publisher", "year"},
    )
    db["municipalities"].create(
        {"id": T, "name": T, "name_en": T, "contact_unit_id": T, "source_id": T},
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
        not_null={"name"},
    )
    db["municipality_names"].create(
        {"municipality_id": T, "name": T, "folded": T, "loose": T}, foreign_keys=[("municipality_id", "municipalities", "id")]
    )
    db["units"].create(
        {
            "id": T,
            "municipality_id": T,
            "name": T,
            "kind": T,
            "summary": T,
            "summary_en": T,
            "street": T,
            "postcode": T,
            "city": T,
            "phone": T,
            "email": T,
            "contact_via": T,
            "contact_note": T,
            "contact_note_en": T,
            "age_min": I,
            "age_max": I,
            "age_source_id": T,
            "age_ref": T,
            "anonymous": B,
            "anonymous_talks": T,
            "anonymous_talks_en": T,
            "anonymous_max_talks": I,
            "anonymous_source_id": T,
            "anonymous_ref": T,
            "for_relatives": B,
            "for_relatives_source_id": T,
            "for_relatives_ref": T,
            "walk_in": B,
            "walk_in_source_id": T,
            "walk_in_ref": T,
            "source_id": T,
            "ref": T,
            "file": T,
        },
        pk="id",
        not_null={"name", "kind", "summary", "summary_en", "source_id", "ref"},
        foreign_keys=[
            ("municipality_id", "municipalities", "id"),
            ("contact_via", "units", "id"),
            ("source_id", "sources", "id"),
            ("age_source_id", "sources", "id"),
            ("anonymous_source_id", "sources", "id"),
            ("for_relatives_source_id", "sources", "id"),
            ("walk_in_source_id", "sources", "id"),
        ],
    )
    db["unit_names"].create({"unit_id": T, "name": T, "folded": T, "loose": T, "is_primary": B}, foreign_keys=[("unit_id", "units", "id")])
    db["unit_serves"].create(
        {"unit_id": T, "municipality_id": T, "source_id": T, "ref": T},
        pk=("unit_id", "municipality_id"),
        foreign_keys=[("unit_id", "units", "id"), ("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
    )
    db["offers"].create(
        {"unit_id": T, "kind": T, "value": T, "source_id": T, "ref": T},
        pk=("unit_id", "kind", "value"),
        foreign_keys=[("unit_id", "units", "id"), ("source_id", "sources", "id")],
    )
    db["conditions"].create(
        {"unit_id": T, "position": I, "text": T, "text_en": T, "on_card": B, "source_id": T, "ref": T},
        pk=("unit_id", "position"),
        foreign_keys=[("unit_id", "units", "id"), ("source_id", "sources", "id")],
    )
    db["hours_sets"].create(
        {
            "id": I,
            "unit_id": T,
            "kind": T,
            "status": T,
            "all_year": B,
            "note": T,
            "note_en": T,
            "planned_weekday": I,
            "planned_until": I,
            "planned_text": T,
            "planned_text_en": T,
            "planned_ref": T,
            "source_id": T,
            "ref": T,
        },
        pk="id",
        foreign_keys=[("unit_id", "units", "id"), ("source_id", "sources", "id")],
    )
    db["hours"].create({"set_id": I, "weekday": I, "opens": I, "closes": I, "closed": B}, foreign_keys=[("set_id", "hours_sets", "id")])
    db["authorities"].create(
        {"id": T, "name": T, "phone": T, "email": T, "secure_email": T, "street": T, "postcode": T, "city": T, "source_id": T, "ref": T},
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["complaints"].create(
        {"id": I, "municipality_id": T, "kind": T, "text": T, "text_en": T, "deadline": T, "deadline_en": T, "source_id": T, "ref": T},
        pk="id",
        foreign_keys=[("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
    )
    db["complaint_bodies"].create(
        {"complaint_id": I, "authority_id": T},
        pk=("complaint_id", "authority_id"),
        foreign_keys=[("complaint_id", "complaints", "id"), ("authority_id", "authorities", "id")],
    )
    db["facts"].create(
        {"id": I, "municipality_id": T, "topic": T, "text": T, "text_en": T, "source_id": T, "ref": T},
        pk="id",
        foreign_keys=[("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
    )
    db["places"].create(
        {
            "name": T,
            "folded": T,
            "loose": T,
            "municipality_id": T,
            "outside_municipality": T,
            "note": T,
            "note_en": T,
            "source_id": T,
            "ref": T,
        },
        foreign_keys=[("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
    )
    db["postcodes"].create(
        {"municipality_id": T, "low": I, "high": I, "source_id": T, "ref": T},
        foreign_keys=[("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
    )
    db["historic_names"].create(
        {"id": I, "municipality_id": T, "name": T, "was": T, "was_en": T, "source_id": T, "ref": T},
        pk="id",
        foreign_keys=[("municipality_id", "municipalities", "id"), ("source_id", "sources", "id")],
    )
    db["historic_aliases"].create(
        {"historic_id": I, "name": T, "folded": T, "loose": T}, foreign_keys=[("historic_id", "historic_names", "id")]
    )
    db["historic_now"].create(
        {"historic_id": I, "unit_id": T},
        pk=("historic_id", "unit_id"),
        foreign_keys=[("historic_id", "historic_names", "id"), ("unit_id", "units", "id")],
    )
    db["crisis_contacts"].create(
        {"id": T, "position": I, "label": T, "label_en": T, "phone": T, "when_text": T, "when_text_en": T, "source_id": T, "ref": T},
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["national_texts"].create(
        {"id": T, "text": T, "text_en": T, "source_id": T, "ref": T}, pk="id", foreign_keys=[("source_id", "sources", "id")]
    )
    db["vocabulary"].create({"section": T, "key": T, "label": T, "label_en": T}, pk=("section", "key"))
    db["substance_groups"].create({"substance": T, "within": T}, pk=("substance", "within"))


def _fill(db: sqlite_utils.Database, cat: Catalogue) -> None:
    db["meta"].insert_all([{"key": "schema_version", "value": SCHEMA_VERSION}, {"key": "input_digest", "value": cat.input_digest}])
    db["sources"].insert_all(
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "year": s.year,
            "kind": s.kind,
            "seed": s.seed,
            "note": s.note,
            "municipality_id": s.municipality_id,
        }
        for s in sorted(cat.sources.values(), key=lambda s: s.id)
    )
    # Inserted in national.yml's order: the query layer lists them by rowid.
    for m in sorted(cat.municipalities.values(), key=lambda m: _position(cat, m.id)):
        db["municipalities"].insert(
            {"id": m.id, "name": m.name, "name_en": m.name_en, "contact_unit_id": m.contact_unit, "source_id": m.source_id}
        )
        # The English name is a name of the municipality in either language ("copenhagen" in a Danish message too).
        names = (m.name, *m.names, *([m.name_en] if m.name_en else []))
        db["municipality_names"].insert_all(
            {"municipality_id": m.id, "name": n, "folded": fold(n), "loose": fold_loose(n)} for n in dict.fromkeys(names)
        )
    units = sorted(cat.units.values(), key=lambda u: u.id)
    # contact_via points at other units: insert all units first, then check keys.
    for u in units:
        db["units"].insert(
            {
                "id": u.id,
                "municipality_id": u.municipality_id,
                "name": u.name,
                "kind": u.kind,
                "summary": u.summary,
                "summary_en": u.summary_en,
                "street": u.street,
                "postcode": u.postcode,
                "city": u.city,
                "phone": u.phone,
                "email": u.email,
                "contact_via": u.contact_via,
                "contact_note": u.contact_note,
                "contact_note_en": u.contact_note_en,
                "age_min": u.age_min,
                "age_max": u.age_max,
                **_ref_columns(u.age_ref, "age_"),
                "anonymous": u.anonymous_ref is not None,
                "anonymous_talks": u.anonymous_talks,
                "anonymous_talks_en": u.anonymous_talks_en,
                "anonymous_max_talks": u.anonymous_max_talks,
                **_ref_columns(u.anonymous_ref, "anonymous_"),
                "for_relatives": u.for_relatives,
                **_ref_columns(u.for_relatives_ref, "for_relatives_"),
                "walk_in": u.walk_in,
                **_ref_columns(u.walk_in_ref, "walk_in_"),
                **_ref_columns(u.ref),
                "file": u.file,
            }
        )
        db["unit_names"].insert_all(
            {"unit_id": u.id, "name": n, "folded": fold(n), "loose": fold_loose(n), "is_primary": n == u.name}
            for n in dict.fromkeys((u.name, *u.aliases))
        )
        serves = u.serves.values if u.serves else (u.municipality_id,)
        db["unit_serves"].insert_all(
            {"unit_id": u.id, "municipality_id": m, **_ref_columns(u.serves.ref if u.serves else u.ref)} for m in serves
        )
        for kind, offer in (("substance", u.substances), ("help", u.help)):
            if offer:
                db["offers"].insert_all({"unit_id": u.id, "kind": kind, "value": v, **_ref_columns(offer.ref)} for v in offer.values)
        db["conditions"].insert_all(
            {"unit_id": u.id, "position": i, "text": c.text, "text_en": c.text_en, "on_card": c.on_card, **_ref_columns(c.ref)}
            for i, c in enumerate(u.conditions)
        )
        for h in u.hours:
            set_id = (
                db["hours_sets"]
                .insert(
                    {
                        "unit_id": u.id,
                        "kind": h.kind,
                        "status": h.status,
                        "all_year": h.all_year,
                        "note": h.note,
                        "note_en": h.note_en,
                        "planned_weekday": h.planned.weekday if h.planned else None,
                        "planned_until": h.planned.until if h.planned else None,
                        "planned_text": h.planned.text if h.planned else None,
                        "planned_text_en": h.planned.text_en if h.planned else None,
                        "planned_ref": h.planned.ref.text if h.planned else None,
                        **_ref_columns(h.ref),
                    }
                )
                .last_pk
            )
            rows = [
                {"set_id": set_id, "weekday": d, "opens": iv.opens, "closes": iv.closes, "closed": False}
                for d, day in enumerate(h.week)
                for iv in day
            ]
            rows += [{"set_id": set_id, "weekday": d, "opens": None, "closes": None, "closed": True} for d in sorted(h.closed_days)]
            db["hours"].insert_all(rows)
    db["authorities"].insert_all(
        {
            "id": a.id,
            "name": a.name,
            "phone": a.phone,
            "email": a.email,
            "secure_email": a.secure_email,
            "street": a.street,
            "postcode": a.postcode,
            "city": a.city,
            **_ref_columns(a.ref),
        }
        for a in sorted(cat.authorities.values(), key=lambda a: a.id)
    )
    for c in cat.complaints:
        cid = (
            db["complaints"]
            .insert(
                {
                    "municipality_id": c.municipality_id,
                    "kind": c.kind,
                    "text": c.text,
                    "text_en": c.text_en,
                    "deadline": c.deadline,
                    "deadline_en": c.deadline_en,
                    **_ref_columns(c.ref),
                }
            )
            .last_pk
        )
        db["complaint_bodies"].insert_all({"complaint_id": cid, "authority_id": b} for b in c.bodies)
    db["facts"].insert_all(
        {"municipality_id": f.municipality_id, "topic": f.topic, "text": f.text, "text_en": f.text_en, **_ref_columns(f.ref)}
        for f in cat.facts
    )
    db["places"].insert_all(
        {
            "name": p.name,
            "folded": fold(p.name),
            "loose": fold_loose(p.name),
            "municipality_id": p.municipality_id,
            "outside_municipality": p.outside_municipality,
            "note": p.note,
            "note_en": p.note_en,
            **_ref_columns(p.ref),
        }
        for p in (*cat.places, *cat.other_municipalities)
    )
    db["postcodes"].insert_all(
        {"municipality_id": r.municipality_id, "low": r.low, "high": r.high, **_ref_columns(r.ref)} for r in cat.postcodes
    )
    for h in cat.historic_names:
        hid = (
            db["historic_names"]
            .insert({"municipality_id": h.municipality_id, "name": h.name, "was": h.was, "was_en": h.was_en, **_ref_columns(h.ref)})
            .last_pk
        )
        db["historic_aliases"].insert_all(
            {"historic_id": hid, "name": n, "folded": fold(n), "loose": fold_loose(n)} for n in dict.fromkeys((h.name, *h.aliases))
        )
        db["historic_now"].insert_all({"historic_id": hid, "unit_id": u} for u in h.now)
    db["crisis_contacts"].insert_all(
        {
            "id": c.id,
            "position": i,
            "label": c.label,
            "label_en": c.label_en,
            "phone": c.phone,
            "when_text": c.when,
            "when_text_en": c.when_en,
            **_ref_columns(c.ref),
        }
        for i, c in enumerate(cat.crisis)
    )
    db["national_texts"].insert_all(
        {"id": t.id, "text": t.text, "text_en": t.text_en, **_ref_columns(t.ref)} for t in sorted(cat.texts.values(), key=lambda t: t.id)
    )
    vocab_rows = []
    for section in LABELLED_SECTIONS:
        for key, value in cat.vocabulary[section].items():
            vocab_rows.append({"section": section, "key": key, "label": str(value["label"]), "label_en": str(value["label_en"])})
    db["vocabulary"].insert_all(vocab_rows)
    db["substance_groups"].insert_all(
        {"substance": key, "within": group}
        for key, value in cat.vocabulary["substances"].items()
        for group in (value or {}).get("within", [])
    )


def _index(db: sqlite_utils.Database) -> None:
    db["unit_names"].create_index(["folded"])
    db["unit_names"].create_index(["loose"])
    db["places"].create_index(["folded"])
    db["offers"].create_index(["kind", "value"])
    db["hours_sets"].create_index(["unit_id", "kind"], unique=True)
    db["hours"].create_index(["set_id", "weekday"])
    db["facts"].create_index(["municipality_id", "topic"])
    # Full-text search over every name a unit is known by (typed words, prefix search).
    db["unit_names"].enable_fts(["name", "folded"], tokenize="unicode61 remove_diacritics 2")


def build_database(catalogue_dir: Path, target: Path) -> Catalogue:
    """Validate `catalogue_dir` and atomically replace `target`. Raises CatalogueInvalid."""
    cat = load_catalogue(catalogue_dir)  # raises before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("BEGIN")
            conn.execute("PRAGMA defer_foreign_keys = ON")  # units.contact_via points forward
            db = sqlite_utils.Database(conn)
            _create_schema(db)
            _fill(db, cat)
            _index(db)
            conn.execute("COMMIT")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed: {problems[:5]}")
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError("integrity check failed")
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.replace(tmp, target)  # atomic on POSIX: readers see the old or the new file
    finally:
        tmp.unlink(missing_ok=True)
    return cat


def database_is_current(catalogue_dir: Path, target: Path) -> bool:
    """True if `target` was built from exactly these catalogue files and this code."""
    if not target.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'input_digest'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return bool(row) and row[0] == digest_inputs(catalogue_dir)


def _position(cat: Catalogue, municipality_id: str) -> int:
    order = cat.municipality_order
    return order.index(municipality_id) if municipality_id in order else len(order)
