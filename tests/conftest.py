"""Shared fixtures. Nothing here reads ../shared: the catalogue files in the
repository are the source of truth the tests check."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "catalogue"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The catalogue built once from catalogue/*.yml into a temporary file."""
    from actions.catalogue.build import build_database

    path = tmp_path_factory.mktemp("catalogue") / "catalogue.db"
    build_database(CATALOGUE_DIR, path)
    return path


@pytest.fixture(scope="session")
def db(built_db):
    from actions.catalogue.query import CatalogueDB

    return CatalogueDB(built_db)


@pytest.fixture
def shared_db(db, monkeypatch):
    """Make the actions use the test database."""
    import actions.catalogue.query as query

    monkeypatch.setattr(query, "_shared", db)
    return db


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    """A writable copy of catalogue/ for tests that break files on purpose."""
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target)
    return target
