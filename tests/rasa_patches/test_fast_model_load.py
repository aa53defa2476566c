"""rasa_patches/fast_model_load.py loads the trained model faster; it must not change a single
answer, and every TensorFlow model must actually be loaded (Rasa's components quietly run
without their model when loading fails: that once happened to TEDPolicy, see
rasa_patches/fast_model_load.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from heldout import heldout_sentences
from own_code import rasas_own

from rasa_patches import fast_model_load

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _heldout_sentences(n: int) -> list[str]:
    return heldout_sentences(1)[:n]


def _answers(sentences: list[str]) -> list:
    from rasa.core.agent import Agent

    agent = Agent.load((ROOT / "var" / "current_model").read_text().strip())

    async def parse():
        out = []
        for text in sentences:
            result = await agent.parse_message(text)
            out.append(
                (
                    result["intent"]["name"],
                    round(result["intent"]["confidence"], 4),
                    [(e["entity"], e["value"], e["start"], e["end"]) for e in result["entities"]],
                )
            )
        return out

    components = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()]
    with_models = [c for c in components if hasattr(c, "model")]
    assert with_models, "no component with a TensorFlow model in the trained model"
    assert all(c.model is not None for c in with_models), "a component loaded without its model"
    return asyncio.run(parse())


def test_fast_load_gives_exactly_the_answers_of_rasas_own_load():
    sentences = _heldout_sentences(40)
    assert len(sentences) >= 30
    fast_model_load.install()
    fast = _answers(sentences)
    with rasas_own(fast_model_load):
        slow = _answers(sentences)
    assert fast == slow
