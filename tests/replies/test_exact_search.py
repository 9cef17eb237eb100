"""Index.search returns the exact top-k of its own scoring (pruning only by a bound)."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from replies.library import load_library
from replies.matching import (
    COSINE_WEIGHT,
    UNIGRAM_WEIGHT,
    WHOLE_LENGTH,
    Hit,
    Index,
    build_index,
    clauses,
    features,
    focus,
)
from replies.normalize import EMAIL_TOKEN, PHONE_TOKEN, WECHAT_TOKEN, for_matching
from tests.replies.labelled import labelled_texts

ALPHABET = "多少钱价格人均团建在吗有案例方案北京上海预算几天公司年会活动微信电话好的"
COMMON = "吗的多少在有"  # in most triggers of a random library over ALPHABET + COMMON
# Empty, symbol-only, common characters only, a long repeat (counts past 255), clauses.
ODD_TEXTS = ["", "？", "？？", "😍😍", "……", "吗", "的吗", "多少的吗在", "吗" * 300, "哈哈" * 200]


def _text(rng: random.Random, alphabet: str = ALPHABET) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))


def _library(rng: random.Random, size: int) -> tuple[list[tuple[str, str]], list[str]]:
    items = [
        (f"k{rng.randrange(size // 3 + 1)}", _text(rng, ALPHABET + COMMON * 3)) for _ in range(size)
    ]
    items += [("long", "吗" * 280), ("long", "哈" * 300 + "吗")]
    return items, [rng.choice("abcd") for _ in items]


def _queries(rng: random.Random, count: int) -> list[str]:
    joins = ["", "，", "？多少钱，", "。预算", " "]
    texts = [_text(rng) + rng.choice(joins) + _text(rng) for _ in range(count)]
    texts += [_text(rng, COMMON) for _ in range(count // 5)]  # only common characters
    texts += [f"{_text(rng)}，{_text(rng)}。{_text(rng)}？{_text(rng)}" for _ in range(count // 5)]
    return texts + ODD_TEXTS


class Reference:
    """The score written out plainly: dicts, math and fuzz.ratio, one trigger at a time."""

    def __init__(self, triggers: list[str], groups: list[str] | None) -> None:
        self.normalized = [for_matching(t) for t in triggers]
        docs = [features(t) for t in self.normalized]
        df = Counter(g for doc in docs for g in doc)
        self.total = len(docs)
        self.focus = focus(docs, groups) if groups else {}
        self.idf = {
            g: _kind(g)
            * (math.log((self.total + 1) / (n + 1)) + 1.0)
            * (1 + 2.0 * self.focus.get(g, 0.0))
            for g, n in df.items()
        }
        self.docs = [_unit({g: _tf(c) * self.idf[g] for g, c in doc.items()}) for doc in docs]

    def scores(self, text: str) -> list[float]:
        """Every trigger's best score over the clauses of a text (0 when nothing is shared)."""
        whole = for_matching(text)
        longest = max(map(len, self.normalized), default=0)
        parts = clauses(text, whole, whole_too=len(whole) <= WHOLE_LENGTH * longest)
        if len(parts) > 1 and self.focus:
            parts = [(c, f * self._informative(c)) for c, f in parts]
        best = [0.0] * self.total
        for part, factor in parts:
            unseen = math.log(self.total + 1) + 1.0
            query = _unit(
                {g: _tf(c) * self.idf.get(g, _kind(g) * unseen) for g, c in features(part).items()}
            )
            for i, doc in enumerate(self.docs):
                cos = min(sum(w * doc.get(g, 0.0) for g, w in query.items()), 1.0)
                ratio = fuzz.ratio(part, self.normalized[i]) / 100.0
                best[i] = max(
                    best[i], 100.0 * factor * (COSINE_WEIGHT * cos + (1 - COSINE_WEIGHT) * ratio)
                )
        return best

    def _informative(self, clause: str) -> float:
        grams = features(clause)
        return 0.3 + 0.7 * sum(self.focus.get(g, 0.0) for g in grams) / max(len(grams), 1)


def _kind(gram: str) -> float:
    contact = any(t in gram for t in (PHONE_TOKEN, WECHAT_TOKEN, EMAIL_TOKEN))
    return (UNIGRAM_WEIGHT if len(gram) == 1 else 1.0) * (2.0 if contact else 1.0)


def _tf(count: int) -> float:
    return 1.0 + math.log(count) if count > 1 else 1.0


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {g: w / norm for g, w in weights.items()}


def _agrees(hits: list[Hit], reference: list[float], limit: int) -> None:
    """The hits are a best-first top-limit of the reference (up to float32 rounding)."""
    assert len(hits) == min(limit, len(reference))
    for hit in hits:
        assert hit.score == pytest.approx(reference[hit.trigger], abs=0.006)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    chosen = {h.trigger for h in hits}
    rest = max((s for i, s in enumerate(reference) if i not in chosen), default=-1.0)
    assert rest <= hits[-1].score + 0.011


def _check_text(index: Index, text: str, limits: tuple[int, ...]) -> None:
    for limit in limits:
        assert index.search_triggers(text, limit) == index.search_triggers(
            text, limit, exhaustive=True
        )


@pytest.mark.parametrize("seed", range(4))
def test_pruned_search_equals_exhaustive_and_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    items, groups = _library(rng, [60, 400, 1500, 3000][seed])
    index = build_index(items, groups=groups)
    reference = Reference([t for _, t in items], groups)
    for text in _queries(rng, 20):
        _check_text(index, text, (1, 5, 30))
        if for_matching(text):
            scores = reference.scores(text)
            for limit in (1, 30):
                _agrees(index.search_triggers(text, limit), scores, limit)
        assert index.search(text, 5) == index.search(text, 5, exhaustive=True)


def test_the_compiled_longest_common_subsequence_equals_rapidfuzz() -> None:
    from replies.kernel import _lcs

    rng = random.Random(5)
    for _ in range(300):
        a, b = _text(rng, ALPHABET[:8]), _text(rng, ALPHABET[:8]) * rng.randint(1, 3)
        codes = np.asarray([ord(c) for c in a + b], dtype=np.int64)
        row = np.zeros(len(b) + 1, dtype=np.int64)
        assert _lcs(codes, 0, len(a), codes, len(a), len(a) + len(b), row) == LCSseq.similarity(
            a, b
        )


def test_a_text_sharing_nothing_scores_every_trigger_zero_in_index_order() -> None:
    index = build_index([("a", "多少钱"), ("b", "在吗"), ("c", "人均价格")])
    assert index.search_triggers("天气", 2) == [Hit(0, 0.0), Hit(1, 0.0)]
    assert index.search_triggers("多少", 3)[1:] == [Hit(1, 0.0), Hit(2, 0.0)]


def _labelled_texts() -> list[str]:
    return labelled_texts()


@pytest.fixture(scope="module")
def bundled() -> Index:
    scripts = load_library().scripts
    return build_index(
        ((s.id, t) for s in scripts for t in s.triggers),
        groups=[s.category for s in scripts for _ in s.triggers],
    )


def test_labelled_inquiries_get_the_exhaustive_hits(bundled: Index) -> None:
    texts = _labelled_texts()
    assert len(texts) >= 900  # the bundled sets at least (999 rows)
    assert sum(len(clauses(t, for_matching(t))) > 1 for t in texts) > 100  # multi-clause
    for text in texts:
        _check_text(bundled, text, (30,))
    for text in texts[::10]:
        _check_text(bundled, text, (1, 80))


def test_labelled_inquiries_get_the_reference_scores_from_the_bundled_library(
    bundled: Index,
) -> None:
    scripts = load_library().scripts
    reference = Reference(bundled.triggers, [s.category for s in scripts for _ in s.triggers])
    for text in _labelled_texts()[::97]:
        if for_matching(text):
            _agrees(bundled.search_triggers(text, 30), reference.scores(text), 30)


def test_groups_filter_equals_filtering_the_exhaustive_result(bundled: Index) -> None:
    rng = random.Random(3)
    category = {s.id: s.category for s in load_library().scripts}
    names = sorted(set(category.values()))
    for text in [*_labelled_texts()[::25], *ODD_TEXTS]:
        chosen = set(rng.sample(names, rng.randint(1, 3)))
        every = bundled.search_triggers(text, len(bundled), exhaustive=True)
        kept = [h for h in every if category[bundled.keys[h.trigger]] in chosen]
        for limit in (1, 30):
            assert bundled.search_triggers(text, limit, groups=chosen) == kept[:limit]
            assert (
                bundled.search_triggers(text, limit, groups=chosen, exhaustive=True) == kept[:limit]
            )
    assert bundled.search_triggers("多少钱", 5, groups=[]) == []
    assert bundled.search_triggers("多少钱", 5, groups=["no such group"]) == []


def test_groups_need_an_index_built_with_groups() -> None:
    with pytest.raises(ValueError, match="without groups"):
        build_index([("a", "多少钱")]).search_triggers("多少钱", groups=["x"])
    with pytest.raises(TypeError, match="collection of group names"):
        build_index([("a", "多少钱")], groups=["x"]).search_triggers("多少钱", groups="x")


def test_search_fills_every_key_it_can() -> None:
    # Many triggers of one key must not crowd out the second key.
    items = [("a", f"多少钱{i}") for i in range(300)] + [("b", "多少钱呢")]
    index = build_index(items)
    assert [key for key, _ in index.search("多少钱", limit=2)] == ["a", "b"]


def test_threads_searching_one_index_get_the_hits_of_one_thread(bundled: Index) -> None:
    # The compiled search runs without the GIL on per-thread work space.
    from concurrent.futures import ThreadPoolExecutor

    texts = _labelled_texts()[::7]
    alone = [bundled.search_triggers(text, 30) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda text: bundled.search_triggers(text, 30), texts * 3))
    assert together == alone * 3
    assert bundled.search_triggers(texts[0], 30) == alone[0]  # work space left as found


def test_best_first_keeps_the_best_with_ties_in_trigger_order() -> None:
    from replies.kernel import best_first

    ids = np.asarray([7, 2, 9, 4, 0, 5], dtype=np.int64)
    scores = np.asarray([55.5, 80.0, 55.5, 80.0, 12.01, 55.5])
    top, kept = best_first(ids, scores, 4, 10)
    assert top.tolist() == [2, 4, 5, 7]
    assert kept.tolist() == [80.0, 80.0, 55.5, 55.5]
    every, _ = best_first(ids, scores, 10, 10)
    assert every.tolist() == [2, 4, 5, 7, 9, 0]


def test_equal_scores_come_in_index_order() -> None:
    index = build_index([("a", "人均多少钱"), ("b", "人均多少钱"), ("c", "多少钱")])
    hits = index.search_triggers("人均多少钱", 3)
    assert [h.trigger for h in hits[:2]] == [0, 1]
    assert hits[0].score == hits[1].score > hits[2].score
