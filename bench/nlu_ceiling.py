"""How far can a bag-of-words intent classifier get on data/nlu? -> docs/nlu-ceiling.md

    python bench/nlu_ceiling.py      # make bench-nlu-ceiling; about four minutes

The cross-validation target of issue #4 (intent macro-F1 >= 0.95) asks each
fold's model to recognise phrasings it has never seen. DIET here sees words,
lemmas, character n-grams, regex and lexical features, and no pre-trained
Danish word vectors (none can be installed on this machine: spaCy's Danish
models and Hugging Face are not reachable, the PyPI packages dacy and danlp
only download models). This runs well-tuned linear classifiers on the same
kind of features over 5 stratified folds, as a reference for what such
features allow on this data. Intent labels and texts come from Rasa's own
reader (entity annotations removed), so the data is exactly what DIET sees.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import machine_header, progress  # noqa: E402

DOC = ROOT / "docs" / "nlu-ceiling.md"
FOLDS = 5
SEED = 20261122


def load_examples() -> tuple[list[str], list[str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(ROOT / "data" / "nlu"))
    pairs = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return [t for t, _ in pairs], [i for _, i in pairs]


def candidates():
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    def counts():
        return make_union(CountVectorizer(lowercase=True), CountVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(1, 4)))

    def tfidf():
        return make_union(
            TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)),
            TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(1, 5)),
        )

    yield (
        "logistic regression, word + char 1-4 counts (like config.yml's featurizers)",
        make_pipeline(counts(), LogisticRegression(C=10, max_iter=5000)),
    )
    yield "linear SVM, word + char 1-4 counts", make_pipeline(counts(), LinearSVC(C=0.5, max_iter=20000))
    yield "logistic regression, word 1-2 + char 1-5 tf-idf", make_pipeline(tfidf(), LogisticRegression(C=20, max_iter=5000))
    for c in (0.5, 1.0, 2.0):
        yield f"linear SVM (C={c}), word 1-2 + char 1-5 tf-idf", make_pipeline(tfidf(), LinearSVC(C=c, max_iter=20000))


def main() -> int:
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    warnings.filterwarnings("ignore")
    texts, intents = load_examples()
    progress(f"{len(texts)} examples, {len(set(intents))} intents, {FOLDS} stratified folds")
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    rows = []
    for name, model in candidates():
        started = time.perf_counter()
        predicted = cross_val_predict(model, texts, intents, cv=folds)
        macro = f1_score(intents, predicted, average="macro")
        accuracy = accuracy_score(intents, predicted)
        rows.append((name, macro, accuracy))
        progress(f"{name}: macro-F1 {macro:.3f}, accuracy {accuracy:.3f} ({time.perf_counter() - started:.0f} s)")
    best = max(rows, key=lambda r: r[1])
    lines = [
        machine_header(
            "NLU: what bag-of-words features allow on this data",
            f"`python bench/nlu_ceiling.py` (`make bench-nlu-ceiling`). scikit-learn classifiers, "
            f"{FOLDS} stratified folds (seed {SEED}) over the {len(texts)} intent examples in "
            f"`data/nlu/` ({len(set(intents))} intents), read with Rasa's own reader. A reference for "
            f"the cross-validation target in docs/nlu-benchmark.md, not part of the assistant.",
        ),
        "| classifier | intent macro-F1 | accuracy |",
        "| --- | --- | --- |",
        *[f"| {name} | {macro:.3f} | {accuracy:.3f} |" for name, macro, accuracy in rows],
        "",
        f"Best: {best[1]:.3f} macro-F1 ({best[0]}), against the target of 0.95. DIET with the pipeline in "
        "`config.yml` is in docs/nlu-benchmark.md. Without pre-trained Danish word vectors, a phrasing "
        "that shares no words or character n-grams with the training examples of its intent "
        '("hvornår åbner netto" as out of scope, "det gør jeg" as yes) cannot be placed by any of '
        "these models.",
        "",
    ]
    DOC.write_text("\n".join(lines), encoding="utf-8")
    progress(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
