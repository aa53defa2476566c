"""data/nlu/lookups/{unit,place}.yml must match what scripts/sync_nlu_lookups.py
generates from catalogue/*.yml. If this fails, run:

    python scripts/sync_nlu_lookups.py

Reads YAML with PyYAML only (no Rasa import).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LOOKUPS = ROOT / "data" / "nlu" / "lookups"
SCRIPT = ROOT / "scripts" / "sync_nlu_lookups.py"


def _script():
    spec = importlib.util.spec_from_file_location("sync_nlu_lookups", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lookup_entries(text: str) -> dict[str, list[str]]:
    data = yaml.safe_load(text) or {}
    tables = {}
    for item in data.get("nlu") or []:
        if "lookup" in item:
            tables[item["lookup"]] = [line.strip()[2:].strip() for line in item["examples"].splitlines() if line.strip().startswith("- ")]
    return tables


GENERATED = _script().generate()


@pytest.mark.parametrize("filename", sorted(GENERATED))
def test_committed_lookup_matches_catalogue(filename):
    committed_path = LOOKUPS / filename
    assert committed_path.exists(), f"{committed_path} is missing - run scripts/sync_nlu_lookups.py"
    committed = _lookup_entries(committed_path.read_text(encoding="utf-8"))
    expected = _lookup_entries(GENERATED[filename])
    assert committed == expected, (
        f"{committed_path.relative_to(ROOT)} is out of date with catalogue/*.yml - run: python scripts/sync_nlu_lookups.py"
    )
    # Byte-for-byte too, so the generated header and order stay stable.
    assert committed_path.read_text(encoding="utf-8") == GENERATED[filename]


def test_lookups_cover_catalogue_names():
    script = _script()
    units = {e.casefold() for e in _lookup_entries(GENERATED["unit.yml"])["unit"]}
    places = {e.casefold() for e in _lookup_entries(GENERATED["place.yml"])["place"]}
    # Spot checks across all files: names, aliases, historic names, towns, æøå-less.
    for name in (
        "Nyropsgade",
        "Valmuen",
        "U-turn",
        "PAS",
        "FKRC",
        "Ungecentret",
        "KABS",
        "Brydehuset",
        "Rådgivnings- og Behandlingscentret",
        "Stæren",
        "Staeren",
    ):
        assert name.casefold() in units, name
    for name in (
        "København",
        "Kobenhavn",
        "Nørrebro",
        "Norrebro",
        "Noerrebro",
        "Søborg",
        "Bagsværd",
        "Rødovre",
        "Aarhus",
        "Hvidovre",
        "Hellerup",
        "Kbh",
        "Amager",
    ):
        assert name.casefold() in places, name
    assert script.unit_names() and script.place_names()


def test_lookup_entries_are_unique_case_insensitively():
    for text in GENERATED.values():
        for entries in _lookup_entries(text).values():
            folded = [e.casefold() for e in entries]
            assert len(folded) == len(set(folded))
