"""Held-out sentences (tests/nlu/heldout.yml) for tests that compare the trained model's answers."""

from __future__ import annotations

from pathlib import Path

import yaml

HELDOUT = Path(__file__).resolve().parent / "nlu" / "heldout.yml"


def heldout_sentences(per_intent: int) -> list[str]:
    """The first ``per_intent`` examples of each intent, with entity markup removed."""
    sentences = []
    for block in yaml.safe_load(HELDOUT.read_text())["nlu"]:
        for line in block.get("examples", "").splitlines()[:per_intent]:
            line = line.strip()
            if line.startswith("- "):
                sentences.append(line[2:].replace("[", "").replace("]", "").split("(")[0].split("{")[0])
    return sentences
