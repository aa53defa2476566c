"""rasa_patches/graph_predict.py runs DIET's traced graph without tf.function's argument handling.

Every output must be exactly Rasa's, the shortcut must really be taken for the
model's own batches (or it saves nothing), and anything that does not fit the
traced signature must go to Rasa's own code.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from heldout import heldout_sentences
from own_code import rasas_own

from rasa_patches import graph_predict

pytestmark = pytest.mark.slow


def _sentences() -> list[str]:
    return heldout_sentences(2)


@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


@pytest.fixture(scope="module")
def diet_model(agent):
    components = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()]
    models = [c.model for c in components if type(c).__name__ == "DIETClassifier"]
    assert len(models) == 1 and models[0] is not None
    return models[0]


@pytest.fixture(scope="module")
def batches(agent, diet_model):
    """The batches DIET predicts on for held-out sentences, captured on their way in."""
    seen = []

    def capture(model, batch_in):
        seen.append(batch_in)
        return graph_predict.RASA_PREDICT(model, batch_in)

    from rasa.utils.tensorflow.models import RasaModel

    RasaModel._rasa_predict = capture
    try:
        asyncio.run(_parse_all(agent, _sentences()))
    finally:
        graph_predict.install()
    assert len(seen) >= 60
    return seen


async def _parse_all(agent, sentences):
    return [await agent.parse_message(text) for text in sentences]


def _assert_same(ours, rasas):
    assert ours.keys() == rasas.keys()
    for key in rasas:
        if isinstance(rasas[key], dict):
            _assert_same(ours[key], rasas[key])
        else:
            assert type(ours[key]) is type(rasas[key])
            np.testing.assert_array_equal(ours[key], rasas[key])
            assert getattr(ours[key], "dtype", None) == getattr(rasas[key], "dtype", None)


def test_every_output_is_rasas_and_the_graph_is_called_directly(diet_model, batches, monkeypatch):
    tracings = diet_model._tf_predict_step.experimental_get_tracing_count()
    direct = []
    concrete_type = type(diet_model._tf_predict_step.get_concrete_function())
    call_flat = concrete_type._call_flat
    monkeypatch.setattr(concrete_type, "_call_flat", lambda *a, **k: direct.append(1) or call_flat(*a, **k))
    fallbacks = []
    monkeypatch.setattr(graph_predict, "RASA_PREDICT", lambda *a: fallbacks.append(1) or pytest.fail("fell back to Rasa's path"))
    ours = [graph_predict._rasa_predict(diet_model, batch) for batch in batches]
    monkeypatch.undo()
    rasas = [graph_predict.RASA_PREDICT(diet_model, batch) for batch in batches]
    for mine, theirs in zip(ours, rasas):
        _assert_same(mine, theirs)
    assert len(direct) == len(batches) and not fallbacks
    assert diet_model._tf_predict_step.experimental_get_tracing_count() == tracings  # no new graph


def test_parsed_messages_are_unchanged(agent):
    sentences = _sentences()
    graph_predict.install()
    ours = asyncio.run(_parse_all(agent, sentences))
    with rasas_own(graph_predict):
        rasas = asyncio.run(_parse_all(agent, sentences))
    assert ours == rasas


def _bent(batch, index, change):
    batch = list(batch)
    batch[index] = change(batch[index])
    return tuple(batch)


@pytest.mark.parametrize(
    "bend",
    [
        lambda b: _bent(b, 1, lambda a: a.astype(np.int32)),  # another dtype
        lambda b: _bent(b, 0, lambda a: a[0]),  # another rank
        lambda b: _bent(b, 0, lambda a: np.zeros(a.shape[:-1] + (a.shape[-1] + 1,), a.dtype)),  # another fixed size
        lambda b: _bent(b, 2, lambda a: a.tolist()),  # not an array
        lambda b: b[:-1],  # an input missing
        lambda b: list(b),  # not a tuple
    ],
    ids=["dtype", "rank", "fixed size", "not an array", "input missing", "not a tuple"],
)
def test_what_does_not_fit_the_signature_goes_to_rasas_code(diet_model, batches, bend, monkeypatch):
    batch = bend(batches[0])
    assert graph_predict._tensors(batch, graph_predict._entry(diet_model)[2]) is None
    try:
        expected = graph_predict.RASA_PREDICT(diet_model, batch)
    except Exception as error:  # noqa: BLE001 - whatever Rasa raises, ours must raise too
        with pytest.raises(type(error)):
            graph_predict._rasa_predict(diet_model, batch)
    else:
        _assert_same(graph_predict._rasa_predict(diet_model, batch), expected)


def test_an_eager_model_uses_rasas_code(diet_model, batches, monkeypatch):
    calls = []
    monkeypatch.setattr(graph_predict, "RASA_PREDICT", lambda model, batch: calls.append(batch) or {})
    monkeypatch.setattr(diet_model, "_run_eagerly", True)
    assert graph_predict._rasa_predict(diet_model, batches[0]) == {}
    assert calls == [batches[0]]
