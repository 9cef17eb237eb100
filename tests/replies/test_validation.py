"""Cross-validation, leave-one-file-out and prequential scoring on sets with known answers."""

from collections import Counter

import pytest

from replies.evaluation import LabelledInquiry
from replies.validation import cross_validate, folds, leave_one_file_out, prequential, score


def row(text: str, category: str) -> LabelledInquiry:
    return LabelledInquiry(text, category, None, {})


def memoriser(train):
    """A trainer that knows exactly the texts it was trained on, else guesses 'a'."""
    known = {r.text: r.category for r in train}
    return lambda text, account: [known.get(text, "a"), "b", "c"]


ROWS = [row(f"a{n}", "a") for n in range(6)] + [row(f"b{n}", "b") for n in range(4)]


def test_folds_are_stratified_and_cover_every_row_once() -> None:
    parts = folds(ROWS, 2, key=str)
    assert sorted(n for part in parts for n in part) == list(range(len(ROWS)))
    for part in parts:
        assert Counter(ROWS[n].category for n in part) == {"a": 3, "b": 2}


def test_equal_keys_stay_in_one_fold() -> None:
    rows = [row("在吗", "a"), row("在吗!", "a"), row("x", "a"), row("y", "a")]
    parts = folds(rows, 2, key=lambda t: t.rstrip("!"))
    assert any({0, 1} <= set(part) for part in parts)


def test_folds_need_two() -> None:
    with pytest.raises(ValueError):
        folds(ROWS, 1, key=str)


def test_cross_validation_never_trains_on_the_held_out_fold() -> None:
    # A memoriser only scores what it saw: held-out "b" rows are all missed, "a" rows hit
    # because it guesses "a"; so top-1 is exactly 6/10 and top-3 (a, b, c) is 10/10.
    summary = cross_validate(ROWS, memoriser, 2, key=str)
    assert (summary.pooled.top1, summary.pooled.top3, summary.pooled.total) == (6, 10, 10)
    assert summary.top1_mean == pytest.approx(0.6) and summary.top1_spread == 0.0


def test_duplicates_across_folds_would_flatter() -> None:
    twice = [*ROWS, *(row(r.text, r.category) for r in ROWS if r.category == "b")]
    assert cross_validate(twice, memoriser, 2, key=str).pooled.top1 == 6


def test_leave_one_file_out_scores_each_file_with_the_others_only() -> None:
    files = {"one": [row("x", "b"), row("y", "a")], "two": [row("x", "b"), row("z", "b")]}
    summary = leave_one_file_out(files, memoriser)
    assert [p.top1 for p in summary.parts] == [2, 1]


def test_prequential_learns_each_miss_before_the_next_row() -> None:
    known: dict[str, str] = {}
    rows = [row("x", "b"), row("y", "b"), row("x", "b"), row("y", "b")]
    first, second = prequential(
        rows,
        lambda text, account: [known.get(text, "a")],
        lambda r: known.__setitem__(r.text, r.category),
    )
    assert (first.top1, first.total, second.top1, second.total) == (0, 2, 2, 2)


def test_score_counts_an_unplaced_inquiry_as_a_miss() -> None:
    result = score([row("x", "a")], lambda text, account: [])
    assert (result.top1, result.top3) == (0, 0)
