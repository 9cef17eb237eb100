"""Honest figures: stratified, grouped K-fold, leave-one-file-out and prequential scoring.

Every function here is generic over a *trainer*: a callable that takes the training
rows and returns a *ranker*, which maps (text, account) to categories best first.
The engine and any baseline are measured through the same code on the same rows.
"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from replies.evaluation import LabelledInquiry

Ranker = Callable[[str, str | None], Sequence[str]]
Trainer = Callable[[Sequence[LabelledInquiry]], Ranker]
Learner = Callable[[LabelledInquiry], None]


@dataclass(frozen=True, slots=True)
class Score:
    """Top-1 and top-3 hits over some rows."""

    total: int
    top1: int
    top3: int

    @property
    def top1_accuracy(self) -> float:
        """Share of rows whose best category is the labelled one."""
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_accuracy(self) -> float:
        """Share of rows whose labelled category is among the best three."""
        return self.top3 / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    """Scores of several held-out parts (folds or files), with their mean and spread."""

    parts: tuple[Score, ...]

    @property
    def top1_mean(self) -> float:
        """Mean top-1 accuracy over the parts."""
        return statistics.fmean(p.top1_accuracy for p in self.parts)

    @property
    def top1_spread(self) -> float:
        """Sample standard deviation of the parts' top-1 accuracy (0 for one part)."""
        values = [p.top1_accuracy for p in self.parts]
        return statistics.stdev(values) if len(values) > 1 else 0.0

    @property
    def top3_mean(self) -> float:
        """Mean top-3 accuracy over the parts."""
        return statistics.fmean(p.top3_accuracy for p in self.parts)

    @property
    def pooled(self) -> Score:
        """All parts' hits added up."""
        return Score(*(sum(getattr(p, f) for p in self.parts) for f in ("total", "top1", "top3")))


def score(rows: Sequence[LabelledInquiry], ranker: Ranker) -> Score:
    """Count top-1 and top-3 hits of a ranker over rows."""
    top1 = top3 = 0
    for row in rows:
        ranked = list(ranker(row.text, row.account))[:3]
        top1 += bool(ranked) and ranked[0] == row.category
        top3 += row.category in ranked
    return Score(len(rows), top1, top3)


def folds(
    rows: Sequence[LabelledInquiry], k: int, *, key: Callable[[str], str], seed: int = 0
) -> list[list[int]]:
    """Row positions of K folds, stratified by category; rows with one ``key`` share a fold.

    Groups (rows with the same key, e.g. the same normalised text) are dealt category by
    category, in a seeded random order, each to the fold holding the fewest rows of that
    category so far (then the fewest rows), so every fold gets its share of each category.
    """
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    groups: dict[str, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        groups[key(row.text)].append(position)
    by_category: dict[str, list[list[int]]] = defaultdict(list)
    for members in groups.values():
        by_category[rows[members[0]].category].append(members)
    shuffle = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    for category in sorted(by_category):
        dealt = [0] * k
        members_list = by_category[category]
        shuffle.shuffle(members_list)
        for members in sorted(members_list, key=len, reverse=True):
            target = min(range(k), key=lambda f: (dealt[f], len(out[f]), f))
            dealt[target] += len(members)
            out[target].extend(members)
    return [sorted(fold) for fold in out]


def cross_validate(
    rows: Sequence[LabelledInquiry],
    trainer: Trainer,
    k: int,
    *,
    key: Callable[[str], str],
    seed: int = 0,
) -> Summary:
    """Train on K-1 folds, score the held-out one, for each fold in turn."""
    parts = []
    for held in folds(rows, k, key=key, seed=seed):
        held_set = set(held)
        train = [row for n, row in enumerate(rows) if n not in held_set]
        parts.append(score([rows[n] for n in held], trainer(train)))
    return Summary(tuple(parts))


def leave_one_file_out(files: Mapping[str, Sequence[LabelledInquiry]], trainer: Trainer) -> Summary:
    """Train on every other file, score the one left out, for each file in turn."""
    parts = []
    for name, rows in files.items():
        train = [row for other, others in files.items() if other != name for row in others]
        parts.append(score(rows, trainer(train)))
    return Summary(tuple(parts))


def prequential(
    rows: Sequence[LabelledInquiry], ranker: Ranker, learn: Learner
) -> tuple[Score, Score]:
    """Score rows in order, teaching each miss right after it; (first half, second half)."""
    hits: list[tuple[bool, bool]] = []
    for row in rows:
        ranked = list(ranker(row.text, row.account))[:3]
        top1 = bool(ranked) and ranked[0] == row.category
        hits.append((top1, row.category in ranked))
        if not top1:
            learn(row)
    half = len(hits) // 2
    return _count(hits[:half]), _count(hits[half:])


def _count(hits: list[tuple[bool, bool]]) -> Score:
    return Score(len(hits), sum(a for a, _ in hits), sum(b for _, b in hits))
