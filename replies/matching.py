"""Fast lexical matching of an inquiry against a set of triggers.

Public API (used by benchmarks and tools with any trigger set):

    index = build_index([("price-per-head", "人均多少钱"), ...])
    index.search("50人人均大概多少", limit=5)  # -> [(key, score 0-100), ...]

How a trigger is scored: both sides go through ``normalize.for_matching``; a
TF-IDF cosine over character unigrams and boundary-padded bigrams (a sparse
inverted index summed with numpy) ranks every trigger; the best candidates are
re-scored with a blend of that cosine and rapidfuzz's ``fuzz.ratio`` so word order
and length count too. A long, multi-sentence inquiry is also scored clause by
clause, and every trigger keeps its best clause, so the one sentence that carries
the intent is not drowned by the rest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from replies.normalize import PLACEHOLDERS, fold, for_matching, symbol_shape

_CLAUSE_SPLIT = re.compile(r"[,，.。!！?？;；~～\n、…]+|\s{2,}")
_MIN_CLAUSE = 2
_PLACEHOLDER_SPLIT = re.compile(f"[{''.join(sorted(PLACEHOLDERS))}]")
COSINE_WEIGHT = 0.6  # the rest is fuzz.ratio; tuned on the dev set, see README
UNIGRAM_WEIGHT = 0.5  # characters say less than character pairs
CLAUSE_FACTOR = 0.95  # a single clause counts a little less than the whole message
SHAPE_SCORE = 90.0  # a "?" or emoji-only inquiry meeting a trigger of the same shape
# A character found in more than this share of triggers ("吗", "的") decides little
# but would dominate the work: it gets no postings; its exact share of the cosine is
# added afterwards for the candidates only, from a small dense matrix.
COMMON_CHAR_SHARE = 0.03


def features(text: str) -> Counter[str]:
    """Character unigrams and boundary-padded bigrams of a normalised text."""
    grams: Counter[str] = Counter(text)
    padded = f"\x02{text}\x03"
    grams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return grams


def _weight(gram: str, count: int) -> float:
    scale = UNIGRAM_WEIGHT if len(gram) == 1 else 1.0
    return scale * (1.0 + math.log(count))


@dataclass(frozen=True, slots=True)
class Hit:
    """One trigger's score for one inquiry."""

    trigger: int  # position in the index
    score: float  # 0-100


class Index:
    """An immutable trigger index; build it once with ``build_index``."""

    def __init__(self, keys: list[str], triggers: list[str]) -> None:
        self.keys = keys
        self.triggers = triggers
        self.normalized = [for_matching(t) for t in triggers]
        self._shapes = [symbol_shape(t) if not n else "" for t, n in zip(triggers, self.normalized)]
        self._build_postings()

    def __len__(self) -> int:
        return len(self.triggers)

    def _build_postings(self) -> None:
        docs = [features(text) for text in self.normalized]
        df: Counter[str] = Counter()
        for grams in docs:
            df.update(grams.keys())
        total = len(docs)
        self._idf = {g: math.log((total + 1) / (n + 1)) + 1.0 for g, n in df.items()}
        self._unseen_idf = math.log(total + 1) + 1.0
        common = sorted(g for g, n in df.items() if len(g) == 1 and n > COMMON_CHAR_SHARE * total)
        self._common = {g: i for i, g in enumerate(common)}
        self._common_weights = np.zeros((total, len(common)), dtype=np.float32)
        columns: dict[str, tuple[list[int], list[float]]] = {}
        for doc_id, grams in enumerate(docs):
            weights = {g: _weight(g, c) * self._idf[g] for g, c in grams.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for gram, w in weights.items():
                if gram in self._common:
                    self._common_weights[doc_id, self._common[gram]] = w / norm
                    continue
                ids, values = columns.setdefault(gram, ([], []))
                ids.append(doc_id)
                values.append(w / norm)
        self._columns = {
            g: (np.asarray(ids, dtype=np.int32), np.asarray(values, dtype=np.float32))
            for g, (ids, values) in columns.items()
        }

    def _query_weights(self, query: str) -> dict[str, float]:
        grams = features(query)
        weights = {g: _weight(g, c) * self._idf.get(g, self._unseen_idf) for g, c in grams.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {g: w / norm for g, w in weights.items()}

    def _rare_dot(self, weights: dict[str, float]) -> np.ndarray:
        hits = [(self._columns[g], w) for g, w in weights.items() if g in self._columns]
        if not hits:
            return np.zeros(len(self.triggers), dtype=np.float64)
        ids = np.concatenate([col[0] for col, _ in hits])
        values = np.concatenate([col[1] * w for col, w in hits])
        return np.bincount(ids, weights=values, minlength=len(self.triggers))

    def _common_dot(self, weights: dict[str, float], candidates: np.ndarray) -> np.ndarray:
        shared = [(self._common[g], w) for g, w in weights.items() if g in self._common]
        if not shared:
            return np.zeros(len(candidates))
        cols, values = zip(*shared)
        block = self._common_weights[np.ix_(candidates, cols)]
        return block @ np.asarray(values, dtype=np.float32)

    def _score_clause(self, query: str, best: np.ndarray, pool: int, factor: float) -> None:
        weights = self._query_weights(query)
        rare = self._rare_dot(weights)
        candidates = np.flatnonzero(rare)
        if len(candidates) > pool:
            candidates = candidates[np.argpartition(-rare[candidates], pool)[:pool]]
        if not len(candidates):
            return
        cos = np.minimum(rare[candidates] + self._common_dot(weights, candidates), 1.0)
        texts = [self.normalized[i] for i in candidates.tolist()]
        ratio = process.cdist([query], texts, scorer=fuzz.ratio, dtype=np.float32)[0] / 100.0
        score = 100.0 * factor * (COSINE_WEIGHT * cos + (1.0 - COSINE_WEIGHT) * ratio)
        best[candidates] = np.maximum(best[candidates], score)

    def search_triggers(self, text: str, limit: int = 20) -> list[Hit]:
        """The best-scoring triggers for a text, best first, ties by index order."""
        query = for_matching(text)
        if not query:
            return self._search_shape(text, limit)
        best = np.zeros(len(self.triggers), dtype=np.float64)
        pool = max(limit * 2, 48)
        for n, clause in enumerate(clauses(text, query)):
            self._score_clause(clause, best, pool, 1.0 if n == 0 else CLAUSE_FACTOR)
        found = np.flatnonzero(best)
        if len(found) > limit:
            found = found[np.argpartition(-best[found], limit - 1)[:limit]]
        ranked = sorted(found.tolist(), key=lambda i: (-best[i], i))
        return [Hit(i, round(float(best[i]), 2)) for i in ranked]

    def _search_shape(self, text: str, limit: int) -> list[Hit]:
        shape = symbol_shape(text)
        if not shape:
            return []
        found = [i for i, s in enumerate(self._shapes) if s == shape]
        return [Hit(i, SHAPE_SCORE) for i in found[:limit]]

    def search(self, text: str, limit: int = 5) -> list[tuple[str, float]]:
        """Best keys for a text: (key, score 0-100), best first, one row per key."""
        seen: dict[str, float] = {}
        for hit in self.search_triggers(text, limit=max(limit * 8, 40)):
            key = self.keys[hit.trigger]
            if key not in seen:
                seen[key] = hit.score
                if len(seen) == limit:
                    break
        return list(seen.items())

    def shared_words(self, text: str, trigger: int) -> tuple[str, ...]:
        """Runs of two or more characters the inquiry and a trigger have in common."""
        query, target = for_matching(text), self.normalized[trigger]
        runs: list[str] = []
        for op in Indel.opcodes(query, target):
            if op.tag == "equal":
                run = query[op.src_start : op.src_end]
                runs.extend(p for p in _PLACEHOLDER_SPLIT.split(run) if len(p) >= 2)
        return tuple(runs)


def clauses(text: str, whole: str) -> list[str]:
    """The whole normalised inquiry plus, when it has several, each clause of it."""
    parts = [for_matching(p, keep_bare=False) for p in _CLAUSE_SPLIT.split(fold(text))]
    parts = [p for p in parts if len(p) >= _MIN_CLAUSE and p != whole]
    return [whole, *dict.fromkeys(parts)] if len(parts) > 1 else [whole]


def build_index(items: Iterable[tuple[str, str]]) -> Index:
    """Build a search index from (key, trigger text) pairs; keys may repeat."""
    keys: list[str] = []
    triggers: list[str] = []
    for key, trigger in items:
        keys.append(key)
        triggers.append(trigger)
    return Index(keys, triggers)
