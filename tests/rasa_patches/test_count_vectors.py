"""rasa_patches/count_vectors.py counts words and n-grams itself; every matrix must be scikit-learn's."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml
from own_code import rasas_own
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import INTENT, TEXT
from sklearn.feature_extraction.text import CountVectorizer

from rasa_patches import count_vectors

ROOT = Path(__file__).resolve().parents[2]


def _training_words() -> list[str]:
    words = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                words += line.strip().lstrip("- ").replace("[", " ").replace("]", " ").lower().split()
    return words


def _sklearn(vectorizer: CountVectorizer, documents: list[str]):
    matrix = vectorizer.transform(documents)
    matrix.sort_indices()
    return matrix.tocoo()


def _same(ours, theirs) -> None:
    assert type(ours) is type(theirs)
    assert ours.shape == theirs.shape and [type(n) for n in ours.shape] == [type(n) for n in theirs.shape]
    assert vars(ours).keys() == vars(theirs).keys()
    assert ours.has_canonical_format == theirs.has_canonical_format
    for name in ("row", "col", "data"):
        got, want = getattr(ours, name), getattr(theirs, name)
        assert got.dtype == want.dtype, name
        np.testing.assert_array_equal(got, want, err_msg=name)


VECTORIZERS = [
    dict(analyzer="word", token_pattern=r"(?u)\b\w+\b"),
    dict(analyzer="word", token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), binary=True),
    dict(analyzer="char_wb", token_pattern=None, ngram_range=(1, 4)),
    dict(analyzer="char", token_pattern=None, ngram_range=(2, 3), dtype=np.float32),
    dict(analyzer="char_wb", token_pattern=None, ngram_range=(1, 4), strip_accents="unicode", binary=True),
]


@pytest.mark.parametrize("params", VECTORIZERS, ids=lambda p: f"{p['analyzer']}-{p.get('ngram_range')}")
def test_counts_are_sklearns_on_the_training_words_and_made_up_ones(params):
    words = _training_words()
    assert len(words) > 2000
    rng = random.Random(11)
    vectorizer = CountVectorizer(**params).fit([" ".join(rng.sample(words, 40)) for _ in range(60)])
    analyze, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    made_up = ["xqz", "__NUMBER__", "æøå", "a", "", "ryger ryger ryger", "ÅBENT"]
    for _ in range(200):
        tokens = rng.sample(words, rng.randint(1, 12)) + rng.sample(made_up, rng.randint(0, 2))
        for documents in (tokens, [" ".join(tokens)]):
            ours = count_vectors.count_matrix(analyze, vocabulary, len(vocabulary), documents, vectorizer.binary, vectorizer.dtype)
            _same(ours, _sklearn(vectorizer, documents))


def test_nothing_in_the_vocabulary_gives_an_empty_matrix_like_sklearns():
    vectorizer = CountVectorizer(analyzer="word").fit(["hej med dig"])
    ours = count_vectors.count_matrix(vectorizer.build_analyzer(), vectorizer.vocabulary_, 3, ["xyz", "qq"], False, vectorizer.dtype)
    _same(ours, _sklearn(vectorizer, ["xyz", "qq"]))


def _featurizer(vectorizers) -> CountVectorsFeaturizer:
    featurizer = CountVectorsFeaturizer.__new__(CountVectorsFeaturizer)
    featurizer.vectorizers = vectorizers
    return featurizer


def _both(featurizer, attribute, all_tokens):
    count_vectors.install()
    ours = featurizer._create_features(attribute, all_tokens)
    with rasas_own(count_vectors):
        theirs = featurizer._create_features(attribute, all_tokens)
    return ours, theirs


def test_create_features_matches_rasa_per_attribute_and_for_empty_token_lists():
    vectorizer = CountVectorizer(analyzer="char_wb", token_pattern=None, ngram_range=(1, 3)).fit(_training_words())
    featurizer = _featurizer({TEXT: vectorizer, INTENT: vectorizer})
    for attribute in (TEXT, INTENT):  # INTENT gets no sentence features
        ours, theirs = _both(featurizer, attribute, [["hvornår", "har", "i", "åbent"], [], ["pot"]])
        for mine, rasas in zip(ours[0] + ours[1], theirs[0] + theirs[1]):
            assert (mine is None) == (rasas is None)
            if mine is not None:
                _same(mine, rasas)


@pytest.mark.parametrize(
    "vectorizers",
    [
        {},  # no vectorizer for the attribute: Rasa's [None], [None]
        {TEXT: CountVectorizer()},  # not fitted: Rasa's path raises scikit-learn's NotFittedError
        {TEXT: "not a vectorizer"},
    ],
    ids=["missing", "unfitted", "foreign"],
)
def test_anything_but_a_fitted_vectorizer_goes_to_rasas_code(vectorizers, monkeypatch):
    calls = []
    monkeypatch.setattr(count_vectors, "RASA_CREATE", lambda *args: calls.append(args) or "rasa")
    assert count_vectors._create_features(_featurizer(vectorizers), TEXT, [["hej"]]) == "rasa"
    assert len(calls) == 1


@pytest.mark.slow
def test_the_trained_featurizers_give_rasas_matrices(trained_agent):
    from rasa.shared.nlu.training_data.message import Message

    nodes = trained_agent.processor.graph_runner._instantiated_nodes.values()
    featurizers = [n._component for n in nodes if isinstance(n._component, CountVectorsFeaturizer)]
    tokenizer = next(n._component for n in nodes if type(n._component).__name__ == "SpacyTokenizer")
    spacy = next(n._component for n in nodes if type(n._component).__name__ == "SpacyNLP")
    assert len(featurizers) == 2
    words = _training_words()
    rng = random.Random(5)
    for _ in range(60):
        message = Message({TEXT: " ".join(rng.sample(words, rng.randint(1, 15))) + " 12 xqzw"})
        spacy.process([message], spacy.provide())
        tokenizer.process([message])
        assert message.get(TOKENS_NAMES[TEXT])
        for featurizer in featurizers:
            tokens = featurizer._get_processed_message_tokens_by_attribute(message, TEXT)
            ours, theirs = _both(featurizer, TEXT, [tokens])
            _same(ours[0][0], theirs[0][0])
            _same(ours[1][0], theirs[1][0])
