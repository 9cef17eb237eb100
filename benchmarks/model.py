"""Category-model benchmark: training time and per-inquiry classification at 10 000 triggers.

The library is the bundled one grown to 10 000 triggers with random edits of its own
triggers (same scripts, so same categories); 5 000 learned examples are edits of the
same kind. Queries are the labelled inquiries of every set. Printed: training time
(all examples, one model; a refit, so every text is already normalised) with replydesk's
numpy solver and with scikit-learn's ``LogisticRegression`` on the same matrix and
objective; the start (index, then model, with nothing cached); and p50/p99 of
``Engine.classify`` (the whole classification: model, index, evidence, why).
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import time

from benchmarks.matching import DEV, FRESH, FRESH2, dev_rows, vary
from replies import normalize
from replies.classifier import CategoryModel, ModelOptions
from replies.engine import Engine
from replies.extract import extract
from replies.library import Library, load_library
from replies.models import Example
from replies.starter import starter_examples

TRIGGERS, EXAMPLES = 10_000, 5_000


def grown_library(size: int, rng: random.Random) -> Library:
    """The bundled library with each script's triggers grown by random edits to `size` in all."""
    library = load_library()
    total = sum(len(s.triggers) for s in library.scripts)
    scripts = []
    for script in library.scripts:
        extra = round(len(script.triggers) * (size - total) / total)
        grown = [*script.triggers, *(vary(rng.choice(script.triggers), rng) for _ in range(extra))]
        scripts.append(dataclasses.replace(script, triggers=tuple(grown)))
    return Library(tuple(scripts))


def _latency(engine: Engine, queries: list[str], account: str | None) -> tuple[float, float]:
    times = []
    for _ in range(3):
        for text in queries:
            start = time.perf_counter()
            engine.classify(text, account=account)
            times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1e3, times[int(len(times) * 0.99)] * 1e3


def _train_time(library: Library, examples: list[Example], options: ModelOptions) -> float:
    """One fit on every trigger and example, as a refit does (every text normalised before)."""
    texts = [t for s in library.scripts for t in s.triggers] + [e.text for e in examples]
    labels = [s.category for s in library.scripts for _ in s.triggers]
    labels += [e.category for e in examples]
    CategoryModel.train(texts, labels, options=options)  # fills the normalisation caches
    start = time.perf_counter()
    CategoryModel.train(texts, labels, options=options)
    return time.perf_counter() - start


def main() -> None:
    """Print training time (numpy solver next to scikit-learn's) and classify latency."""
    rng = random.Random(7)
    library = grown_library(TRIGGERS, rng)
    examples = [
        Example(vary(rng.choice(s.triggers), rng), s.category)
        for s in rng.choices(library.scripts, k=EXAMPLES)
    ]
    count = sum(len(s.triggers) for s in library.scripts)
    _train_time(library, examples[:10], ModelOptions(solver="sklearn"))  # imports
    ours = min(_train_time(library, examples, ModelOptions()) for _ in range(2))
    theirs = _train_time(library, examples, ModelOptions(solver="sklearn"))
    print(
        f"training, {count} triggers + {EXAMPLES} examples, one model: numpy L-BFGS"
        f" {ours:.2f} s; scikit-learn LogisticRegression(lbfgs) {theirs:.2f} s"
        f" ({theirs / ours:.1f}x); best of 2 / one run"
    )
    queries = [t for path in (DEV, FRESH, FRESH2) for t, _, _ in dev_rows(path)]
    # At start nothing is cached yet: the index normalises every trigger, the model
    # reuses that and adds its own views. (The refits above found every text cached.)
    for cached in (normalize.fold, normalize.for_matching, extract):
        cached.cache_clear()
    engine = Engine(library, examples=examples)
    start = time.perf_counter()
    engine._index(None)
    built = time.perf_counter()
    engine._model(None)
    done = time.perf_counter()
    print(
        f"at start (warm): index {built - start:.2f} s + model {done - built:.2f} s"
        f" = {done - start:.2f} s"
    )
    p50, p99 = _latency(engine, queries, None)
    print(f"classify at {count} triggers: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    bundled = Engine(load_library(), examples=starter_examples())  # as shipped
    start = time.perf_counter()
    bundled.warm(["TJ", "MZ"])
    warm = time.perf_counter() - start
    p50, p99 = _latency(bundled, queries, "TJ")
    print(
        f"bundled library + starter examples: warm(TJ, MZ) {warm:.2f} s;"
        f" classify p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
