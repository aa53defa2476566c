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

from addons.linear_intent_classifier import DEFERRED_DENSE_FEATURES, ROUTES, LinearIntentClassifier

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
    assert np.allclose(classifier._scores(dense, sparse, m["coef"], m["intercept"], m["dense_dim"]), expected, atol=1e-5)


# -- dense features on demand ---------------------------------------------------------------


def unclear(intent_index: int, rng: np.random.Generator, intent: str | None = None) -> Message:
    """A message whose words say nothing about its intent (only shared noise words); its dense
    features still do."""
    m = message(intent_index, rng, intent, noise=0.1)
    counts = np.zeros((1, 20))
    counts[0, rng.choice(10, 3)] = 1
    sparse = Features(scipy.sparse.coo_matrix(counts), FEATURE_TYPE_SENTENCE, TEXT, "cv")
    m.features = [f for f in m.features if f.origin != "cv"] + [sparse]
    return m


def mixed_training_data(seed: int = 1) -> TrainingData:
    rng = np.random.default_rng(seed)
    clear = [message(i, rng, INTENTS[i]) for i in range(3) for _ in range(30)]
    return TrainingData(clear + [unclear(i, rng, INTENTS[i]) for i in range(3) for _ in range(15)])


def deferring(m: Message) -> tuple[Message, list[int]]:
    """The message without its dense features, and a callable left on it that adds them back
    (and counts its calls), as E5Featurizer does with at_prediction: on_demand."""
    calls: list[int] = []
    dense = [f for f in m.features if f.origin == "e5"]
    m.features = [f for f in m.features if f.origin != "e5"]

    def add() -> None:
        calls.append(1)
        m.features.extend(dense)

    m.set(DEFERRED_DENSE_FEATURES, add)
    return m, calls


def gated(storage, **config) -> LinearIntentClassifier:
    classifier = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config(), **config}, storage, Resource("gated"), context()
    )
    classifier.train(mixed_training_data())
    return classifier


def test_sure_sparse_readings_skip_the_dense_features_and_unsure_ones_compute_them(storage):
    classifier = gated(storage)
    threshold = classifier.model["skip_dense_above"]
    assert threshold is not None and 0.5 <= threshold < 1.0
    rng = np.random.default_rng(5)
    before = dict(ROUTES)
    for i in range(3):
        clear, clear_calls = deferring(message(i, rng, noise=0.1))
        vague, vague_calls = deferring(unclear(i, rng))
        classifier.process([clear, vague])
        assert clear_calls == [] and clear.get("intent")["name"] == INTENTS[i]
        assert vague_calls == [1] and vague.get("intent")["name"] == INTENTS[i]
        assert DEFERRED_DENSE_FEATURES not in clear.data and DEFERRED_DENSE_FEATURES not in vague.data
    assert ROUTES["sparse"] - before.get("sparse", 0) == 3 and ROUTES["dense"] - before.get("dense", 0) == 3


def test_a_watched_intent_always_gets_the_dense_features(storage):
    classifier = gated(storage, dense_for_intents=["greet"], dense_for_intents_min=0.0)
    m, calls = deferring(message(0, np.random.default_rng(5), noise=0.1))
    classifier.process([m])
    assert calls == [1] and m.get("intent")["name"] == "ask_hours"


def test_a_fixed_threshold_and_none(storage):
    assert gated(storage, skip_dense_above=0.99)._sure(np.array([0.995, 0.005]))
    always = gated(storage, skip_dense_above=None)
    assert always.model.get("sparse_coef") is None
    m, calls = deferring(message(1, np.random.default_rng(5), noise=0.1))
    always.process([m])
    assert calls == [1] and m.get("intent")["name"] == "seek_help"


def test_without_dense_features_or_a_way_to_get_them_the_sparse_svm_reads_it(storage):
    """A button payload gets no e5 vector: the sparse-only SVM still gives a reading (which
    Rasa's RegexMessageHandler then replaces with the payload's intent)."""
    classifier = gated(storage)
    m = message(2, np.random.default_rng(5))
    m.features = [f for f in m.features if f.origin != "e5"]
    before = ROUTES["sparse_only"]
    classifier.process([m])
    assert m.get("intent")["name"] == "greet"
    assert ROUTES["sparse_only"] == before + 1


def test_the_gate_survives_the_round_trip(storage):
    classifier = gated(storage)
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, Resource("gated"), context())
    for key in ("skip_dense_above", "sparse_temperature"):
        assert loaded.model[key] == classifier.model[key]
    assert np.array_equal(loaded.model["sparse_coef"], classifier.model["sparse_coef"])


def test_auto_threshold_is_the_lowest_that_costs_no_accuracy(storage):
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, Resource("g"), context())
    gold = np.array([0, 0, 0, 1])
    full = np.array([[5.0, 0.0], [5.0, 0.0], [5.0, 0.0], [0.0, 5.0]])  # the full model is right everywhere
    # sparse-only: two sure and right, one fairly sure (0.8) and wrong, one unsure and right
    sparse = np.log(np.array([[0.99, 0.01], [0.97, 0.03], [0.2, 0.8], [0.4, 0.6]]))
    threshold = classifier._gate(full, sparse, 1.0, gold, ["a", "b"])
    assert 0.8 < threshold <= 0.97  # above the wrong 0.8, covering both sure rows
    full[0] = [0.0, 5.0]  # the full model also makes one mistake: the sparse one is as good everywhere
    assert classifier._gate(full, sparse, 1.0, gold, ["a", "b"]) == 0.5
    full[:] = [[5.0, 0.0]] * 3 + [[0.0, 5.0]]
    sparse[0] = np.log([0.01, 0.99])  # sure and wrong: nothing may be skipped
    assert classifier._gate(full, sparse, 1.0, gold, ["a", "b"]) is None
