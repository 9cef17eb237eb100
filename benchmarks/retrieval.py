"""Retrieval benchmark: recall@1 of replydesk's index against BM25 and plain TF-IDF.

Three sets of queries, each ranked in the same run by three retrievers over the same
normalised texts (``normalize.for_matching``):

* the index (``replies.matching.build_index``);
* BM25 (``rank_bm25.BM25Okapi``) over character 1+2-grams;
* plain TF-IDF over the same character 1+2-grams (scikit-learn's ``TfidfVectorizer``,
  cosine), the two references the issue named.

The sets:

1. Synthetic: every distinct trigger of 6+ characters in the bundled library is a
   document; its query is a rephrasing made by ``benchmarks.matching.vary`` (a filler
   added, a character dropped or two swapped). Synthetic edits say whether the ranking
   keeps near-copies on top, not how it generalises.
2. People's paraphrases (``benchmarks/data/paraphrase-pairs.tsv``): pairs of questions
   that mean the same thing, written by hand in the styles of the public sets the issue
   named (LCQMC's everyday questions, BQ's bank support, ATEC's payment-app support,
   OPPO's voice-assistant requests), plus single questions on the same topics that are
   not paraphrases (``paraphrase-distractors.tsv``). One side of every pair and all the
   distractors are the documents, the other side the query, in both directions.
3. Labelled inquiries: each inquiry of the dev set, fresh, fresh2 and the first held-out
   set against every trigger of the bundled library; a hit is a top trigger from a script
   of the inquiry's labelled category. No model and no learned examples: retrieval alone.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from benchmarks.matching import DEV, FRESH, FRESH2, dev_rows, vary
from replies.library import load_library
from replies.matching import build_index
from replies.normalize import for_matching

PAIRS = 2000
DATA = FRESH.parent
HELDOUT = DATA / "inquiries-heldout.tsv"
PARAPHRASES = DATA / "paraphrase-pairs.tsv"
DISTRACTORS = DATA / "paraphrase-distractors.tsv"
NAMES = ("index", "BM25", "TF-IDF")

# Best document position for each query, one list per retriever (in NAMES order).
Retrieve = Callable[[Sequence[str], Sequence[str], Sequence[str] | None], list[list[int]]]


def char_grams(text: str) -> list[str]:
    """Character unigrams and bigrams of a normalised text."""
    return [*text, *(text[i : i + 2] for i in range(len(text) - 1))]


def best_documents(
    docs: Sequence[str], queries: Sequence[str], groups: Sequence[str] | None = None
) -> list[list[int]]:
    """Each retriever's top document (a position in ``docs``) for every query.

    ``groups`` (one per document) is passed to the index, which weights n-grams that
    point to one group; BM25 and TF-IDF have no such notion.
    """
    from rank_bm25 import BM25Okapi
    from sklearn.feature_extraction.text import TfidfVectorizer

    index = build_index(((str(i), d) for i, d in enumerate(docs)), groups=groups)
    normalised = [char_grams(for_matching(d)) or [""] for d in docs]
    bm25 = BM25Okapi(normalised)
    tfidf = TfidfVectorizer(analyzer=lambda grams: grams, lowercase=False)
    matrix = tfidf.fit_transform(normalised)
    found: list[list[int]] = [[], [], []]
    for query in queries:
        grams = char_grams(for_matching(query))
        hits = index.search(query, limit=1)
        found[0].append(int(hits[0][0]) if hits else -1)
        found[1].append(int(np.argmax(bm25.get_scores(grams))))
        cosine = (matrix @ tfidf.transform([grams]).T).toarray().ravel()
        found[2].append(int(np.argmax(cosine)) if cosine.any() else -1)
    return found


def synthetic_pairs(seed: int = 3) -> list[tuple[str, str]]:
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


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def paraphrase_hits(
    pairs: Sequence[tuple[str, str, str]], distractors: Sequence[str], retrieve: Retrieve
) -> dict[str, list[list[bool]]]:
    """Per style, each retriever's hits: a pair's other side found first, both directions."""
    hits: dict[str, list[list[bool]]] = defaultdict(lambda: [[] for _ in NAMES])
    for side in (0, 1):
        docs = [pair[side] for pair in pairs] + list(distractors)
        queries = [pair[1 - side] for pair in pairs]
        for name, best in enumerate(retrieve(docs, queries, None)):
            for n, (pair, top) in enumerate(zip(pairs, best)):
                hits[pair[2]][name].append(top == n)
    return dict(hits)


def _line(label: str, hits: Sequence[Sequence[bool]]) -> str:
    recall = [sum(h) / max(len(h), 1) for h in hits]
    cells = ", ".join(f"{name} {r:.3f}" for name, r in zip(NAMES, recall))
    ratios = ", ".join(
        f"{recall[0] / max(r, 1e-9):.2f}x {name}" for name, r in zip(NAMES[1:], recall[1:])
    )
    return f"{label} ({len(hits[0])} queries): {cells} (index/{ratios})"


def main() -> None:
    """Print recall@1 of the three retrievers on the three sets, with the ratios."""
    found = synthetic_pairs()
    best = best_documents([d for d, _ in found], [q for _, q in found])
    print(_line("synthetic pairs, recall@1", [[top == n for n, top in enumerate(b)] for b in best]))
    if PARAPHRASES.is_file():
        pairs = [(r["a"], r["b"], r["style"]) for r in read_tsv(PARAPHRASES)]
        distractors = [r["text"] for r in read_tsv(DISTRACTORS)] if DISTRACTORS.is_file() else []
        styles = paraphrase_hits(pairs, distractors, best_documents)
        pooled = [[h for style in styles.values() for h in style[n]] for n in range(len(NAMES))]
        print(_line(f"people's paraphrases, {len(distractors)} distractors, recall@1", pooled))
        for style, hits in sorted(styles.items()):
            print("  " + _line(style, hits))
    labelled_recall()


def labelled_recall() -> None:
    """Top trigger's category against the labelled category: the three retrievers."""
    library = load_library()
    triggers = [(s.category, t) for s in library.scripts for t in s.triggers]
    categories = [c for c, _ in triggers]
    rows = [(t, c) for path in (DEV, FRESH, FRESH2, HELDOUT) for t, c, _ in dev_rows(path)]
    best = best_documents([t for _, t in triggers], [t for t, _ in rows], categories)
    hits = [[top >= 0 and categories[top] == c for top, (_, c) in zip(b, rows)] for b in best]
    print(_line("labelled inquiries, top trigger's category right", hits))
