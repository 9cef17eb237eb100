"""The numpy softmax regression against scikit-learn's on the same objective."""

from __future__ import annotations

import numpy as np

from replies.classifier import CategoryModel, ModelOptions
from replies.engine import Engine
from replies.library import load_library

TEXTS = ["多少钱", "价格多少", "人均多少", "在吗", "你好在吗", "有人吗", "有案例吗", "看看案例"]
LABELS = ["price", "price", "price", "hello", "hello", "hello", "case", "case"]


def test_numpy_solver_matches_sklearn() -> None:
    ours = CategoryModel.train(TEXTS, LABELS, options=ModelOptions(tol=1e-6))
    theirs = CategoryModel.train(TEXTS, LABELS, options=ModelOptions(solver="sklearn", tol=1e-6))
    for text in ["多少钱一位", "在不在", "案例发我"]:
        assert np.allclose(ours.probabilities(text), theirs.probabilities(text), atol=0.02)


def test_balanced_weights_keep_a_small_category() -> None:
    texts = TEXTS + ["多少钱呀"] * 200
    labels = LABELS + ["price"] * 200
    model = CategoryModel.train(texts, labels)
    best = model.categories[int(np.argmax(model.probabilities("有案例吗")))]
    assert best == "case"


def test_warm_builds_models_before_the_first_inquiry() -> None:
    engine = Engine(load_library())
    engine.warm(["TJ", "mz"])
    assert set(engine._models) == {"TJ", "MZ"}
