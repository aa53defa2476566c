"""addons/fast_model_load.py loads the trained model faster; it must not change a single answer."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from addons import fast_model_load

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _heldout_sentences(n: int) -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "nlu" / "heldout.yml").read_text())
    sentences = []
    for block in data["nlu"]:
        for line in block.get("examples", "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                sentences.append(line[2:].replace("[", "").replace("]", "").split("(")[0].split("{")[0])
                break
    return sentences[:n]


def _parse_all(sentences: list[str]) -> list[tuple]:
    from rasa.core.agent import Agent

    agent = Agent.load((ROOT / "var" / "current_model").read_text().strip())

    async def run():
        out = []
        for text in sentences:
            result = await agent.parse_message(text)
            out.append((result["intent"]["name"], round(result["intent"]["confidence"], 4),
                        [(e["entity"], e["value"], e["start"], e["end"]) for e in result["entities"]]))
        return out

    return asyncio.run(run())


def test_fast_load_gives_exactly_the_answers_of_rasas_own_load():
    sentences = _heldout_sentences(40)
    assert len(sentences) >= 30
    fast_model_load.install()
    fast = _parse_all(sentences)
    fast_model_load.uninstall()
    try:
        slow = _parse_all(sentences)
    finally:
        fast_model_load.install()
    assert fast == slow
