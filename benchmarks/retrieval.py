"""Retrieval benchmark: recall@1 of paraphrase pairs, replydesk's index against BM25.

Pairs are made from the bundled library: every distinct trigger of 6+ characters is a
document; its query is a rephrasing made by ``benchmarks.matching.vary`` (a filler
added, a character dropped or two swapped). Synthetic edits, not people's paraphrases:
the figure says whether the ranking keeps near-copies on top, not how it generalises.
BM25 (``rank_bm25.BM25Okapi``) runs over character 1+2-grams of the same normalised
texts. recall@1 = the query's own trigger comes first.

The second figure uses people's words: each labelled inquiry (the sets in
``benchmarks/data`` and the dev set) against every trigger of the bundled library; a hit
is a top trigger from a script of the inquiry's labelled category, the trigger a person
would pick at the category level. No model and no learned examples: retrieval alone.
"""

from __future__ import annotations

import random

import numpy as np

from benchmarks.matching import DEV, FRESH, FRESH2, dev_rows, vary
from replies.library import load_library
from replies.matching import build_index
from replies.normalize import for_matching

PAIRS = 2000
HELDOUT = FRESH.with_name("inquiries-heldout.tsv")


def char_grams(text: str) -> list[str]:
    """Character unigrams and bigrams of a normalised text."""
    return [*text, *(text[i : i + 2] for i in range(len(text) - 1))]


def pairs(seed: int = 3) -> list[tuple[str, str]]:
    """(trigger, rephrased query) pairs from the bundled library."""
    rng = random.Random(seed)
    seen: dict[str, str] = {}
    for script in load_library().scripts:
        for trigger in script.triggers:
            key = for_matching(trigger)
            if len(key) >= 6:
                seen.setdefault(key, trigger)
    docs = list(seen.values())[:PAIRS]
    return [(doc, vary(doc, rng)) for doc in docs]


def main() -> None:
    """Print recall@1 of the index and of BM25 over the same pairs, with the ratio."""
    from rank_bm25 import BM25Okapi

    found = pairs()
    docs = [d for d, _ in found]
    index = build_index((str(i), d) for i, d in enumerate(docs))
    bm25 = BM25Okapi([char_grams(for_matching(d)) for d in docs])
    ours = theirs = 0
    for i, (_, query) in enumerate(found):
        best = index.search(query, limit=1)
        ours += bool(best) and best[0][0] == str(i)
        scores = bm25.get_scores(char_grams(for_matching(query)))
        theirs += int(np.argmax(scores)) == i
    n = len(found)
    print(
        f"paraphrase recall@1 over {n} synthetic pairs: replydesk index {ours / n:.3f},"
        f" BM25 char 1+2 {theirs / n:.3f} (ratio {ours / max(theirs, 1):.2f}x)"
    )
    labelled_recall()


def labelled_recall() -> None:
    """Top trigger's category against the labelled category: the index and BM25, same run."""
    from rank_bm25 import BM25Okapi

    library = load_library()
    triggers = [(s.category, t) for s in library.scripts for t in s.triggers]
    index = build_index(((c, t) for c, t in triggers), groups=[c for c, _ in triggers])
    bm25 = BM25Okapi([char_grams(for_matching(t)) or [""] for _, t in triggers])
    rows = [(t, c) for path in (DEV, FRESH, FRESH2, HELDOUT) for t, c, _ in dev_rows(path)]
    ours = theirs = 0
    for text, category in rows:
        best = index.search(text, limit=1)
        ours += bool(best) and best[0][0] == category
        scores = bm25.get_scores(char_grams(for_matching(text)))
        theirs += triggers[int(np.argmax(scores))][0] == category
    n = len(rows)
    print(
        f"labelled inquiries, top trigger's category right over {n} rows: replydesk index"
        f" {ours / n:.3f}, BM25 char 1+2 {theirs / n:.3f} (ratio {ours / max(theirs, 1):.2f}x)"
    )
