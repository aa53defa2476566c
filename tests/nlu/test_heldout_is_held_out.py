"""tests/nlu/heldout.yml (Danish) and tests/nlu/heldout_en.yml (English, issue #17)
must stay held out and cover the whole NLU contract.

* No held-out text may occur in data/nlu (Danish and English, data/nlu/en/) (compared lowercased, whitespace
  collapsed, entity markup stripped) - not even as a near-duplicate that only
  differs in punctuation or a word or two.
* Every intent and entity in domain.yml has held-out examples (nlu_fallback is
  produced by the FallbackClassifier and never has examples).

Reads YAML with PyYAML only; no Rasa import, no training.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
HELDOUT_EN = ROOT / "tests" / "nlu" / "heldout_en.yml"
# Each held-out set and the fewest examples it must have.
HELDOUT_SETS = {HELDOUT: 220, HELDOUT_EN: 200}
TRAIN_DIR = ROOT / "data" / "nlu"
DOMAIN = ROOT / "domain.yml"

MIN_PER_INTENT = 5
NEAR_DUPLICATE_RATIO = 0.92  # SequenceMatcher ratio on punctuation-free text

# [text](entity), [text]{"entity": ...}, [text]{...}
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_ENTITY_NAME = re.compile(r"\[[^\]]*\](?:\((\w+)(?:[:@.][^)]*)?\)|\{[^}]*\"entity\"\s*:\s*\"(\w+)\"[^}]*\})")
_PUNCT = re.compile(r"[^\w\s]")


def strip_markup(text: str) -> str:
    return _ENTITY.sub(r"\1", text)


def normalise(text: str) -> str:
    return " ".join(strip_markup(text).lower().split())


def loose(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", normalise(text)).split())


def _examples(block: str) -> list[str]:
    out = []
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("- "):
            out.append(line[2:].strip())
    return out


def intent_examples(path: Path) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    result: dict[str, list[str]] = {}
    for item in data.get("nlu") or []:
        if "intent" in item:
            result.setdefault(item["intent"], []).extend(_examples(item.get("examples", "")))
    return result


def training_examples() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(TRAIN_DIR.rglob("*.yml")):
        for intent, examples in intent_examples(path).items():
            pairs += [(intent, e) for e in examples]
    return pairs


def heldout_examples(path: Path = HELDOUT) -> list[tuple[str, str]]:
    return [(i, e) for i, exs in intent_examples(path).items() for e in exs]


each_set = pytest.mark.parametrize("path", sorted(HELDOUT_SETS), ids=lambda p: p.name)


def domain() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


@each_set
def test_heldout_has_enough_examples(path):
    assert len(heldout_examples(path)) >= HELDOUT_SETS[path]


@each_set
def test_no_heldout_text_in_training_data(path):
    train = {normalise(t) for _, t in training_examples()}
    leaked = [t for _, t in heldout_examples(path) if normalise(t) in train]
    assert not leaked, f"held-out texts also in data/nlu: {leaked}"


@each_set
def test_no_near_duplicates_of_training_data(path):
    train = {loose(t) for _, t in training_examples()}
    near = []
    for _, text in heldout_examples(path):
        h = loose(text)
        if h in train:
            near.append((text, "same words, different punctuation"))
            continue
        if len(h.split()) < 4:
            continue  # short answers ("ja tak", "hash") can only differ a little
        matcher = SequenceMatcher(None, b=h)  # caches h; set_seq1 is cheap
        for t in train:
            if abs(len(t) - len(h)) > 0.2 * len(h):
                continue
            matcher.set_seq1(t)
            if (
                matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
                and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
                and matcher.ratio() >= NEAR_DUPLICATE_RATIO
            ):
                near.append((text, t))
                break
    assert not near, f"held-out texts nearly identical to training examples: {near}"


@each_set
def test_heldout_has_no_internal_duplicates(path):
    counts = Counter(normalise(t) for _, t in heldout_examples(path))
    assert not [t for t, n in counts.items() if n > 1]


@each_set
def test_every_domain_intent_has_heldout_examples(path):
    counts = Counter(i for i, _ in heldout_examples(path))
    intents = [i for i in domain()["intents"] if i != "nlu_fallback"]
    missing = {i: counts.get(i, 0) for i in intents if counts.get(i, 0) < MIN_PER_INTENT}
    assert not missing, f"intents with fewer than {MIN_PER_INTENT} held-out examples: {missing}"
    unknown = set(counts) - set(intents)
    assert not unknown, f"held-out intents not in domain.yml: {unknown}"


@each_set
def test_every_domain_entity_has_heldout_examples(path):
    seen = Counter()
    for _, text in heldout_examples(path):
        for m in _ENTITY_NAME.finditer(text):
            seen[m.group(1) or m.group(2)] += 1
    entities = domain()["entities"]
    missing = [e for e in entities if not seen.get(e)]
    assert not missing, f"entities without held-out examples: {missing}"
    unknown = set(seen) - set(entities)
    assert not unknown, f"held-out entities not in domain.yml: {unknown}"


@pytest.mark.parametrize("path", sorted(TRAIN_DIR.rglob("*.yml")), ids=lambda p: p.name)
def test_training_files_have_no_nlu_fallback_examples(path):
    assert "nlu_fallback" not in intent_examples(path)
