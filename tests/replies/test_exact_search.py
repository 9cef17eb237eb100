"""Index.search returns the exact top-k of its own scoring (pruning only by a bound)."""

from __future__ import annotations

import random

import pytest

from replies.matching import build_index

ALPHABET = "多少钱价格人均团建在吗有案例方案北京上海预算几天公司年会活动微信电话好的"


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14)))


@pytest.mark.parametrize("seed", range(6))
def test_pruned_search_equals_exhaustive_scoring(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice([50, 400, 1500])
    items = [(f"k{rng.randrange(size // 3 + 1)}", _text(rng)) for _ in range(size)]
    groups = [rng.choice("abcd") for _ in items]
    index = build_index(items, groups=groups)
    for _ in range(25):
        query = _text(rng) + rng.choice(["", "，", "？多少钱，", "。预算"]) + _text(rng)
        for limit in (1, 5, 30):
            assert index.search_triggers(query, limit) == index.search_triggers(
                query, limit, exhaustive=True
            )
        assert index.search(query, 5) == index.search(query, 5, exhaustive=True)


def test_search_fills_every_key_it_can() -> None:
    # Many triggers of one key must not crowd out the second key.
    items = [("a", f"多少钱{i}") for i in range(300)] + [("b", "多少钱呢")]
    index = build_index(items)
    assert [key for key, _ in index.search("多少钱", limit=2)] == ["a", "b"]
