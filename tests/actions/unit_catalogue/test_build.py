"""The database build: real schema, deterministic, atomic."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

import actions.unit_catalogue.build as build
from actions.unit_catalogue.build import build_database, database_is_current
from actions.unit_catalogue.query import CatalogueDB, CatalogueUnavailable


def test_building_twice_gives_the_same_database(catalogue_copy, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build_database(catalogue_copy, a)
    build_database(catalogue_copy, b)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_schema_has_foreign_keys_and_full_text_search(built_db):
    conn = sqlite3.connect(built_db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"units", "hours", "hours_sets", "offers", "facts", "sources", "unit_names_fts"} <= tables
    fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(hours_sets)")}
    assert ("units", "unit_id") in fks and ("sources", "source_id") in fks
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    hits = conn.execute("SELECT name FROM unit_names_fts WHERE unit_names_fts MATCH 'nyrops*'").fetchall()
    assert ("Rusmiddelbehandling Nyropsgade",) in hits


def test_a_failure_during_the_build_keeps_the_old_database(catalogue_copy, tmp_path, monkeypatch):
    target = tmp_path / "catalogue.db"
    build_database(catalogue_copy, target)
    before = target.read_bytes()

    def explode(db, cat):
        raise OSError("disk full")

    monkeypatch.setattr(build, "_fill", explode)
    with pytest.raises(OSError):
        build_database(catalogue_copy, target)
    assert target.read_bytes() == before
    assert list(tmp_path.glob(".catalogue.db.*")) == []


def test_if_changed_notices_edits(catalogue_copy, tmp_path):
    target = tmp_path / "catalogue.db"
    assert not database_is_current(catalogue_copy, target)
    build_database(catalogue_copy, target)
    assert database_is_current(catalogue_copy, target)
    path = catalogue_copy / "rodovre.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert not database_is_current(catalogue_copy, target)


def test_missing_database_gives_a_clear_error(tmp_path):
    with pytest.raises(CatalogueUnavailable, match="does not exist.*make catalogue"):
        CatalogueDB(tmp_path / "nope.db")


def test_corrupt_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogueUnavailable, match="damaged"):
        CatalogueDB(bad)


def test_a_rebuilt_database_is_picked_up_and_a_broken_one_is_not(catalogue_copy, tmp_path):
    target = tmp_path / "catalogue.db"
    build_database(catalogue_copy, target)
    db = CatalogueDB(target)
    assert db.unit("kk-nyropsgade").contact.phone == "33173316"

    path = catalogue_copy / "kobenhavn.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('phone: "33173316"', 'phone: "33173317"'), encoding="utf-8")
    build_database(catalogue_copy, target)
    assert db.unit("kk-nyropsgade").contact.phone == "33173317"

    broken = tmp_path / "broken.db"
    broken.write_bytes(b"garbage" * 1000)
    broken.replace(target)
    assert db.unit("kk-nyropsgade").contact.phone == "33173317", "keeps serving the last good copy"
