"""The README stays true: every command it shows exists, and the quick ones run."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

MAKE_TARGETS = sorted(set(re.findall(r"\bmake ([a-z][a-z-]*)", README)))
PATHS = sorted(
    {
        p
        for p in re.findall(r"`((?:scripts|tests|actions|addons|catalogue|data|docs|web|bench|requirements)/[^`\s*]+)`", README)
        if not p.endswith("/")
    }
)


def test_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec make test")


@pytest.mark.parametrize("target", MAKE_TARGETS)
def test_every_make_target_in_the_readme_exists(target):
    assert re.search(rf"^{re.escape(target)}:", MAKEFILE, re.M), f"make {target} is in the README but not the Makefile"


@pytest.mark.parametrize("path", PATHS)
def test_every_path_in_the_readme_exists(path):
    assert (ROOT / path).exists(), f"{path} is in the README but not in the repository"


@pytest.mark.parametrize("command", ["make help", "make validate-catalogue", "make units", "make unit-week UNIT=Nyropsgade"])
def test_quick_commands_run(command, built_db):
    result = subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "VEJVISER_DB": str(built_db), "VEJVISER_NOW": "2026-11-23T09:30"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_make_unit_week_prints_the_source_hours(built_db):
    out = subprocess.run(
        "make unit-week UNIT=Nyropsgade",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "VEJVISER_DB": str(built_db)},
    ).stdout
    assert "Mandag: 8.00–12.00 og 15.00–18.00" in out


def test_curl_example_matches_the_rest_channel():
    assert "/webhooks/rest/webhook" in README and '"sender"' in README and '"message"' in README
