"""Cross-validated, leave-one-file-out and prequential figures, engine next to a baseline.

The baseline is the one issue 7 measured: scikit-learn's LinearSVC over TF-IDF
character 1-3-grams (``analyzer="char_wb"``, ``sublinear_tf=True``), trained on exactly
the rows the engine gets: the library's triggers, each labelled with its script's
category, plus the training rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from bot.evalfile import read_rows, share
from bot.format import display_width, pad
from bot.texts import text as t
from replies import safety
from replies.classifier import ModelOptions, model_text
from replies.engine import Engine
from replies.evaluation import LabelledInquiry
from replies.library import Library
from replies.models import Example
from replies.starter import STARTER
from replies.validation import (
    Ranker,
    Score,
    Summary,
    Trainer,
    cross_validate,
    leave_one_file_out,
    prequential,
    score,
)


def examples_of(rows: Sequence[LabelledInquiry]) -> list[Example]:
    """Labelled rows as the engine's learned examples."""
    return [Example(row.text, row.category, row.account) for row in rows]


def engine_ranker(engine: Engine) -> Ranker:
    """Categories best first, as the engine ranks them."""
    return lambda text, account: [
        m.category for m in engine.classify(text, account=account).matches
    ]


def engine_trainer(
    library: Library,
    rules: safety.SafetyRules,
    options: ModelOptions | None = None,
    extra: Sequence[LabelledInquiry] = (),
) -> Trainer:
    """Rows -> an engine over the library that learned them (after the ``extra`` rows)."""
    return lambda rows: engine_ranker(
        Engine(library, rules=rules, examples=examples_of([*extra, *rows]), options=options)
    )


def baseline_model(texts: Sequence[str], labels: Sequence[str]) -> Any:
    """The baseline fitted: LinearSVC over char_wb 1-3 TF-IDF (a scikit-learn pipeline)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True), LinearSVC()
    )
    return model.fit(list(texts), list(labels))


def baseline_trainer(library: Library, extra: Sequence[LabelledInquiry] = ()) -> Trainer:
    """Rows -> LinearSVC over char_wb 1-3 TF-IDF, fitted on the triggers, ``extra`` and rows."""

    def train(given: Sequence[LabelledInquiry]) -> Ranker:
        rows = [*extra, *given]
        texts = [t for s in library.scripts for t in s.triggers] + [r.text for r in rows]
        labels = [s.category for s in library.scripts for _ in s.triggers]
        labels += [r.category for r in rows]
        model = baseline_model(texts, labels)
        classes = list(model.classes_)

        def rank(text: str, account: str | None) -> list[str]:
            scores = model.decision_function([text])[0]
            return [classes[i] for i in sorted(range(len(classes)), key=lambda i: -scores[i])]

        return rank

    return train


Contender = tuple[str, Trainer]


def contenders(
    library: Library,
    rules: safety.SafetyRules,
    baseline: bool = True,
    extra: Sequence[LabelledInquiry] = (),
) -> list[Contender]:
    """The engine and, unless turned off, the baseline; both learn ``extra`` first."""
    out: list[Contender] = [("engine", engine_trainer(library, rules, extra=extra))]
    if baseline:
        out.append(("baseline", baseline_trainer(library, extra)))
    return out


def starter_rows(
    categories: Sequence[str], scored: Iterable[Sequence[LabelledInquiry]]
) -> list[LabelledInquiry]:
    """The bundled starter examples, less any equal (normalised text, account) to a scored row.

    The starter examples are the tuning sets' rows: scoring one of those sets with them
    would score the very rows learned.
    """
    taken = {(model_text(r.text), r.account) for rows in scored for r in rows}
    return [
        row
        for row in read_rows(STARTER, categories)
        if (model_text(row.text), row.account) not in taken
    ]


def cv_lines(
    rows: Sequence[LabelledInquiry],
    k: int,
    entrants: list[Contender],
    locale: str = "zh",
    seed: int = 0,
) -> list[str]:
    """K-fold figures of every contender on the same folds."""
    lines = [t(locale, "report.cv", k=k)]
    for name, trainer in entrants:
        summary = cross_validate(rows, trainer, k, key=model_text, seed=seed)
        lines.append(_summary_line(name, summary, entrants, locale))
    return lines


def lofo_lines(
    files: Mapping[str, Sequence[LabelledInquiry]], entrants: list[Contender], locale: str = "zh"
) -> list[str]:
    """Leave-one-file-out figures of every contender, per file left out."""
    lines = [t(locale, "report.lofo")]
    for name, trainer in entrants:
        summary = leave_one_file_out(files, trainer)
        lines.append(_summary_line(name, summary, entrants, locale))
        for file, part in zip(files, summary.parts):
            lines.append(t(locale, "report.part", file=file, score=_score_text(part, locale)))
    return lines


def prequential_lines(
    rows: Sequence[LabelledInquiry], make: Callable[[], Engine], locale: str = "zh"
) -> list[str]:
    """Rows in order, each miss learned (and the model refitted) before the next row."""
    engine = make()

    def learn(row: LabelledInquiry) -> None:
        engine.learn(*examples_of([row]))
        engine.refit()

    first, second = prequential(rows, engine_ranker(engine), learn)
    return [
        t(locale, "report.prequential"),
        t(locale, "report.first_half", score=_score_text(first, locale)),
        t(locale, "report.second_half", score=_score_text(second, locale)),
    ]


def half_lines(
    rows: Sequence[LabelledInquiry], entrants: list[Contender], locale: str = "zh"
) -> list[str]:
    """The first half (file order) imported as examples, the second half scored."""
    half = len(rows) // 2
    lines = [t(locale, "report.half", half=half, rest=len(rows) - half)]
    for name, trainer in entrants:
        scored = _score_text(score(rows[half:], trainer(rows[:half])), locale)
        lines.append(
            t(locale, "report.contender", name=_name(name, entrants, locale), score=scored)
        )
    return lines


def _name(name: str, entrants: list[Contender], locale: str) -> str:
    """A contender's name in the locale ("engine", "baseline"; others as given), padded."""

    def named(n: str) -> str:
        return t(locale, f"report.{n}") if n in ("engine", "baseline") else n

    return pad(named(name), max(display_width(named(n)) for n, _ in entrants))


def _summary_line(name: str, summary: Summary, entrants: list[Contender], locale: str) -> str:
    pooled = summary.pooled
    return "  " + t(
        locale, "report.summary", name=_name(name, entrants, locale),
        mean=f"{summary.top1_mean:6.1%}", spread=f"{summary.top1_spread:.1%}",
        top3=f"{summary.top3_mean:6.1%}", hits=pooled.top1, total=pooled.total,
        hits3=pooled.top3,
    )  # fmt: skip


def _score_text(score: Score, locale: str) -> str:
    return t(
        locale, "report.score", share=share(score.top1, score.total), hits=score.top1,
        total=score.total, share3=share(score.top3, score.total), hits3=score.top3,
    )  # fmt: skip
