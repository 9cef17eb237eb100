"""The numpy softmax regression against scikit-learn's on the same objective; the SVMs'
exported weights against scikit-learn's own decision function; the engine's calibration."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from replies.classifier import CategoryModel, ModelOptions
from replies.engine import Engine
from replies.library import load_library

TEXTS = ["多少钱", "价格多少", "人均多少", "在吗", "你好在吗", "有人吗", "有案例吗", "看看案例"]
LABELS = ["price", "price", "price", "hello", "hello", "hello", "case", "case"]


LOGISTIC = ModelOptions(loss="logistic", c=20.0, tol=1e-6)


def test_numpy_solver_matches_sklearn() -> None:
    ours = CategoryModel.train(TEXTS, LABELS, options=LOGISTIC)
    theirs = CategoryModel.train(TEXTS, LABELS, options=replace(LOGISTIC, solver="sklearn"))
    for text in ["多少钱一位", "在不在", "案例发我"]:
        assert np.allclose(ours.probabilities(text), theirs.probabilities(text), atol=0.02)


def test_svm_probabilities_are_the_softmax_of_sklearns_scaled_margins() -> None:
    from sklearn.svm import LinearSVC

    from replies.classifier import _featurize

    options = ModelOptions(tol=1e-4)
    assert options.loss == "squared_hinge" and options.solver == "numpy"
    model = CategoryModel.train(TEXTS, LABELS, options=options)
    _, _, matrix = _featurize(TEXTS, options.views, options.max_n, options.min_df)
    svm = LinearSVC(C=options.c, class_weight="balanced", tol=1e-6).fit(matrix, LABELS)
    assert tuple(svm.classes_) == model.categories  # both sorted
    for row, text in enumerate(TEXTS):
        margins = options.margin_scale * svm.decision_function(matrix.getrow(row))[0]
        expected = np.exp(margins - margins.max())
        assert np.allclose(model.probabilities(text), expected / expected.sum(), atol=0.02)
    theirs = CategoryModel.train(TEXTS, LABELS, options=replace(options, solver="sklearn"))
    for text in ["多少钱一位", "在不在", "案例发我"]:
        assert np.allclose(model.probabilities(text), theirs.probabilities(text), atol=0.02)


def test_an_unknown_loss_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        CategoryModel.train(TEXTS, LABELS, options=ModelOptions(loss="hinge"))


def test_calibration_keeps_the_order_and_sharpens_the_scores() -> None:
    sharp = Engine(load_library())
    flat = Engine(load_library(), options=ModelOptions(calibration=1.0))
    for text in ["多少钱一位", "有没有去过古北水镇的案例", "老板还没定，再等等"]:
        a = sharp.classify(text, account="TJ").matches
        b = flat.classify(text, account="TJ").matches
        assert [m.category for m in a] == [m.category for m in b]
        p = np.asarray([m.score for m in b]) ** 2
        assert np.allclose([m.score for m in a], 100 * p / p.sum(), atol=0.1)  # b is rounded
        assert a[0].score >= b[0].score


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


@pytest.mark.parametrize("min_df", [1, 2])
def test_training_rows_are_the_features_classify_sees(min_df: int) -> None:
    from replies.classifier import _featurize

    texts = [*TEXTS, "多少钱[哭惹R]，VX:abc_123", "有案例吗？？", "在吗 hello"]
    views = ModelOptions().views
    vocabularies, idf, matrix = _featurize(texts, views, 3, min_df)
    model = CategoryModel(("a",), vocabularies, idf, np.zeros((len(idf), 1)), np.zeros(1), 3, views)
    assert matrix.shape == (len(texts), len(idf)) == (len(texts), sum(map(len, vocabularies)))
    for row, text in enumerate(texts):
        columns, values = model.vector(text)
        trained = matrix.getrow(row)
        weights = dict(zip(trained.indices.tolist(), trained.data.tolist()))
        assert sorted(weights) == sorted(columns.tolist())
        assert np.allclose([weights[c] for c in columns.tolist()], values, atol=1e-6)
    if min_df == 2:  # a gram in one text only is no feature
        assert "哭" not in vocabularies[0] and "多少" in vocabularies[0]
