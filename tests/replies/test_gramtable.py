"""Compiled n-gram counting and lookup give what the plain-Python counting gives."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from replies import gramtable
from replies.classifier import CategoryModel, ModelOptions, grams, view_grams, word_bounded_grams
from replies.library import load_library
from replies.starter import starter_examples
from tests.replies.labelled import labelled_texts

ODD = [
    "",
    "a",
    "吗",
    "吗吗吗吗吗",
    "多少 钱  a b",
    "\ue000\ue001电话",
    "𠀀𠀁",
    "\U0010ffff",
    "x" * 400,
]


def _counted(text: str, words: bool) -> Counter[str]:
    points = gramtable.codes(" ".join(text.split()) if words else text)
    keys, counts = gramtable.counted(points, 0, points.size, 3, words)
    return Counter(dict(zip(map(gramtable.decode, keys.tolist()), counts.tolist())))


@pytest.mark.parametrize("text", [*ODD, "你好，有案例吗？VX abc_12"])
def test_counted_grams_are_the_counters(text: str) -> None:
    assert _counted(text, words=False) == grams(text)
    assert _counted(text, words=True) == word_bounded_grams(text)


def test_table_finds_every_gram_and_nothing_else() -> None:
    rng = random.Random(3)
    alphabet = "多少钱价格a1\ue000𠀀\x02\x03 "
    known = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 3))) for _ in range(3000)})
    table = gramtable.GramTable.of(known, range(10, 10 + len(known)))
    assert [table.get(g) for g in known] == list(range(10, 10 + len(known)))
    absent = {"".join(rng.choices(alphabet, k=rng.randint(1, 3))) for _ in range(3000)} - set(known)
    assert absent and {table.get(g) for g in [*absent, "猫"]} == {-1}
    vocabulary = gramtable.Vocabulary(gramtable.keys(known), 5)
    assert dict(vocabulary) == {g: 5 + i for i, g in enumerate(known)} and len(vocabulary) == len(
        known
    )
    with pytest.raises(ValueError, match="one to three"):
        gramtable.keys(["多少钱呀"])


def test_numbered_rows_hold_each_texts_grams_by_first_sight() -> None:
    texts = [*ODD, *labelled_texts()[::40]]
    first, rows, numbers, counts = gramtable.numbered(texts, 3, False)
    vocabulary = list(map(gramtable.decode, first.tolist()))
    assert len(set(vocabulary)) == len(vocabulary)
    for row, text in enumerate(texts):
        mine = rows == row
        got = Counter(
            {vocabulary[n]: c for n, c in zip(numbers[mine].tolist(), counts[mine].tolist())}
        )
        assert got == grams(text)
    assert numbers.max() + 1 == len(vocabulary) and np.all(
        np.diff(np.maximum.accumulate(numbers)) <= 1
    )


@pytest.mark.parametrize("options", [ModelOptions(), ModelOptions(views=("folded", "cues"))])
def test_compiled_read_is_the_plain_python_read(options: ModelOptions) -> None:
    library = load_library()
    texts = [t for s in library.scripts for t in s.triggers]
    labels = [s.category for s in library.scripts for _ in s.triggers]
    texts += [e.text for e in starter_examples()]
    labels += [e.category for e in starter_examples()]
    model = CategoryModel.train(texts, labels, options=options)
    for text in [*labelled_texts()[::7], *ODD, "[哭惹R]", "再吗", "z"]:
        probabilities, overlap = model.read(text)
        counted = view_grams(text, model.views, model.max_n)
        assert np.allclose(probabilities, model._probabilities(*model._vector(counted)), atol=1e-12)
        assert overlap == model._overlap(text, counted), text


def test_four_grams_take_the_plain_python_path() -> None:
    model = CategoryModel.train(["多少钱一位", "有案例吗", "在吗"], ["price", "case", "hello"],
                                options=ModelOptions(max_n=4))  # fmt: skip
    assert "多少钱一" in model.vocabularies[0]
    best, overlap = model.read("多少钱一位呀")
    assert model.categories[int(np.argmax(best))] == "price" and overlap == 2
