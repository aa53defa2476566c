"""addons.linear_intent_classifier.LinearIntentClassifier: a linear SVM over sentence features.

Messages get hand-made sentence features (a dense block and a sparse block, as the
e5 featurizer and the count-vector featurizers leave them), so no training of Rasa
components is needed; persistence goes through Rasa's LocalModelStorage.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.linear_intent_classifier import LinearIntentClassifier

INTENTS = ["ask_hours", "seek_help", "greet"]


def message(intent_index: int, rng: np.random.Generator, intent: str | None = None, noise: float = 0.3) -> Message:
    dense = np.zeros((1, 8), dtype=np.float32)
    dense[0, intent_index] = 1.0
    dense += rng.normal(0, noise, size=dense.shape).astype(np.float32)
    counts = np.zeros((1, 20))
    counts[0, rng.choice(20, 3)] = 1  # shared noise words
    counts[0, 10 + intent_index] += 2  # one word per intent
    m = Message({TEXT: f"tekst {intent_index}", **({"intent": intent} if intent else {})})
    m.add_features(Features(dense, FEATURE_TYPE_SENTENCE, TEXT, "e5"))
    m.add_features(Features(scipy.sparse.coo_matrix(counts), FEATURE_TYPE_SENTENCE, TEXT, "cv"))
    return m


def training_data(n: int = 30, seed: int = 1) -> TrainingData:
    rng = np.random.default_rng(seed)
    return TrainingData([message(i, rng, INTENTS[i]) for i in range(len(INTENTS)) for _ in range(n)])


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "storage").mkdir()
    return LocalModelStorage(tmp_path / "storage")


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def trained(storage, **config) -> tuple[LinearIntentClassifier, Resource]:
    resource = Resource("linear")
    classifier = LinearIntentClassifier.create({**LinearIntentClassifier.get_default_config(), **config}, storage, resource, context())
    classifier.train(training_data())
    return classifier, resource


def test_learns_the_intents_with_confident_rankings(storage):
    classifier, _ = trained(storage)
    rng = np.random.default_rng(7)
    tests = [message(i, rng) for i in range(3) for _ in range(10)]
    classifier.process(tests)
    predicted = [m.get("intent")["name"] for m in tests]
    assert predicted == [INTENTS[i] for i in range(3) for _ in range(10)]
    for m in tests:
        ranking = m.get("intent_ranking")
        assert [r["name"] for r in ranking][0] == m.get("intent")["name"]
        assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6
        assert ranking[0]["confidence"] > 0.45  # above config.yml's fallback threshold
        assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_replaces_an_earlier_classifiers_intent(storage):
    classifier, _ = trained(storage)
    m = message(0, np.random.default_rng(3))
    m.set("intent", {"name": "greet", "confidence": 0.99}, add_to_output=True)
    classifier.process([m])
    assert m.get("intent")["name"] == "ask_hours"


def test_round_trip_through_the_model_storage(storage, tmp_path):
    classifier, resource = trained(storage, ranking_length=2)
    loaded = LinearIntentClassifier.load({**LinearIntentClassifier.get_default_config(), "ranking_length": 2}, storage, resource, context())
    rng = np.random.default_rng(11)
    a = [message(i, rng) for i in range(3)]
    b = [Message(m.data.copy(), features=list(m.features)) for m in a]
    classifier.process(a)
    loaded.process(b)
    for x, y in zip(a, b):
        assert x.get("intent") == y.get("intent")
        assert len(y.get("intent_ranking")) == 2
    assert loaded.model["temperature"] == classifier.model["temperature"]


def test_without_a_trained_model_or_features_it_leaves_the_message_alone(storage):
    untrained = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, Resource("nothing"), context())
    m = Message({TEXT: "hej", "intent": {"name": "greet", "confidence": 0.8}})
    untrained.process([m])
    assert m.get("intent") == {"name": "greet", "confidence": 0.8}
    classifier, _ = trained(storage)
    bare = Message({TEXT: "hej"})
    classifier.process([bare])
    assert bare.get("intent") is None


def test_other_features_than_in_training_are_refused(storage):
    classifier, _ = trained(storage)
    m = Message({TEXT: "x"})
    m.add_features(Features(np.ones((1, 5), dtype=np.float32), FEATURE_TYPE_SENTENCE, TEXT, "e5"))
    classifier.process([m])
    assert m.get("intent") is None


def test_featurizers_option_selects_the_features(storage):
    classifier, _ = trained(storage, featurizers=["cv"])
    assert classifier.model["dense_dim"] == 0 and classifier.model["sparse_dim"] == 20


def test_prediction_scores_equal_the_training_matrix_product(storage):
    """The fast per-row scoring used for messages gives what the sparse matrix product gives."""
    rng = np.random.default_rng(3)
    classifier, _ = trained(storage)
    messages = [message(i % 3, rng, noise=0.8) for i in range(12)]
    _, dense, sparse = classifier._rows(messages)
    m = classifier.model
    expected = np.asarray(classifier._matrix(dense, sparse, m["idf"]) @ m["coef"].T) + m["intercept"]
    assert np.allclose(classifier._scores(dense, sparse), expected, atol=1e-5)
