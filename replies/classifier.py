"""The learned category model: logistic regression over character n-grams.

Trained with scikit-learn (imported only when a model is trained) on normalised texts
(``replies.normalize.for_matching``); classification runs on the exported weights with
numpy, because scikit-learn's per-call overhead alone (~0.75 ms) is more than the
whole inquiry may take. Features are sublinear TF-IDF weights of character 1-3-grams
of the text padded with boundary marks, L2-normalised, like scikit-learn's
``TfidfVectorizer(analyzer="char_wb", sublinear_tf=True)`` over one word. Class
weights are balanced, so thousands of examples of one category do not drown the rest,
and the softmax output is a probability: the engine's score is 100 times it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from replies.normalize import for_matching

# Xiaohongshu sticker codes ("[哭惹R]", "[笑哭R]") are pictures, not words.
_STICKER = re.compile(r"\[[^\[\]\s]{1,8}[rR]\]")
_START, _END = "\x02", "\x03"


def strip_stickers(text: str) -> str:
    """The text without RED sticker codes such as [哭惹R]."""
    return _STICKER.sub(" ", text)


def model_text(text: str) -> str:
    """The normalised form the model (and the index) sees: stickers removed, then for_matching."""
    return for_matching(strip_stickers(text))


@dataclass(frozen=True, slots=True)
class ModelOptions:
    """Training choices; the defaults are the cross-validated best (see README)."""

    c: float = 20.0  # inverse regularisation strength of the logistic regression
    max_n: int = 3  # longest character n-gram
    example_weight: float = 1.0  # weight of a learned example relative to a trigger
    per_account: bool = True  # one model per account (else one shared model)
    index_weight: float = 0.5  # share of the nearest-trigger vote (softmax of best scores / 10)
    contact_rule: bool = True  # the customer's own phone/WeChat makes 留资 unless it is an ad
    min_df: int = 1  # an n-gram must occur in this many training texts to be a feature
    max_iter: int = 300  # L-BFGS iterations at most
    tol: float = 1e-3  # stop when the largest gradient component is below this
    solver: str = "numpy"  # "numpy" (replies.solver) or "sklearn" (same objective, 3x slower)
    epochs: int = 10
    batch: int = 32
    rate: float = 0.5


def grams(text: str, max_n: int = 3) -> Counter[str]:
    """Character 1..max_n-grams of a normalised text padded with boundary marks."""
    padded = f"{_START}{text}{_END}"
    out: Counter[str] = Counter()
    for n in range(1, max_n + 1):
        out.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    del out[_START], out[_END]
    return out


class CategoryModel:
    """A trained linear model: vocabulary, IDF, weights (features x categories), bias."""

    def __init__(
        self,
        categories: tuple[str, ...],
        vocabulary: dict[str, int],
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        max_n: int = 3,
    ) -> None:
        self.categories = categories
        self.vocabulary = vocabulary
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.max_n = max_n

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        sample_weight: Sequence[float] | None = None,
        options: ModelOptions = ModelOptions(),
    ) -> CategoryModel:
        """Fit on normalised texts and their categories (at least one row)."""
        if not texts or len(texts) != len(labels):
            raise ValueError("need one label per text and at least one text")
        docs = [grams(t, options.max_n) for t in texts]
        vocabulary, idf = _vocabulary(docs, options.min_df)
        categories = tuple(sorted(set(labels)))
        if len(categories) == 1:
            return cls(categories, vocabulary, idf, np.zeros((len(idf), 1)), np.zeros(1))
        matrix = _matrix(docs, vocabulary, idf)
        weights, bias = _fit(matrix, labels, categories, sample_weight, options)
        return cls(categories, vocabulary, idf, weights, bias, options.max_n)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and L2-normalised TF-IDF values of the known n-grams of a text."""
        found = [
            (column, 1.0 + math.log(count))
            for gram, count in grams(text, self.max_n).items()
            if (column := self.vocabulary.get(gram)) is not None
        ]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        columns = np.fromiter((c for c, _ in found), dtype=np.int64, count=len(found))
        values = np.fromiter((v for _, v in found), dtype=np.float64, count=len(found))
        values *= self.idf[columns]
        # Unknown n-grams are left out of the norm, as scikit-learn's vectoriser does.
        return columns, values / (float(np.linalg.norm(values)) or 1.0)

    def probabilities(self, text: str) -> np.ndarray:
        """P(category | normalised text), in the order of ``categories``."""
        columns, values = self.vector(text)
        # Elementwise, not `@`: tiny blocks, and OpenBLAS matmul has warned spuriously here.
        logits = self.bias + (self.weights[columns] * values[:, None]).sum(axis=0)
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def knows(self, text: str) -> bool:
        """Whether the text shares any n-gram of two or more characters with the training set."""
        return any(
            len(gram.strip(_START + _END)) >= min(2, len(text)) and gram in self.vocabulary
            for gram in grams(text, self.max_n)
        )


def _vocabulary(docs: list[Counter[str]], min_df: int) -> tuple[dict[str, int], np.ndarray]:
    """Columns of the n-grams in at least ``min_df`` texts, and their smoothed IDF."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    kept = [(g, n) for g, n in df.items() if n >= min_df]
    vocabulary = {g: i for i, (g, _) in enumerate(kept)}
    counts = np.fromiter((n for _, n in kept), dtype=np.float64, count=len(kept))
    return vocabulary, np.log((1 + len(docs)) / (1 + counts)) + 1.0


def _matrix(docs: list[Counter[str]], vocabulary: dict[str, int], idf: np.ndarray) -> object:
    """Row-normalised sublinear TF-IDF as a float32 CSR matrix, built in one numpy pass."""
    from scipy.sparse import csr_matrix

    columns: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for doc in docs:
        for gram, count in doc.items():
            column = vocabulary.get(gram)
            if column is not None:
                columns.append(column)
                counts.append(count)
        indptr.append(len(columns))
    cols = np.asarray(columns, dtype=np.int32)
    values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[cols]
    starts = np.asarray(indptr, dtype=np.int64)
    lengths = np.diff(starts)
    squares = np.zeros(len(docs))
    filled = lengths > 0
    squares[filled] = np.add.reduceat(values * values, starts[:-1][filled])
    values /= np.repeat(np.sqrt(squares) + (~filled), lengths)
    # float32 halves the memory the solver streams through: the fit is about 2x faster.
    return csr_matrix((values.astype(np.float32), cols, starts), shape=(len(docs), len(vocabulary)))


def _fit(
    matrix: object,
    labels: Sequence[str],
    categories: tuple[str, ...],
    sample_weight: Sequence[float] | None,
    options: ModelOptions,
) -> tuple[np.ndarray, np.ndarray]:
    if options.solver != "sklearn":
        return _fit_numpy(matrix, labels, categories, sample_weight, options)
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    model = LogisticRegression(
        C=options.c, class_weight="balanced", max_iter=options.max_iter, tol=options.tol
    )
    # One BLAS thread: on a small shared machine more threads make the fit 3x slower.
    with threadpool_limits(limits=1):
        model.fit(matrix, list(labels), sample_weight=sample_weight)
    coef, intercept = model.coef_, model.intercept_
    if coef.shape[0] == 1:  # two classes: one logit, the first class's is 0
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    order = [list(model.classes_).index(cat) for cat in categories]
    weights = np.ascontiguousarray(coef[order].T, dtype=np.float64)
    return weights, np.asarray(intercept[order], dtype=np.float64)


def _fit_numpy(
    matrix: object,
    labels: Sequence[str],
    categories: tuple[str, ...],
    sample_weight: Sequence[float] | None,
    options: ModelOptions,
) -> tuple[np.ndarray, np.ndarray]:
    from replies.solver import fit_softmax

    index = {c: i for i, c in enumerate(categories)}
    y = np.asarray([index[label] for label in labels])
    # Balanced class weights, as scikit-learn's class_weight="balanced".
    counts = np.bincount(y, minlength=len(categories))
    row_weight = len(y) / (len(categories) * counts[y])
    if sample_weight is not None:
        row_weight = row_weight * np.asarray(sample_weight, dtype=np.float64)
    weights, bias = fit_softmax(
        matrix,
        y,
        len(categories),
        row_weight,
        c=options.c,
        max_iter=options.max_iter,
        tol=options.tol,
    )
    return np.ascontiguousarray(weights, dtype=np.float64), bias
