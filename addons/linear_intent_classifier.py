"""LinearIntentClassifier: a linear SVM over a message's sentence-level features.

A Rasa 3.6 intent classifier (graph component, ``INTENT_CLASSIFIER``, trainable).
It reads the sentence-level features the featurizers before it left on TEXT -
the dense ones (such as the e5 sentence vector of addons/e5_featurizer.py) and
the sparse ones (word and character n-gram counts, regex and lookup matches) -
and classifies the intent with a one-vs-rest linear SVM (scikit-learn's
LinearSVC):

* sparse sentence features: sub-linear tf-idf (idf learnt on the training
  data), then L2-normalised, as in docs/nlu-ceiling.md's best bag-of-words model;
* dense sentence features: L2-normalised and multiplied by ``dense_weight``, so
  the sentence vector counts as much as the bag of words (or more);
* confidences: a softmax over the SVM scores with one temperature, fitted on
  held-out scores of an internal cross-validation over the training data, so a
  confidence means roughly "right this often" and FallbackClassifier's threshold
  keeps its meaning.

It sets ``intent`` and ``intent_ranking`` (the first ``ranking_length``),
replacing what an earlier classifier set. Put it after DIETClassifier (which
keeps extracting the entities) and before CrisisGuard and FallbackClassifier:

pipeline:
  - ...tokenizer, sparse featurizers...
  - name: DIETClassifier
  - name: addons.e5_featurizer.E5Featurizer        # after DIET: DIET does not see it
  - name: addons.linear_intent_classifier.LinearIntentClassifier
  - name: addons.crisis_guard.CrisisGuard
  - name: EntitySynonymMapper
  - name: FallbackClassifier

The model is persisted as plain arrays (numpy .npz, no pickle) and JSON.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_intent.npz"
META_FILE = "linear_intent.json"


def _features(message: Message, featurizers: list[str]) -> tuple[np.ndarray | None, scipy.sparse.spmatrix | None]:
    """The message's sentence-level dense and sparse features of TEXT (None where absent)."""
    _, dense = message.get_dense_features(TEXT, featurizers)
    _, sparse = message.get_sparse_features(TEXT, featurizers)
    return (
        None if dense is None else np.asarray(dense.features, dtype=np.float32).reshape(1, -1),
        None if sparse is None else scipy.sparse.csr_matrix(sparse.features, dtype=np.float32).reshape(1, -1),
    )


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Linear SVM intent classifier over dense + sparse sentence features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # aliases of the featurizers to read; empty = all (as DIETClassifier's option)
            "featurizers": [],
            # scale of the (L2-normalised) dense sentence features against the sparse ones
            "dense_weight": 2.0,
            # LinearSVC's regularisation (larger = fits the training data more closely)
            "C": 1.0,
            # folds of the internal cross-validation that fits the confidence temperature
            "calibration_folds": 3,
            "random_seed": 20261122,
            # how many intents intent_ranking lists
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: dict[str, Any] | None = None,
    ) -> None:
        self.component_config = {**self.get_default_config(), **(config or {})}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model  # classes, coef, intercept, idf, dims, temperature

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    # -- features -----------------------------------------------------------------------

    def _rows(self, messages: list[Message]) -> tuple[list[int], np.ndarray | None, scipy.sparse.csr_matrix | None]:
        """Indices of the messages with features, and their stacked dense and sparse rows."""
        featurizers = list(self.component_config["featurizers"] or [])
        keep, dense_rows, sparse_rows = [], [], []
        for i, message in enumerate(messages):
            dense, sparse = _features(message, featurizers)
            if dense is None and sparse is None:
                continue
            keep.append(i)
            dense_rows.append(dense)
            sparse_rows.append(sparse)
        dense = None if not keep or dense_rows[0] is None else np.vstack(dense_rows)
        sparse = None if not keep or sparse_rows[0] is None else scipy.sparse.vstack(sparse_rows).tocsr()
        return keep, dense, sparse

    def _matrix(self, dense: np.ndarray | None, sparse: scipy.sparse.csr_matrix | None, idf: np.ndarray | None) -> scipy.sparse.csr_matrix:
        parts = []
        if dense is not None:
            norms = np.linalg.norm(dense, axis=1, keepdims=True)
            parts.append(scipy.sparse.csr_matrix(dense / np.maximum(norms, 1e-12) * self.component_config["dense_weight"]))
        if sparse is not None:
            tf = sparse.copy().astype(np.float64)
            tf.data = np.where(tf.data > 0, 1.0 + np.log(np.abs(tf.data) + 1e-12), 0.0)  # sub-linear tf
            tf = tf.multiply(idf.reshape(1, -1)).tocsr()
            norms = np.sqrt(np.asarray(tf.multiply(tf).sum(axis=1))).reshape(-1, 1)
            tf = scipy.sparse.csr_matrix(tf.multiply(1.0 / np.maximum(norms, 1e-12)))
            parts.append(tf)
        return scipy.sparse.hstack(parts).tocsr()

    @staticmethod
    def _idf(sparse: scipy.sparse.csr_matrix | None) -> np.ndarray | None:
        if sparse is None:
            return None
        n = sparse.shape[0]
        df = np.bincount(sparse.tocsc().nonzero()[1], minlength=sparse.shape[1])
        return (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float64)  # scikit-learn's smooth idf

    def _svm(self):
        from sklearn.svm import LinearSVC

        return LinearSVC(C=float(self.component_config["C"]), max_iter=20000, random_state=int(self.component_config["random_seed"]))

    # -- training -----------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT)]
        keep, dense, sparse = self._rows(examples)
        if len(keep) < len(examples):
            logger.warning(
                "LinearIntentClassifier: %d of %d examples have no sentence features and are skipped",
                len(examples) - len(keep),
                len(examples),
            )
        labels = np.array([examples[i].get(INTENT) for i in keep])
        classes = sorted(set(labels))
        if len(classes) < 2:
            logger.warning("LinearIntentClassifier: fewer than two intents; nothing to train")
            return self._resource
        idf = self._idf(sparse)
        X = self._matrix(dense, sparse, idf)
        temperature = self._fit_temperature(dense, sparse, labels, classes)
        svm = self._svm().fit(X, labels)
        coef, intercept = svm.coef_, svm.intercept_
        if len(classes) == 2:  # LinearSVC keeps one row for two classes
            coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
        self.model = {
            "classes": list(svm.classes_),
            "coef": coef.astype(np.float32),
            "intercept": intercept.astype(np.float32),
            "idf": idf,
            "dense_dim": 0 if dense is None else dense.shape[1],
            "sparse_dim": 0 if sparse is None else sparse.shape[1],
            "temperature": temperature,
        }
        self.persist()
        return self._resource

    def _fit_temperature(self, dense, sparse, labels: np.ndarray, classes: list[str]) -> float:
        """Softmax temperature that minimises the log-loss of cross-validated SVM scores."""
        from sklearn.model_selection import StratifiedKFold

        folds = int(self.component_config["calibration_folds"])
        smallest = min(int((labels == c).sum()) for c in classes)
        if folds < 2 or smallest < folds:
            return 5.0
        scores = np.zeros((len(labels), len(classes)))
        index = {c: i for i, c in enumerate(classes)}
        split = StratifiedKFold(folds, shuffle=True, random_state=int(self.component_config["random_seed"]))
        for train, test in split.split(np.zeros(len(labels)), labels):
            if len(set(labels[train])) < len(classes):
                return 5.0
            d_tr = None if dense is None else dense[train]
            s_tr = None if sparse is None else sparse[train]
            idf = self._idf(s_tr)
            svm = self._svm().fit(self._matrix(d_tr, s_tr, idf), labels[train])
            d_te = None if dense is None else dense[test]
            s_te = None if sparse is None else sparse[test]
            decision = svm.decision_function(self._matrix(d_te, s_te, idf))
            if decision.ndim == 1:
                decision = np.stack([-decision, decision], axis=1)
            scores[np.ix_(test, [index[c] for c in svm.classes_])] = decision
        gold = np.array([index[c] for c in labels])
        best, best_loss = 1.0, np.inf
        for t in np.geomspace(0.5, 50, 60):
            p = _softmax(scores * t)[np.arange(len(gold)), gold]
            loss = -np.mean(np.log(np.maximum(p, 1e-12)))
            if loss < best_loss:
                best, best_loss = float(t), loss
        logger.debug("LinearIntentClassifier: temperature %.2f (cross-validated log-loss %.3f)", best, best_loss)
        return best

    # -- prediction ---------------------------------------------------------------------

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.model:
            return messages
        keep, dense, sparse = self._rows(messages)
        if not keep:
            return messages
        m = self.model
        if (0 if dense is None else dense.shape[1]) != m["dense_dim"] or (0 if sparse is None else sparse.shape[1]) != m["sparse_dim"]:
            logger.warning("LinearIntentClassifier: the features differ from training; intent left as it was")
            return messages
        probs = _softmax(self._scores(dense, sparse) * m["temperature"])
        n = int(self.component_config["ranking_length"]) or len(m["classes"])
        for row, i in enumerate(keep):
            order = np.argsort(-probs[row], kind="stable")[:n]
            ranking = [{INTENT_NAME_KEY: m["classes"][j], PREDICTED_CONFIDENCE_KEY: float(probs[row, j])} for j in order]
            messages[i].set(INTENT, dict(ranking[0]), add_to_output=True)
            messages[i].set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def _scores(self, dense: np.ndarray | None, sparse: scipy.sparse.csr_matrix | None) -> np.ndarray:
        """The SVM scores of each row: what ``_matrix(...) @ coef.T + intercept`` gives, worked out
        on the few non-zero columns of each row instead of through scipy's general sparse
        operations (about 2 ms a message that way, most of this component's time)."""
        m = self.model
        coef, dense_dim = m["coef"], m["dense_dim"]
        rows = (dense if dense is not None else sparse).shape[0]
        scores = np.tile(m["intercept"].astype(np.float64), (rows, 1))
        if dense is not None:
            vectors = dense.astype(np.float64)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            scores += (vectors * self.component_config["dense_weight"]) @ coef[:, :dense_dim].T.astype(np.float64)
        if sparse is not None:
            sparse = sparse.tocsr()
            sparse.sum_duplicates()
            for row in range(rows):
                cells = slice(sparse.indptr[row], sparse.indptr[row + 1])
                columns, counts = sparse.indices[cells], sparse.data[cells].astype(np.float64)
                weights = np.where(counts > 0, 1.0 + np.log(np.abs(counts) + 1e-12), 0.0) * m["idf"][columns]
                weights /= max(float(np.sqrt(weights @ weights)), 1e-12)
                scores[row] += coef[:, dense_dim + columns].astype(np.float64) @ weights
        return scores

    # -- persistence --------------------------------------------------------------------

    def persist(self) -> None:
        if not self.model:
            return
        m = self.model
        with self._model_storage.write_to(self._resource) as path:
            arrays = {"coef": m["coef"], "intercept": m["intercept"]}
            if m["idf"] is not None:
                arrays["idf"] = m["idf"]
            np.savez(path / MODEL_FILE, **arrays)
            (path / META_FILE).write_text(
                json.dumps(
                    {
                        "classes": m["classes"],
                        "dense_dim": m["dense_dim"],
                        "sparse_dim": m["sparse_dim"],
                        "temperature": m["temperature"],
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as path:
                meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
                with np.load(path / MODEL_FILE, allow_pickle=False) as arrays:
                    model = {
                        **meta,
                        "coef": arrays["coef"],
                        "intercept": arrays["intercept"],
                        "idf": arrays["idf"] if "idf" in arrays.files else None,
                    }
        except (ValueError, FileNotFoundError):
            logger.warning("LinearIntentClassifier: no trained model found; it will leave intents as they are")
            model = None
        return cls(config, model_storage, resource, model)
