"""Shared fixtures. Nothing here reads ../shared: the catalogue files in the
repository are the source of truth the tests check."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "catalogue"


@pytest.fixture(scope="session", autouse=True)
def rasa_as_served():
    """In-process tests see Rasa as the servers run it: with the speed patches installed, as
    scripts/rasa_run.py does - or pure Rasa when VEJVISER_RASA_PATCHES=off."""
    import rasa_patches

    rasa_patches.install()
    yield
    rasa_patches.uninstall()


@pytest.fixture(scope="session")
def trained_agent():
    """The trained model in var/current_model, loaded once (read-only use)."""
    from rasa.core.agent import Agent

    return Agent.load((ROOT / "var" / "current_model").read_text().strip())


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The catalogue built once from catalogue/*.yml into a temporary file."""
    from actions.unit_catalogue.build import build_database

    path = tmp_path_factory.mktemp("catalogue") / "catalogue.db"
    build_database(CATALOGUE_DIR, path)
    return path


@pytest.fixture(scope="session")
def db(built_db):
    from actions.unit_catalogue.query import CatalogueDB

    return CatalogueDB(built_db)


@pytest.fixture
def shared_db(db, monkeypatch):
    """Make the actions use the test database."""
    import actions.unit_catalogue.query as query

    monkeypatch.setattr(query, "_shared", db)
    return db


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    """A writable copy of catalogue/ for tests that break files on purpose."""
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target)
    return target


@pytest.fixture(scope="session")
def web_origin() -> str:
    """Origin the demo page is served from in tests; chosen first so Rasa can allow it (CORS)."""
    from stack import free_port

    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def stack(tmp_path_factory, web_origin):
    """The real action server and Rasa server, clock pinned to a Monday 9.30.

    Shared by the REST end-to-end tests and the browser tests (one start-up,
    about half a minute). Logs: test-output/e2e/. The tracker store checks
    every tracker it keeps in memory against the database, and the policies'
    dialogue states against Rasa's own computation (verify mode).
    """
    from stack import start_stack

    running = start_stack(
        ROOT / "test-output" / "e2e", tmp_path_factory.mktemp("stack"), cors=(web_origin,), VEJVISER_TRACKER_CACHE_VERIFY="1"
    )
    yield running
    running.stop()
    from addons.tracker_store import MISMATCH as TRACKER_MISMATCH
    from rasa_patches.states_cache import MISMATCH as STATES_MISMATCH

    # Every tracker the server took from memory was compared with the database
    # (addons/tracker_store.py), every cached list of dialogue states with Rasa's own (rasa_patches/states_cache.py).
    log = running.rasa.process.log()
    assert TRACKER_MISMATCH not in log and STATES_MISMATCH not in log


PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def as_postgres(args: list[str]) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program as the postgres user when we are root (it refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, text=True)


def create_pg_database(port: int, name: str) -> None:
    as_postgres([str(Path(PG_BIN[-1]) / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "vejviser", name])


@pytest.fixture(scope="session")
def postgres():
    """A throw-away PostgreSQL cluster on loopback (user and database "vejviser"); yields its port."""
    from stack import free_port

    if not PG_BIN:
        pytest.fail("PostgreSQL is not installed: run scripts/install_system_deps.sh")
    bin_dir = Path(PG_BIN[-1])
    # Not under pytest's tmp dir: that is private to root, and PostgreSQL refuses to run as root.
    base = Path(tempfile.mkdtemp(prefix="vejviser-pg-"))
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    port = free_port()
    as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "vejviser", "--auth=trust", "-E", "UTF8"])
    log = base / "postgres.log"
    as_postgres(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {base}",
            "start",
        ]
    )
    try:
        create_pg_database(port, "vejviser")
        yield port
    finally:
        as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"])
        shutil.rmtree(base, ignore_errors=True)
