"""Read a labelled TSV file and print the engine's scores on it (`replydesk eval`)."""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path

from bot.errors import DeskError
from replies.engine import Engine
from replies.evaluation import FIELDS, LabelledInquiry, Report, evaluate
from replies.extract import extract

REQUIRED = ("text", "category")


class EvalFileError(DeskError):
    """A labelled file cannot be used: unreadable, not UTF-8, or a bad line (named).

    The message (English, for logs and `eval`) and the code with its values (file, line,
    ...; bot/texts.py makes the sentence in the user's language) say the same.
    """


def read_rows(path: Path, categories: Collection[str] | None = None) -> list[LabelledInquiry]:
    """Parse the TSV (header row; columns as in shared/eval/README.md); refuse it whole if bad.

    With ``categories``, a row labelled with any other category is refused; a row whose
    text and account repeat an earlier row's is refused too (it would count twice).
    """
    lines = _decode(path).splitlines()
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        message = f"missing column {missing[0]!r} in the header row"
        raise _bad(path, 1, "missing_column", message, column=missing[0])
    rows: list[LabelledInquiry] = []
    seen: dict[tuple[str, str | None], int] = {}
    for number, row in enumerate(reader, start=2):
        found = _row(path, number, row, categories)
        first = seen.setdefault((found.text.strip(), found.account), number)
        if first != number:
            raise _bad(path, number, "duplicate", f"duplicate of line {first}", first=first)
        rows.append(found)
    return rows


def _bad(path: Path, line: int, reason: str, message: str, **values: object) -> EvalFileError:
    """The error for line ``line`` of the file: English message, code labelled_<reason>."""
    return EvalFileError(
        f"{path}: line {line}: {message}", f"labelled_{reason}", file=path, line=line, **values
    )


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvalFileError(
            f"{path}: cannot read: {exc.strerror or exc}", "labelled_unreadable", file=path
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it looks like GBK: save it as UTF-8)"
        except UnicodeDecodeError:
            pass
        raise _bad(path, line, "gbk" if hint else "not_utf8", f"not valid UTF-8{hint}") from exc


def _row(
    path: Path, number: int, row: dict[str, str | None], categories: Collection[str] | None
) -> LabelledInquiry:
    text = row.get("text") or ""
    category = (row.get("category") or "").strip()
    if not text.strip():
        raise _bad(path, number, "empty_text", "empty text")
    if not category:
        raise _bad(path, number, "empty_category", "empty category")
    if categories is not None and category not in categories:
        raise _bad(
            path, number, "unknown_category", f"unknown category {category!r}",
            value=category, allowed=", ".join(categories),
        )  # fmt: skip
    return LabelledInquiry(
        text=text,
        category=category,
        account=(row.get("account") or "").strip().upper() or None,
        fields={f: row.get(f) or "" for f in FIELDS},
    )


def run(engine: Engine, rows: list[LabelledInquiry], *, show_misses: bool = False) -> str:
    """Evaluate and format the report."""
    report = evaluate(
        rows,
        lambda text, account: engine.classify(text, account=account),
        extract,
    )
    return format_report(report, show_misses=show_misses)


def _confidence_lines(report: Report) -> list[str]:
    """How the score's threshold splits the rows, and how far the score is from accuracy."""
    if not report.scored:
        return []
    sure, sure_hits = report.split(True)
    unsure, unsure_hits = report.split(False)
    mean = sum(score for score, _, _ in report.scored) / len(report.scored)

    def share(hits: int, rows: int) -> str:
        return f"{hits / rows:.1%}" if rows else "-"

    return [
        f"confident: {sure} rows, top-1 {share(sure_hits, sure)};"
        f" not sure: {unsure} rows, top-1 {share(unsure_hits, unsure)}",
        f"calibration: mean best score {mean:.1f} against top-1 {report.top1_accuracy:.1%};"
        f" expected calibration error {report.calibration_error():.1f} points (10 bins)",
    ]


def format_report(report: Report, *, show_misses: bool = False) -> str:
    """Accuracy, per-field precision/recall/F1 and the confusion table as text."""
    lines = [
        f"rows: {report.total}",
        f"top-1 accuracy: {report.top1_accuracy:.1%} ({report.top1}/{report.total})",
        f"top-3 accuracy: {report.top3_accuracy:.1%} ({report.top3}/{report.total})",
        *_confidence_lines(report),
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
