"""Score the engine on labelled inquiries: category accuracy and per-field P/R/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from replies.models import LEAD_FIELD_NAMES, Classification, LeadFields

FIELDS = LEAD_FIELD_NAMES


@dataclass(frozen=True)
class LabelledInquiry:
    """One row of an evaluation file."""

    text: str
    category: str
    account: str | None
    fields: Mapping[str, str]  # field name -> expected value as text ("" = empty)


@dataclass
class FieldScore:
    """Counts behind one field's precision and recall."""

    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    @property
    def precision(self) -> float:
        """Share of extracted values that were right (1.0 when nothing was extracted)."""
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled values that were found (1.0 when nothing was labelled)."""
        expected = self.true_pos + self.false_neg
        return self.true_pos / expected if expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Evaluation results over a whole file."""

    total: int = 0
    top1: int = 0
    top3: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted)
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # text, gold, predicted
    # Per row: the best category's score (0-100), whether it was right, whether confident.
    scored: list[tuple[float, bool, bool]] = field(default_factory=list)

    @property
    def top1_accuracy(self) -> float:
        """Share of rows whose best category is the labelled one."""
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_accuracy(self) -> float:
        """Share of rows whose labelled category is among the best three."""
        return self.top3 / self.total if self.total else 0.0

    def split(self, confident: bool) -> tuple[int, int]:
        """Rows and top-1 hits among the confident answers (or among the "not sure" ones)."""
        rows = [hit for _, hit, sure in self.scored if sure == confident]
        return len(rows), sum(rows)

    def calibration_error(self, bins: int = 10) -> float:
        """Expected calibration error of the best score, in points: over equal-width score
        bins, the row-weighted gap between the mean score and 100 x the top-1 accuracy."""
        if not self.scored:
            return 0.0
        totals: dict[int, list[float]] = {}
        for score, hit, _ in self.scored:
            cell = totals.setdefault(min(int(score * bins / 100), bins - 1), [0.0, 0.0, 0.0])
            cell[0] += 1
            cell[1] += score
            cell[2] += 100.0 * hit
        return sum(abs(s - h) for _, s, h in totals.values()) / len(self.scored)


def evaluate(
    rows: Iterable[LabelledInquiry],
    classify: Callable[[str, str | None], Classification],
    extract: Callable[[str], LeadFields],
) -> Report:
    """Run classify and extract over every row and count hits."""
    report = Report()
    for row in rows:
        result = classify(row.text, row.account)
        ranked = [m.category for m in result.matches] or [""]  # "": not placed at all
        report.total += 1
        report.top1 += ranked[0] == row.category
        report.top3 += row.category in ranked[:3]
        report.confusion[(row.category, ranked[0])] += 1
        best = result.best.score if result.best else 0.0
        report.scored.append((best, ranked[0] == row.category, result.confident))
        if ranked[0] != row.category:
            report.misses.append((row.text, row.category, ranked[0]))
        _score_fields(report.fields, row.fields, extract(row.text))
    return report


def _score_fields(scores: dict[str, FieldScore], gold: Mapping[str, str], got: LeadFields) -> None:
    values = got.as_dict()
    for name in FIELDS:
        expected = (gold.get(name) or "").strip()
        actual = "" if values[name] is None else str(values[name])
        score = scores[name]
        if expected and actual == expected:
            score.true_pos += 1
        else:
            score.false_pos += bool(actual)
            score.false_neg += bool(expected)
