"""Trained models kept on disk: read back equal, named by their data, private, bounded."""

import logging
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from replies.classifier import CategoryModel, ModelOptions
from replies.engine import Engine
from replies.library import load_library
from replies.modelcache import ModelCache, key

TEXTS = ["多少钱", "人均多少", "报价发我", "去哪团建好", "北京周边有什么地方", "在吗", "你好"]
LABELS = ["price", "price", "price", "destination", "destination", "first_inquiry", "first_inquiry"]
WEIGHTS = [1.0] * len(TEXTS)
PROBES = ["多少钱一位", "有什么地方推荐", "在不在", "齉龘", "", "ＶＸ 13912345678 报价"]


class Counting:
    """A training function that counts its calls."""

    def __init__(self, texts=TEXTS, labels=LABELS) -> None:
        self.calls = 0
        self.texts, self.labels = texts, labels

    def __call__(self) -> CategoryModel:
        self.calls += 1
        return CategoryModel.train(self.texts, self.labels)


def same_reads(a: CategoryModel, b: CategoryModel) -> None:
    assert a.categories == b.categories
    for text in PROBES:
        (pa, oa), (pb, ob) = a.read(text), b.read(text)
        assert oa == ob and np.array_equal(pa, pb), text


@pytest.mark.parametrize("options", [ModelOptions(), ModelOptions(max_n=4, views=("chars",))])
def test_arrays_read_back_as_the_same_model(options: ModelOptions) -> None:
    model = CategoryModel.train(TEXTS, LABELS, options=options)
    same_reads(model, CategoryModel.from_arrays(model.arrays()))


def test_inconsistent_arrays_are_refused() -> None:
    arrays = CategoryModel.train(TEXTS, LABELS).arrays()
    with pytest.raises(ValueError, match="weights of shape"):
        CategoryModel.from_arrays({**arrays, "weights": arrays["weights"][1:]})
    with pytest.raises(ValueError, match="unknown feature view"):
        CategoryModel.from_arrays({**arrays, "views": np.asarray(["chars", "words", "cues"])})
    with pytest.raises(KeyError):
        CategoryModel.from_arrays({k: v for k, v in arrays.items() if k != "idf"})


def test_a_second_cache_on_the_folder_reads_instead_of_training(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    first, second = Counting(), Counting()
    trained = ModelCache(folder).model(TEXTS, LABELS, WEIGHTS, ModelOptions(), first)
    read = ModelCache(folder).model(TEXTS, LABELS, WEIGHTS, ModelOptions(), second)
    assert (first.calls, second.calls) == (1, 0)
    same_reads(trained, read)
    (path,) = folder.iterdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_any_change_in_the_training_data_or_options_names_another_file() -> None:
    base = key(TEXTS, LABELS, WEIGHTS, ModelOptions())
    changed = [
        key([*TEXTS[:-1], "你好呀"], LABELS, WEIGHTS, ModelOptions()),
        key(TEXTS, [*LABELS[:-1], "price"], WEIGHTS, ModelOptions()),
        key(TEXTS, LABELS, [*WEIGHTS[:-1], 2.0], ModelOptions()),
        key(TEXTS, LABELS, WEIGHTS, ModelOptions(c=0.5)),
        key(TEXTS[::-1], LABELS[::-1], WEIGHTS, ModelOptions()),
    ]
    assert base == key(list(TEXTS), list(LABELS), list(WEIGHTS), ModelOptions())
    assert len({base, *changed}) == 6


def test_a_damaged_file_is_ignored_and_replaced(tmp_path: Path, caplog) -> None:
    cache = ModelCache(tmp_path)
    cache.model(TEXTS, LABELS, WEIGHTS, ModelOptions(), Counting())
    (path,) = tmp_path.iterdir()
    path.write_bytes(path.read_bytes()[:200])  # cut short, as by a full disk
    again = Counting()
    with caplog.at_level(logging.WARNING, logger="replies.modelcache"):
        model = cache.model(TEXTS, LABELS, WEIGHTS, ModelOptions(), again)
    assert again.calls == 1 and "unreadable model file" in caplog.text
    same_reads(model, cache.model(TEXTS, LABELS, WEIGHTS, ModelOptions(), Counting()))


def test_only_the_most_recently_used_files_stay(tmp_path: Path) -> None:
    cache = ModelCache(tmp_path, keep=2)
    sets = [(TEXTS[:n], LABELS[:n]) for n in (4, 5, 6)]
    for texts, labels in sets[:2]:
        cache.model(texts, labels, WEIGHTS[: len(texts)], ModelOptions(), Counting(texts, labels))
    names = [key(t, labels, WEIGHTS[: len(t)], ModelOptions()) for t, labels in sets]
    oldest = tmp_path / f"{names[0]}.npz"
    stamp = oldest.stat().st_mtime
    os.utime(oldest, (stamp - 120, stamp - 120))  # the first is the least recently used...
    os.utime(tmp_path / f"{names[1]}.npz", (stamp - 60, stamp - 60))
    unused = Counting(*sets[0])
    cache.model(*sets[0], WEIGHTS[:4], ModelOptions(), unused)  # ...until it is read again
    texts, labels = sets[2]
    cache.model(texts, labels, WEIGHTS[:6], ModelOptions(), Counting(texts, labels))
    assert unused.calls == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}.npz" for name in (names[0], names[2])
    )


def test_a_folder_that_cannot_be_written_costs_only_the_training(tmp_path: Path, caplog) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    calls = Counting()
    with caplog.at_level(logging.WARNING, logger="replies.modelcache"):
        model = ModelCache(blocked / "models").model(TEXTS, LABELS, WEIGHTS, ModelOptions(), calls)
    assert calls.calls == 1 and model.categories == tuple(sorted(set(LABELS)))
    assert "could not keep the trained model" in caplog.text


def test_an_engine_with_a_cache_classifies_as_one_without(tmp_path: Path, monkeypatch) -> None:
    library = load_library()
    texts = ["你们团建人均多少钱", "我电话13912345678", "有没有北京周边的场地推荐", "在吗"]
    plain = Engine(library)
    plain.warm(["TJ", "MZ"])
    Engine(library, cache=ModelCache(tmp_path)).warm(["TJ", "MZ"])
    assert len(list(tmp_path.iterdir())) == 2  # one model per account

    def no_training(*args, **kwargs):
        raise AssertionError("trained although a kept model was there")

    monkeypatch.setattr(CategoryModel, "train", no_training)
    cached = Engine(library, cache=ModelCache(tmp_path))
    for text in texts:
        for account in ("TJ", "MZ"):
            a, b = plain.classify(text, account=account), cached.classify(text, account=account)
            assert [(m.category, m.score) for m in a.matches] == [
                (m.category, m.score) for m in b.matches
            ]
