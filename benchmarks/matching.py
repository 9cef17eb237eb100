"""Matching benchmark: our index against difflib, bare rapidfuzz and TF-IDF, same run.

Trigger sets of 1k, 10k and 50k are synthesised from the bundled library and the
dev inquiries with small random edits; queries are the dev inquiries. Printed:
p50/p99 latency per query for each method and its ratio to ours, p50/p99 of the
engine's call ``Index.search_triggers(text, limit=30)`` next to scoring every trigger
(``exhaustive=True``, the same hits), peak RSS after building the 50k index, and
top-1 category accuracy of each method on the dev set with the bundled library
(quality, not only speed).
"""

from __future__ import annotations

import csv
import difflib
import random
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from replies.engine import Engine
from replies.library import load_library
from replies.matching import build_index
from replies.normalize import for_matching

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "inquiries-dev.tsv"
FRESH = Path(__file__).with_name("data") / "inquiries-fresh.tsv"
FRESH2 = FRESH.with_name("inquiries-fresh2.tsv")
SIZES = (1_000, 10_000, 50_000)
FILLERS = ("请问", "想问下", "你们", "呢", "呀", "一下", "我们公司", "大概", "那个", "哈")


def dev_rows(path: Path = DEV) -> list[tuple[str, str, str]]:
    """(text, category, account) of a labelled file; empty when the file is absent."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["text"], r["category"], r["account"]) for r in reader]


def vary(text: str, rng: random.Random) -> str:
    """A plausible rephrasing: a filler added, a character dropped or swapped."""
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        if op < 0.4:
            chars.insert(rng.randint(0, len(chars)), rng.choice(FILLERS))
        elif op < 0.7 and len(chars) > 3:
            del chars[rng.randrange(len(chars))]
        elif len(chars) > 3:
            i = rng.randrange(len(chars) - 1)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def trigger_set(size: int, seed: int = 1) -> list[tuple[str, str]]:
    """`size` (key, trigger) pairs: real triggers first, then varied copies."""
    rng = random.Random(seed)
    base = [(s.id, t) for s in load_library().scripts for t in s.triggers]
    base += [(f"dev-{category}", text) for text, category, _ in dev_rows()]
    items = list(base[:size])
    while len(items) < size:
        key, text = rng.choice(base)
        items.append((key, vary(text, rng)))
    return items


def timed(search: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Per-query wall times in milliseconds."""
    times = []
    for query in queries:
        start = time.perf_counter()
        search(query)
        times.append((time.perf_counter() - start) * 1000)
    return times


def tfidf_search(choices: list[str]) -> Callable[[str], list[int]]:
    """The TF-IDF character 1-2-gram baseline (scikit-learn), top 5 by cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform(choices).T.tocsr()

    def search(text: str) -> list[int]:
        scores = (vectorizer.transform([for_matching(text)]) @ matrix).toarray().ravel()
        top = np.argpartition(-scores, 5)[:5]
        return top[np.argsort(-scores[top])].tolist()

    return search


def methods(items: list[tuple[str, str]], difflib_ok: bool) -> dict[str, Callable[[str], object]]:
    """Every competitor, built over the same preprocessed choices."""
    index = build_index(items)
    choices = index.normalized

    def bare_rapidfuzz(text: str) -> object:
        return process.extract(for_matching(text), choices, scorer=fuzz.ratio, limit=5)

    def difflib_ratio(text: str) -> object:
        query = for_matching(text)
        matcher = difflib.SequenceMatcher(a=query, autojunk=False)
        scores = []
        for choice in choices:
            matcher.set_seq2(choice)
            scores.append(matcher.ratio())
        return sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:5]

    found = {
        "replydesk": lambda text: index.search(text, limit=5),
        "rapidfuzz.extract": bare_rapidfuzz,
        "tfidf-char-1-2": tfidf_search(choices),
    }
    if difflib_ok:
        found["difflib"] = difflib_ratio
    return found


def latency_table(queries: list[str]) -> None:
    """p50/p99 per method per size, with ratios to replydesk."""
    print(f"{'triggers':>9} {'method':<18} {'p50 ms':>8} {'p99 ms':>8} {'p99 / ours':>11}")
    for size in SIZES:
        items = trigger_set(size)
        # difflib takes ~0.5 s a query at 50k: a sample of queries keeps the run short.
        sample = queries if size <= 1_000 else queries[:: max(1, len(queries) // 25)]
        ours_p99 = None
        for name, search in methods(items, difflib_ok=True).items():
            for query in queries[:10]:  # warm caches and lazy imports
                search(query)
            times = timed(search, sample if name == "difflib" else queries)
            p50 = statistics.median(times)
            p99 = float(np.percentile(times, 99))
            ours_p99 = ours_p99 or p99
            print(f"{size:>9} {name:<18} {p50:>8.3f} {p99:>8.3f} {p99 / ours_p99:>10.1f}x")


def trigger_search_table(queries: list[str]) -> None:
    """p50/p99 of search_triggers(limit=30) per size, with groups as the engine builds it."""
    category = {s.id: s.category for s in load_library().scripts}
    header = f"{'search_triggers(30)':<22} {'p50 ms':>8} {'p99 ms':>8} {'p99 / ours':>11}"
    print(f"\n{'triggers':>9} {header}")
    for size in SIZES:
        items = trigger_set(size)
        groups = [category.get(key, key.removeprefix("dev-")) for key, _ in items]
        start = time.perf_counter()
        index = build_index(items, groups=groups)
        built = time.perf_counter() - start
        # Scoring all 50k triggers takes ~10 ms a clause: a sample keeps the run short.
        sample = queries if size <= 10_000 else queries[:: max(1, len(queries) // 50)]
        ours_p99 = None
        for name, exhaustive in (("pruned (exact)", False), ("every trigger", True)):
            for query in queries[:10]:
                index.search_triggers(query, limit=30, exhaustive=exhaustive)
            search = partial(index.search_triggers, limit=30, exhaustive=exhaustive)
            times = timed(search, sample if exhaustive else queries)
            p50, p99 = statistics.median(times), float(np.percentile(times, 99))
            ours_p99 = ours_p99 or p99
            print(f"{size:>9} {name:<22} {p50:>8.3f} {p99:>8.3f} {p99 / ours_p99:>10.1f}x")
        print(f"{size:>9} {'(index built in)':<22} {built:>8.2f} s")


def accuracy_table(name: str, rows: list[tuple[str, str, str]]) -> None:
    """Top-1 category accuracy of each method with the bundled library."""
    library = load_library()
    category = {s.id: s.category for s in library.scripts}
    items = [(s.id, t) for s in library.scripts for t in s.triggers]
    found = methods(items, difflib_ok=True)
    keys = [key for key, _ in items]
    print(f"\ntop-1 category accuracy, {name} ({len(rows)} rows, bundled library):")
    for method, search in found.items():
        hits = sum(_first_category(search(text), keys, category) == gold for text, gold, _ in rows)
        print(f"  {method:<18} {hits / len(rows):.1%}   (index alone, no account filter)")
    engine = Engine(library)
    hits = sum(engine.classify(text, account=acc).category == gold for text, gold, acc in rows)
    print(f"  {'replydesk engine':<18} {hits / len(rows):.1%}   (per account, categories ranked)")


def _first_category(result: object, keys: list[str], category: dict[str, str]) -> str | None:
    if not result:
        return None
    first = result[0]  # type: ignore[index]
    if isinstance(first, tuple) and isinstance(first[0], str) and first[0] in category:
        return category[first[0]]
    position = first[2] if isinstance(first, tuple) else first
    return category[keys[position]]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the matching benchmark and print its tables."""
    rows = dev_rows()
    queries = [text for text, _, _ in rows] or ["多少钱", "在吗", "有案例吗"]
    before = peak_rss_mb()
    start = time.perf_counter()
    build_index(trigger_set(50_000))
    print(
        f"50k-trigger index: built in {time.perf_counter() - start:.2f} s;"
        f" peak RSS {peak_rss_mb():.0f} MiB (process before building: {before:.0f} MiB)\n"
    )
    latency_table(queries)
    fresh = [text for path in (FRESH, FRESH2) for text, _, _ in dev_rows(path)]
    trigger_search_table(queries + fresh)
    for name, path in (("dev set", DEV), ("fresh set", FRESH), ("fresh2 set", FRESH2)):
        labelled = dev_rows(path)
        if labelled:
            accuracy_table(name, labelled)
