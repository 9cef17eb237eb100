"""Category-model benchmark: training time and per-inquiry classification at 10 000 triggers.

The library is the bundled one grown to 10 000 triggers with random edits of its own
triggers (same scripts, so same categories); 5 000 learned examples are edits of the
same kind. Queries are the labelled inquiries of every set. Printed: training time
(all examples, one account), and p50/p99 of ``Engine.classify`` after training.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import time

from benchmarks.matching import DEV, FRESH, FRESH2, dev_rows, vary
from replies.engine import Engine
from replies.library import Library, load_library
from replies.models import Example

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


def main() -> None:
    """Print training time and classify latency."""
    rng = random.Random(7)
    library = grown_library(TRIGGERS, rng)
    examples = [
        Example(vary(rng.choice(s.triggers), rng), s.category)
        for s in rng.choices(library.scripts, k=EXAMPLES)
    ]
    count = sum(len(s.triggers) for s in library.scripts)
    engine = Engine(library, examples=examples)
    engine.classify("在吗")  # imports scikit-learn, trains the all-accounts model
    start = time.perf_counter()
    engine.refit()
    took = time.perf_counter() - start
    print(f"training: {took:.2f} s for {count} triggers + {EXAMPLES} examples (one model)")
    queries = [(t, None) for path in (DEV, FRESH, FRESH2) for t, _, _ in dev_rows(path)]
    times = []
    for _ in range(3):
        for text, account in queries:
            start = time.perf_counter()
            engine.classify(text, account=account)
            times.append(time.perf_counter() - start)
    times.sort()
    p50, p99 = statistics.median(times), times[int(len(times) * 0.99)]
    print(f"classify: p50 {p50 * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms over {len(times)} calls")
