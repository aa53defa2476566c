"""rasa_patches/graph_runner.py runs the model graph without dask, and the per-message changes of
sparse_features, count_vectors and graph_predict make the features and call the graph;
with all of them every answer must be what Rasa's own code gives."""

from __future__ import annotations

import asyncio

import pytest
from heldout import heldout_sentences
from own_code import rasas_own
from rasa.core.channels import UserMessage
from rasa.engine.exceptions import GraphRunError
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_patches import count_vectors, graph_predict, graph_runner, sparse_features

PER_MESSAGE = (graph_runner, sparse_features, count_vectors, graph_predict)


def _sentences() -> list[str]:
    return heldout_sentences(3)


@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


def _conversation(agent, sentences: list[str]) -> list:
    """Parse each sentence and predict the next two actions, as a turn does."""
    processor = agent.processor
    tracker = DialogueStateTracker("graph-runner-test", processor.domain.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(ActionExecuted("action_listen"))
    seen = []

    async def run():
        for text in sentences:
            parsed = await processor.parse_message(UserMessage(text), tracker)
            tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parsed))
            seen.append((parsed["intent"]["name"], parsed["intent"]["confidence"], parsed["entities"], parsed.get("intent_ranking")))
            for _ in range(2):
                prediction = processor.predict_next_with_tracker(tracker)
                seen.append({key: prediction[key] for key in ("scores", "policy", "confidence")})
                action = max(prediction["scores"], key=lambda s: s["score"])["action"]
                tracker.update(ActionExecuted(action))
            tracker.update(ActionExecuted("action_listen"))

    asyncio.run(run())
    return seen


@pytest.mark.slow
def test_the_per_message_changes_give_rasas_answers(agent):
    sentences = _sentences()
    assert len(sentences) >= 60
    for change in PER_MESSAGE:
        change.install()
    ours = _conversation(agent, sentences)
    with rasas_own(*PER_MESSAGE):
        rasas = _conversation(agent, sentences)
    assert ours == rasas


@pytest.mark.slow
def test_plan_puts_every_node_after_what_it_needs(agent):
    runner = agent.processor.graph_runner
    schema = runner._graph_schema
    metadata = agent.processor.model_metadata
    for targets in ([metadata.nlu_target], [metadata.core_target], [metadata.core_target, metadata.nlu_target]):
        steps, inputs = graph_runner.plan_for(runner, targets)
        order = [name for name, _ in steps]
        assert len(order) == len(set(order))
        assert set(order) == set(schema.minimal_graph_schema(targets).nodes)
        for position, (_name, needs) in enumerate(steps):
            for need in needs:
                assert need in inputs or order.index(need) < position


@pytest.mark.slow
def test_a_clashing_input_is_refused_as_rasa_refuses_it(agent):
    runner = agent.processor.graph_runner
    target = agent.processor.model_metadata.nlu_target
    graph_runner.install()
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        runner.run(inputs={"__message__": target}, targets=[target])
