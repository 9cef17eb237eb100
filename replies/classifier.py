"""The learned category model: linear SVMs over character n-grams.

One-vs-rest L2-loss SVMs (scikit-learn's ``LinearSVC`` objective, fitted in numpy by
``replies.solver``; softmax regression on request) trained on raw inquiry texts; classification
runs on the exported weights with numpy, because scikit-learn's per-call overhead alone
(~0.75 ms) is more than the whole inquiry may take. Features are three views, each a
block of sublinear TF-IDF weights L2-normalised on its own (as a scikit-learn
``FeatureUnion`` of ``TfidfVectorizer``s):

* "chars": character 1-3-grams of the normalised text (``model_text``: stickers,
  greetings, punctuation gone; phones, ids and numbers as placeholders), padded with
  boundary marks;
* "folded": ``analyzer="char_wb"`` 1-3-grams of the text only folded (width, script,
  case), so punctuation, digits and courtesy words still count;
* "cues": one feature per labelling rule whose cue words the text carries
  (``replies.cues``: asking for our contact, giving one's own, serving a city, ...).

Cross-validation chose the three over fewer, and the hinge loss over the logistic
(``python -m benchmarks.variants``). Class weights are balanced, so thousands of
examples of one category do not drown the rest. The margins, scaled, go through a
softmax; the engine blends that with the index's vote and calibrates the result
(``ModelOptions.calibration``): its score is 100 times that probability.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from replies import gramtable
from replies.cues import cues
from replies.normalize import fold, for_matching

# Xiaohongshu sticker codes ("[哭惹R]", "[笑哭R]") are pictures, not words.
_STICKER = re.compile(r"\[[^\[\]\s]{1,8}[rR]\]")
_START, _END = "\x02", "\x03"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # one CJK ideograph


def strip_stickers(text: str) -> str:
    """The text without RED sticker codes such as [哭惹R]."""
    return _STICKER.sub(" ", text)


def model_text(text: str) -> str:
    """The normalised form the model (and the index) sees: stickers removed, then for_matching."""
    return for_matching(strip_stickers(text))


@dataclass(frozen=True, slots=True)
class ModelOptions:
    """Training choices; the defaults are the cross-validated best (see README)."""

    # "squared_hinge": one-vs-rest L2-loss linear SVMs (scikit-learn's LinearSVC objective),
    # whose margins m become probabilities softmax(margin_scale * m); "logistic": softmax
    # regression, C 20 its best. Both fitted by replies.solver unless solver="sklearn".
    loss: str = "squared_hinge"
    c: float = 1.0  # inverse regularisation strength
    margin_scale: float = 5.0
    # The engine's final scores (model and index blended) are p ** calibration renormalised:
    # the exponent with the least calibration error under cross-validation (README).
    calibration: float = 2.0
    max_n: int = 3  # longest character n-gram
    example_weight: float = 2.0  # a learned example (real traffic) counts as two triggers
    per_account: bool = True  # one model per account (else one shared model)
    # With per_account: another account's learned examples, of a category this account
    # serves, count this share of an own example in its model (0: not at all). 0.25 was
    # the cross-validated best of 0, 0.1, 0.25, 0.5 and 1 (README).
    foreign_weight: float = 0.25
    index_weight: float = 0.5  # share of the nearest-trigger vote (softmax of best scores / 10)
    contact_rule: bool = True  # the customer's own phone/WeChat makes 留资 unless it is an ad
    min_df: int = 1  # an n-gram must occur in this many training texts to be a feature
    max_iter: int = 300  # L-BFGS iterations at most (logistic)
    # Stopping: for the hinge, the gradient's norm relative to its first (liblinear's rule;
    # 1e-2 gave the CV figures of 1e-3, sooner); for the logistic loss the largest gradient
    # component (its best was 1e-3).
    tol: float = 1e-2
    memory: int = 5  # L-BFGS history pairs; each costs two passes over the weights per step
    # "numpy" (replies.solver) or "sklearn" (LinearSVC / LogisticRegression on the same
    # objective; importing scikit-learn alone costs over a second at start)
    solver: str = "numpy"
    balanced: bool = True  # class weights inversely proportional to the category's rows
    # Feature views, each its own L2-normalised block (as scikit-learn's FeatureUnion):
    # "chars": 1..max_n-grams of the normalised text; "folded": char_wb 1-3-grams of the
    # text only folded (punctuation, digits, greetings and thanks kept); "cues": the
    # labelling rules' cue words, one pooled feature per rule (replies.cues).
    views: tuple[str, ...] = ("chars", "folded", "cues")


def grams(text: str, max_n: int = 3) -> Counter[str]:
    """Character 1..max_n-grams of a normalised text padded with boundary marks."""
    padded = f"{_START}{text}{_END}"
    size = len(padded)
    out = Counter([padded[i : i + n] for n in range(1, max_n + 1) for i in range(size - n + 1)])
    del out[_START], out[_END]
    return out


def word_bounded_grams(text: str, max_n: int = 3) -> Counter[str]:
    """Character 1..max_n-grams inside each space-separated word padded with spaces."""
    out = Counter(
        [
            padded[i : i + n]
            for padded in (f" {word} " for word in text.split())
            for n in range(1, max_n + 1)
            for i in range(max(len(padded) - n + 1, 1))
        ]
    )
    out.pop(" ", None)
    return out


_VIEWS = ("chars", "folded", "cues")


def view_grams(text: str, views: tuple[str, ...], max_n: int = 3) -> list[Counter[str]]:
    """The n-grams of a raw inquiry in each feature view (see ``ModelOptions.views``)."""
    return [_counter(view, max_n)(text) for view in views]


def _counter(view: str, max_n: int) -> Callable[[str], Counter[str]]:
    """The function that counts one view's n-grams of a raw text."""
    if view == "chars":
        return lambda text: grams(model_text(text), max_n)
    if view == "folded":
        return lambda text: word_bounded_grams(fold(strip_stickers(text)))
    if view == "cues":
        return lambda text: cues(strip_stickers(text))
    raise ValueError(f"unknown feature view {view!r}: use {', '.join(_VIEWS)}")


class CategoryModel:
    """A trained linear model: per view a vocabulary; IDF, weights (features x categories), bias.

    Column numbers run across the views (the first view's columns, then the next's).
    """

    def __init__(
        self,
        categories: tuple[str, ...],
        vocabularies: tuple[Mapping[str, int], ...],
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        max_n: int = 3,
        views: tuple[str, ...] = ("chars",),
    ) -> None:
        self.categories = categories
        self.vocabularies = vocabularies
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.max_n = max_n
        self.views = views
        # Hash tables of the n-gram views for the compiled read (keys hold 3-grams at most).
        self._tables = tuple(
            None
            if max_n > 3 or view not in _GRAM_VIEWS
            else vocabulary.table
            if isinstance(vocabulary, gramtable.Vocabulary)
            else gramtable.GramTable.of(vocabulary, vocabulary.values())
            for view, vocabulary in zip(views, vocabularies)
        )
        self._compiled = all(t is not None or v == "cues" for t, v in zip(self._tables, views))

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        sample_weight: Sequence[float] | None = None,
        options: ModelOptions = ModelOptions(),
    ) -> CategoryModel:
        """Fit on inquiry texts (normalised here, per view) and their categories."""
        if not texts or len(texts) != len(labels):
            raise ValueError("need one label per text and at least one text")
        views = options.views
        vocabularies, idf, matrix = _featurize(texts, views, options.max_n, options.min_df)
        categories = tuple(sorted(set(labels)))
        if len(categories) == 1:
            zeros = np.zeros((len(idf), 1))
            return cls(categories, vocabularies, idf, zeros, np.zeros(1), options.max_n, views)
        weights, bias = _fit(matrix, labels, categories, sample_weight, options)
        return cls(categories, vocabularies, idf, weights, bias, options.max_n, views)

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as named numpy arrays, no Python objects: what ``from_arrays`` reads.

        An n-gram view's vocabulary is its integer keys in column order (``gramtable``); any
        other view's, its strings and their columns.
        """
        out = {
            "categories": np.asarray(self.categories, dtype=str),
            "views": np.asarray(self.views, dtype=str),
            "max_n": np.asarray(self.max_n),
            "idf": self.idf,
            "weights": self.weights,
            "bias": self.bias,
        }
        for n, vocabulary in enumerate(self.vocabularies):
            if isinstance(vocabulary, gramtable.Vocabulary):
                out[f"keys{n}"] = vocabulary.gram_keys
                out[f"start{n}"] = np.asarray(vocabulary.start)
            else:
                out[f"grams{n}"] = np.asarray(list(vocabulary), dtype=str)
                out[f"columns{n}"] = np.fromiter(vocabulary.values(), np.int64, len(vocabulary))
        return out

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> CategoryModel:
        """The model ``arrays`` wrote; ValueError (or KeyError) unless they are consistent."""
        categories = tuple(str(c) for c in arrays["categories"].tolist())
        views = tuple(str(v) for v in arrays["views"].tolist())
        weights = np.ascontiguousarray(arrays["weights"], dtype=np.float64)
        idf = np.asarray(arrays["idf"], dtype=np.float64)
        bias = np.asarray(arrays["bias"], dtype=np.float64)
        vocabularies: list[Mapping[str, int]] = []
        columns = 0  # the views' columns run on from one to the next
        for n, view in enumerate(views):
            if view not in _VIEWS:
                raise ValueError(f"unknown feature view {view!r}")
            if f"keys{n}" in arrays:
                gram_keys = np.asarray(arrays[f"keys{n}"], dtype=np.int64)
                if int(arrays[f"start{n}"]) != columns:
                    raise ValueError(f"view {view}: its columns do not follow the last view's")
                vocabulary: Mapping[str, int] = gramtable.Vocabulary(gram_keys, columns)
            else:
                numbers = np.asarray(arrays[f"columns{n}"], dtype=np.int64).tolist()
                vocabulary = dict(zip(arrays[f"grams{n}"].tolist(), numbers))
                if len(vocabulary) != len(numbers) or numbers != [
                    *range(columns, columns + len(numbers))
                ]:
                    raise ValueError(f"view {view}: its columns are not numbered in order")
            vocabularies.append(vocabulary)
            columns += len(vocabulary)
        if not categories or weights.shape != (columns, len(categories)):
            raise ValueError(
                f"weights of shape {weights.shape}, not ({columns}, {len(categories)})"
            )
        if idf.shape != (columns,) or bias.shape != (len(categories),):
            raise ValueError("idf or bias of the wrong shape")
        max_n = int(arrays["max_n"])
        return cls(categories, tuple(vocabularies), idf, weights, bias, max_n, views)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and TF-IDF values of the known n-grams of a raw inquiry.

        Each view's block is L2-normalised on its own; unknown n-grams are left out of
        the norm, as scikit-learn's vectoriser does.
        """
        return self._vector(view_grams(text, self.views, self.max_n))

    def _vector(self, counted: list[Counter[str]]) -> tuple[np.ndarray, np.ndarray]:
        blocks = [self._block(v, of_view) for v, of_view in zip(self.vocabularies, counted)]
        return np.concatenate([c for c, _ in blocks]), np.concatenate([v for _, v in blocks])

    def _block(
        self, vocabulary: Mapping[str, int], of_view: Counter[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """One view's columns and L2-normalised TF-IDF values."""
        columns, counts = [], []
        for gram, count in of_view.items():
            column = vocabulary.get(gram)
            if column is not None:
                columns.append(column)
                counts.append(count)
        if not columns:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        at = np.asarray(columns, dtype=np.int64)
        values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf[at]
        return at, values / np.sqrt(np.dot(values, values))

    def probabilities(self, text: str) -> np.ndarray:
        """P(category | raw inquiry), in the order of ``categories``."""
        return self._probabilities(*self.vector(text))

    def _probabilities(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        # Elementwise, not `@`: tiny blocks, and OpenBLAS matmul has warned spuriously here.
        logits = self.bias + (self.weights[columns] * values[:, None]).sum(axis=0)
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def read(self, text: str) -> tuple[np.ndarray, int]:
        """``probabilities`` of a raw inquiry and what its normalised text shares with
        training, its n-grams counted once: 2, an n-gram of two or more characters; 1,
        only single Chinese characters ("再吗" shares 吗: enough to place it, too little to
        be sure); 0, nothing (a lone Latin letter says nothing).

        The n-gram views are counted and looked up by compiled code (``_terms``); the
        plain-Python path (``vector``, ``_overlap``) is what it is tested against.
        """
        if not self._compiled:  # 4-grams: keys hold three characters at most
            counted = view_grams(text, self.views, self.max_n)
            probabilities = self._probabilities(*self._vector(counted))
            return probabilities, self._overlap(text, counted)
        columns, values = [], []
        overlap = 0
        for view, table, vocabulary in zip(self.views, self._tables, self.vocabularies):
            if table is None:  # cues: a few rule names
                at, weight = self._block(vocabulary, cues(strip_stickers(text)))
            else:
                chars = view == "chars"
                at, weight, found = _terms(
                    gramtable.codes(_seen(view, text)), self.max_n if chars else 3, not chars,
                    table.slots, table.values, self.idf,
                )  # fmt: skip
                if chars:
                    overlap = found
            columns.append(at)
            values.append(weight)
        probabilities = _softmax(self.weights, self.bias, columns, values)
        if "chars" not in self.views:
            overlap = 2 if any(c.size for c in columns) else 0
        return probabilities, overlap

    def _overlap(self, text: str, counted: list[Counter[str]]) -> int:
        if "chars" not in self.views:
            return (
                2
                if any(vocabulary.keys() & c for vocabulary, c in zip(self.vocabularies, counted))
                else 0
            )
        view = self.views.index("chars")
        vocabulary = self.vocabularies[view]
        length = len(model_text(text))
        found = 0
        for gram in counted[view]:
            if gram not in vocabulary:
                continue
            core = gram.strip(_START + _END)
            if len(core) >= min(2, length):
                return 2
            if _HAN.fullmatch(core):
                found = 1
        return found


_GRAM_VIEWS = ("chars", "folded")


@njit(cache=True, nogil=True)
def _is_han(point: int) -> bool:
    """Whether a code point is a CJK ideograph (``_HAN``'s ranges)."""
    return 0x3400 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF


@njit(cache=True, nogil=True)
def _terms(
    points: np.ndarray,
    max_n: int,
    words: bool,
    slots: np.ndarray,
    numbers: np.ndarray,
    idf: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int]:
    """One n-gram view of a text: its known columns, their L2-normalised sublinear TF-IDF,
    and (padded view) the overlap: 2, a known gram of 2+ characters (or of the whole
    text, when it is one character); 1, only single known Han characters; 0, none."""
    grams, counts = gramtable.counted(points, 0, points.size, max_n, words)
    found = gramtable.find(slots, numbers, grams)
    kept = 0
    total = 0.0
    overlap = 0
    columns = np.empty(grams.size, dtype=np.int64)
    values = np.empty(grams.size)
    for i in range(grams.size):
        column = found[i]
        if column < 0:
            continue
        value = (1.0 + np.log(counts[i])) * idf[column]
        columns[kept] = column
        values[kept] = value
        kept += 1
        total += value * value
        # The gram's characters without the boundary marks.
        key, core, last = grams[i], 0, 0
        while key:
            point = (key & gramtable.MASK) - 1
            key >>= gramtable.BITS
            if point != gramtable.START and point != gramtable.END:
                core += 1
                last = point
        if core >= min(2, points.size):
            overlap = 2
        elif core == 1 and overlap == 0 and _is_han(last):
            overlap = 1
    norm = np.sqrt(total)
    for i in range(kept):
        values[i] /= norm
    return columns[:kept], values[:kept], overlap


def _softmax(
    weights: np.ndarray, bias: np.ndarray, columns: list[np.ndarray], values: list[np.ndarray]
) -> np.ndarray:
    logits = bias.copy()
    for at, value in zip(columns, values):
        _accumulate(logits, weights, at, value)
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


@njit(cache=True, nogil=True)
def _accumulate(
    logits: np.ndarray, weights: np.ndarray, columns: np.ndarray, values: np.ndarray
) -> None:
    for i in range(columns.size):
        row = weights[columns[i]]
        for c in range(logits.size):
            logits[c] += row[c] * values[i]


def _featurize(
    texts: Sequence[str], views: tuple[str, ...], max_n: int, min_df: int
) -> tuple[tuple[Mapping[str, int], ...], np.ndarray, object]:
    """Per view the columns of the n-grams in at least ``min_df`` texts, the smoothed IDF,
    and the texts' sublinear TF-IDF as a float32 CSR matrix, each (row, view) block
    L2-normalised. Columns follow first sight, view by view.
    """
    from scipy.sparse import csr_matrix

    counted = []
    start = 0
    for view in views:
        if view in _GRAM_VIEWS and max_n <= 3:
            counted.append(_count_compiled(texts, view, max_n, min_df, start))
        else:
            counted.append(_count_view(texts, _counter(view, max_n), min_df, start))
        start += len(counted[-1][0])
    df = np.concatenate([frequency for _, frequency, *_ in counted]).astype(np.float64)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    values = []
    for _, _, rows, columns, counts in counted:
        weights = (1.0 + np.log(counts)) * idf[columns]
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(texts)))
        values.append(weights / norms[rows])
    # One matrix from the views' entries in view order: row by row, the same as stacking
    # the views' matrices. float32 halves the memory the solver streams through: the fit
    # is about 2x faster.
    entries = (
        np.concatenate(values).astype(np.float32),
        (np.concatenate([c[2] for c in counted]), np.concatenate([c[3] for c in counted])),
    )
    matrix = csr_matrix(entries, shape=(len(texts), start))
    return tuple(vocabulary for vocabulary, *_ in counted), idf, matrix


def _count_view(
    texts: Sequence[str], count: Callable[[str], Counter[str]], min_df: int, start: int = 0
) -> tuple[Mapping[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One view's vocabulary (n-grams numbered by first sight from ``start``, rare ones
    left out), their document frequencies, and the (row, column, count) entries of the
    kept n-grams.

    Each text's Counter is flattened into lists and dropped at once: tens of thousands
    of live Counters make the garbage collector's full passes cost as much as the fit.
    """
    flat: list[str] = []  # every text's distinct n-grams, in order
    tallies: list[int] = []
    sizes: list[int] = []
    for text in texts:
        counted = count(text)
        flat += counted
        tallies += counted.values()
        sizes.append(len(counted))
    numbered = dict(zip(dict.fromkeys(flat), itertools.count()))
    column = np.fromiter(map(numbered.__getitem__, flat), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(texts)), sizes)
    kept, df, rows, column, counts = _frequent(column, rows, np.asarray(tallies, float), min_df)
    grams = numbered if kept is None else [g for g, k in zip(numbered, kept.tolist()) if k]
    return dict(zip(grams, itertools.count(start))), df, rows, column + start, counts


def _count_compiled(
    texts: Sequence[str], view: str, max_n: int, min_df: int, start: int = 0
) -> tuple[Mapping[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``_count_view`` of an n-gram view by compiled code (``replies.gramtable``); the
    vocabulary holds the n-grams as integer keys, and columns follow first sight text by
    text in key order."""
    words = view != "chars"
    seen = [_seen(view, text) for text in texts]
    first, rows, column, counts = gramtable.numbered(seen, 3 if words else max_n, words)
    kept, df, rows, column, tallies = _frequent(column, rows, counts.astype(float), min_df)
    vocabulary = gramtable.Vocabulary(first if kept is None else first[kept], start)
    return vocabulary, df, rows, column + start, tallies


def _frequent(
    column: np.ndarray, rows: np.ndarray, counts: np.ndarray, min_df: int
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which n-grams (numbered from 0) occur in ``min_df`` texts or more (None: all), their
    document frequencies, and the entries of those kept, renumbered in order."""
    df = np.bincount(column)
    if min_df <= 1:
        return None, df, rows, column, counts
    kept = df >= min_df
    position = np.where(kept, np.cumsum(kept) - 1, -1)  # new number of each n-gram
    column = position[column]
    known = column >= 0
    return kept, df[kept], rows[known], column[known], counts[known]


def _seen(view: str, text: str) -> str:
    """The string a compiled n-gram view counts of a raw text (words split by one space)."""
    if view == "chars":
        return model_text(text)
    return " ".join(fold(strip_stickers(text)).split())


def _fit(
    matrix: object,
    labels: Sequence[str],
    categories: tuple[str, ...],
    sample_weight: Sequence[float] | None,
    options: ModelOptions,
) -> tuple[np.ndarray, np.ndarray]:
    if options.loss not in _LOSSES:
        raise ValueError(f"unknown loss {options.loss!r}: use {', '.join(_LOSSES)}")
    if options.solver != "sklearn":
        weights, bias = _fit_numpy(matrix, labels, categories, sample_weight, options)
    else:
        weights, bias = _fit_sklearn(matrix, labels, categories, sample_weight, options)
    if options.loss == "squared_hinge":
        return weights * options.margin_scale, bias * options.margin_scale
    return weights, bias


_LOSSES = ("logistic", "squared_hinge")


def _fit_sklearn(
    matrix: object,
    labels: Sequence[str],
    categories: tuple[str, ...],
    sample_weight: Sequence[float] | None,
    options: ModelOptions,
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    from threadpoolctl import threadpool_limits

    model: LogisticRegression | LinearSVC
    balanced = "balanced" if options.balanced else None
    if options.loss == "squared_hinge":
        model = LinearSVC(C=options.c, class_weight=balanced, tol=options.tol)
    else:
        model = LogisticRegression(
            C=options.c, class_weight=balanced, max_iter=options.max_iter, tol=options.tol
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
    from replies.solver import fit_softmax, fit_squared_hinge

    index = {c: i for i, c in enumerate(categories)}
    y = np.asarray([index[label] for label in labels])
    # Balanced class weights, as scikit-learn's class_weight="balanced".
    counts = np.bincount(y, minlength=len(categories))
    row_weight = len(y) / (len(categories) * counts[y]) if options.balanced else np.ones(len(y))
    if sample_weight is not None:
        row_weight = row_weight * np.asarray(sample_weight, dtype=np.float64)
    if options.loss == "squared_hinge":
        weights, bias = fit_squared_hinge(
            matrix, y, len(categories), row_weight, c=options.c, tol=options.tol
        )
    else:
        weights, bias = fit_softmax(
            matrix,
            y,
            len(categories),
            row_weight,
            c=options.c,
            max_iter=options.max_iter,
            tol=options.tol,
            memory=options.memory,
        )
    return np.ascontiguousarray(weights, dtype=np.float64), bias
