"""Count a message's words and character n-grams without scikit-learn's document-matrix code.

For each message, Rasa 3.6's CountVectorsFeaturizer calls scikit-learn's
``CountVectorizer.transform`` twice per featurizer (the tokens one by one, then
the whole sentence), and each call checks the vectorizer, builds its analyzer,
assembles a validated CSR matrix, sorts it and converts it to a validated COO
matrix. For a message of a few words that machinery, not the counting, was most
of the featurizers' 9 % of the Rasa server's CPU time at saturation (py-spy,
docs/profiling.md).

Here the counting is scikit-learn's own - the vectorizer's ``build_analyzer()``
and its fitted vocabulary, out-of-vocabulary features dropped, counts per
feature or 1 for a ``binary`` vectorizer - and the COO matrix that
``transform(...).sort_indices()`` then ``.tocoo()`` make is built directly:
rows in order, columns sorted within a row, the same dtypes. A vectorizer that
is not a plain fitted ``CountVectorizer`` goes to Rasa's own code.
tests/rasa_patches/test_count_vectors.py compares the matrices on the training data and on
made-up tokens, and tests/rasa_patches/test_graph_runner.py the model's answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from scipy.sparse import coo_matrix
from scipy.sparse._sputils import get_index_dtype
from sklearn.feature_extraction.text import CountVectorizer

from .patching import Patch
from .sparse_features import coo_from_parts

RASA_CREATE = CountVectorsFeaturizer.__dict__["_create_features"]  # Rasa's own, for uninstall() and fallbacks


def count_matrix(
    analyze: Callable[[str], Sequence[str]], vocabulary: dict[str, int], size: int, documents: Sequence[str], binary: bool, dtype: Any
) -> coo_matrix:
    """``CountVectorizer.transform(documents)``, indices sorted, as a COO matrix."""
    columns: list[int] = []
    values: list[int] = []
    rows: list[int] = []
    for row, document in enumerate(documents):
        counts: dict[int, int] = {}
        for feature in analyze(document):
            column = vocabulary.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        for column in sorted(counts):
            columns.append(column)
            values.append(1 if binary else counts[column])
            rows.append(row)
    shape = (len(documents), size)
    index_dtype = get_index_dtype(maxval=max(shape))
    return coo_from_parts(np.array(values, dtype=dtype), np.array(rows, dtype=index_dtype), np.array(columns, dtype=index_dtype), shape)


def _fitted(vectorizer: Any) -> dict[str, int] | None:
    """The vocabulary, if ``transform`` would use it without complaint; else None (Rasa's path)."""
    if type(vectorizer) is not CountVectorizer:
        return None
    vocabulary = getattr(vectorizer, "vocabulary_", None)
    return vocabulary if type(vocabulary) is dict and vocabulary else None


def _create_features(
    self: CountVectorsFeaturizer, attribute: str, all_tokens: list[list[str]]
) -> tuple[list[coo_matrix | None], list[coo_matrix | None]]:
    vectorizer = self.vectorizers.get(attribute) if self.vectorizers else None
    vocabulary = _fitted(vectorizer)
    if vocabulary is None:
        return RASA_CREATE(self, attribute, all_tokens)
    analyze = vectorizer.build_analyzer()
    size, binary, dtype = len(vocabulary), vectorizer.binary, vectorizer.dtype
    sequence_features: list[coo_matrix | None] = []
    sentence_features: list[coo_matrix | None] = []
    for tokens in all_tokens:
        if not tokens:
            sequence_features.append(None)
            sentence_features.append(None)
            continue
        sequence_features.append(count_matrix(analyze, vocabulary, size, tokens, binary, dtype))
        if attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            sentence_features.append(count_matrix(analyze, vocabulary, size, [" ".join(tokens)], binary, dtype))
        else:
            sentence_features.append(None)
    return sequence_features, sentence_features


_patch = Patch(CountVectorsFeaturizer, _create_features=_create_features)
install, uninstall = _patch.install, _patch.uninstall
