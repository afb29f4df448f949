"""Category suggestion for screening: TF-IDF on words (pyvi segments) and characters (folded text), and a
logistic regression, trained from the shipped, project-authored set (data/categories.csv) plus the
categories officers chose. scikit-learn is imported inside the functions, never at module level.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from danvan.analytics import text as pipeline
from danvan.analytics.dataset import load

BASELINE_VERSION = "baseline"


@dataclass(frozen=True)
class Suggestion:
    code: str
    probability: float

    @property
    def percent(self) -> int:
        return round(self.probability * 100)


def _words(text: str) -> list[str]:
    return pipeline.tokens(text)


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=_words, sublinear_tf=True, min_df=1)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    preprocessor=pipeline.fold_text,
                    sublinear_tf=True,
                    min_df=2,
                ),
            ),
        ]
    )
    return Pipeline([("features", features), ("model", LogisticRegression(C=8.0, max_iter=2000))])


def train(rows: Sequence[tuple[str, str]]):
    """Fit a pipeline on (category code, text) rows."""
    labels = [code for code, _text in rows]
    texts = [text for _code, text in rows]
    model = build_pipeline()
    model.fit(texts, labels)
    return model


def shipped_rows(limit: int | None = None, *, seed: int = 7) -> list[tuple[str, str]]:
    """The shipped set, or a class-balanced subset of ``limit`` rows per category (fast tests)."""
    rows = load()
    if not limit:
        return rows
    rng = random.Random(seed)
    by_code: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row)
    subset = []
    for code in sorted(by_code):
        subset.extend(rng.sample(by_code[code], min(limit, len(by_code[code]))))
    return subset


def suggest(model, text: str, *, top: int = 3) -> list[Suggestion]:
    probabilities = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes_, probabilities, strict=True), key=lambda pair: -pair[1])[:top]
    return [Suggestion(code=str(code), probability=float(p)) for code, p in ranked]


def split(rows: Sequence[tuple[str, str]], *, test_share: float = 0.25, seed: int = 42):
    """Stratified held-out split: the same share of each category goes to the test side."""
    rng = random.Random(seed)
    by_code: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row)
    train_rows, test_rows = [], []
    for code in sorted(by_code):
        items = list(by_code[code])
        rng.shuffle(items)
        cut = max(1, round(len(items) * test_share))
        test_rows.extend(items[:cut])
        train_rows.extend(items[cut:])
    return train_rows, test_rows
