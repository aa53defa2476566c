"""Every annotated entity in data/nlu (Danish and English, data/nlu/en/) and
tests/nlu/heldout.yml ends up as a canonical value the actions understand, via
data/nlu/synonyms.yml.

EntitySynonymMapper ignores the entity type, so a text may map to one value
only - a conflict would silently give e.g. a need the value "opioids".
Reads YAML with PyYAML only (no Rasa import, no training).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = ROOT / "data" / "nlu" / "synonyms.yml"
FILES = sorted((ROOT / "data" / "nlu").rglob("*.yml")) + [ROOT / "tests" / "nlu" / "heldout.yml"]

# The contract with the actions (domain.yml comments / actions/understanding.py).
CANONICAL = {
    "substance": {
        "alcohol",
        "cannabis",
        "cocaine",
        "amphetamine",
        "mdma",
        "party_drugs",
        "ketamine",
        "opioids",
        "benzodiazepines",
        "illegal_drugs",
    },
    "day": {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "weekend"},
    "relation": {"mother", "father", "parent", "son", "daughter", "child", "partner", "sibling", "friend", "colleague", "family"},
    "anonymity": {"anonymous"},
    "need": {
        "substitution",
        "heroin_assisted",
        "pregnancy",
        "family",
        "dual_diagnosis",
        "home",
        "outreach",
        "housing",
        "intensive",
        "residential",
        "day",
    },
    "hours_kind": {"phone"},
    "complaint_kind": {"decision", "medical", "staff", "payment", "case_handling"},
}
ALL_VALUES = set().union(*CANONICAL.values())
_ENTITY = re.compile(r"\[([^\]]+)\]\((\w+)\)")


def synonym_pairs() -> list[tuple[str, str]]:
    pairs = []
    for item in yaml.safe_load(SYNONYMS.read_text(encoding="utf-8"))["nlu"]:
        for line in item["examples"].splitlines():
            if line.strip().startswith("- "):
                pairs.append((line.strip()[2:].strip().lower(), str(item["synonym"])))
    return pairs


SYNONYM_MAP = dict(synonym_pairs())


def annotations() -> list[tuple[str, str, str, str]]:
    found = []
    for path in FILES:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" not in item:
                continue
            for line in item["examples"].splitlines():
                for text, entity in _ENTITY.findall(line):
                    found.append((path.name, item["intent"], text, entity))
    return found


def test_no_conflicting_synonyms():
    seen: dict[str, str] = {}
    conflicts = []
    for text, value in synonym_pairs():
        if text in seen and seen[text] != value:
            conflicts.append((text, seen[text], value))
        seen[text] = value
    assert not conflicts


def test_synonym_targets_are_canonical_values():
    bad = {v for _, v in synonym_pairs() if v not in ALL_VALUES and not v.isdigit()}
    assert not bad


@pytest.mark.parametrize("entity", sorted(CANONICAL))
def test_annotated_texts_map_to_canonical_values(entity):
    bad = []
    for filename, intent, text, ent in annotations():
        if ent != entity:
            continue
        value = SYNONYM_MAP.get(text.lower(), text.lower())
        if value not in CANONICAL[entity]:
            bad.append((filename, intent, text, value))
    assert not bad, f"add these to data/nlu/synonyms.yml: {bad}"


def test_ages_map_to_digits():
    bad = [(f, i, t) for f, i, t, e in annotations() if e == "age" and not SYNONYM_MAP.get(t.lower(), t).isdigit()]
    assert not bad


def test_place_and_unit_have_no_synonyms():
    """The actions resolve places and units through the catalogue, from the raw text."""
    texts = {t.lower() for _, _, t, e in annotations() if e in ("place", "unit")}
    assert not texts & set(SYNONYM_MAP)
