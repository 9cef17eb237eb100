"""Read a labelled TSV file and print the engine's scores on it (`replydesk eval`)."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.errors import DeskError
from replies.engine import Engine
from replies.evaluation import FIELDS, LabelledInquiry, Report, evaluate
from replies.extract import extract

REQUIRED = ("text", "category")


class EvalFileError(DeskError):
    """The evaluation file is missing or lacks a required column."""


def read_rows(path: Path) -> list[LabelledInquiry]:
    """Parse the TSV (header row; columns as in shared/eval/README.md)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise EvalFileError(f"{path}: missing column {missing[0]!r} in the header row")
            rows = []
            for number, row in enumerate(reader, start=2):
                if not (row.get("text") or "").strip():
                    raise EvalFileError(f"{path}: line {number}: empty text")
                rows.append(
                    LabelledInquiry(
                        text=row["text"],
                        category=row["category"].strip(),
                        account=(row.get("account") or "").strip() or None,
                        fields={f: row.get(f) or "" for f in FIELDS},
                    )
                )
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read: {exc}") from exc
    return rows


def run(engine: Engine, rows: list[LabelledInquiry], *, show_misses: bool = False) -> str:
    """Evaluate and format the report."""
    report = evaluate(
        rows,
        lambda text, account: engine.classify(text, account=account),
        extract,
    )
    return format_report(report, show_misses=show_misses)


def format_report(report: Report, *, show_misses: bool = False) -> str:
    """Accuracy, per-field precision/recall/F1 and the confusion table as text."""
    lines = [
        f"rows: {report.total}",
        f"top-1 accuracy: {report.top1_accuracy:.1%} ({report.top1}/{report.total})",
        f"top-3 accuracy: {report.top3_accuracy:.1%} ({report.top3}/{report.total})",
        "",
        f"{'field':<16}{'precision':>10}{'recall':>8}{'f1':>7}{'tp':>5}{'fp':>4}{'fn':>4}",
    ]
    for name, s in report.fields.items():
        lines.append(
            f"{name:<16}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            f"{s.true_pos:>5}{s.false_pos:>4}{s.false_neg:>4}"
        )
    lines += ["", "confusion (gold -> predicted, off-diagonal only):"]
    off = [(pair, n) for pair, n in report.confusion.most_common() if pair[0] != pair[1]]
    lines += [f"  {gold:<16} -> {pred:<16} {n}" for (gold, pred), n in off] or ["  (none)"]
    if show_misses:
        lines += ["", "misses:"]
        lines += [f"  [{gold} -> {pred}] {text}" for text, gold, pred in report.misses]
    return "\n".join(lines)
