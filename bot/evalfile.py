"""Read a labelled TSV file and print the engine's scores on it (`replydesk eval`)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import DeskError
from bot.format import display_width, pad
from bot.texts import text as t
from replies.categories import category_label
from replies.evaluation import FIELDS, LabelledInquiry, Report, evaluate
from replies.extract import extract, mask_phones

if TYPE_CHECKING:
    from replies.engine import Engine

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


def run(
    engine: Engine, rows: list[LabelledInquiry], locale: str = "zh", *, show_misses: bool = False
) -> str:
    """Evaluate and format the report in the locale."""
    report = evaluate(
        rows,
        lambda text, account: engine.classify(text, account=account),
        extract,
    )
    return format_report(report, locale, engine.library.label, show_misses=show_misses)


def share(hits: int, rows: int) -> str:
    """``hits`` of ``rows`` as a percentage with one decimal ("-" of none)."""
    return f"{hits / rows:.1%}" if rows else "-"


def _confidence_lines(report: Report, locale: str) -> list[str]:
    """How the score's threshold splits the rows, and how far the score is from accuracy."""
    if not report.scored:
        return []
    sure, sure_hits = report.split(True)
    unsure, unsure_hits = report.split(False)
    mean = sum(score for score, _, _ in report.scored) / len(report.scored)
    return [
        t(locale, "report.confidence", sure=sure, sure_share=share(sure_hits, sure),
          unsure=unsure, unsure_share=share(unsure_hits, unsure)),
        t(locale, "report.calibration", mean=f"{mean:.1f}", share=f"{report.top1_accuracy:.1%}",
          error=f"{report.calibration_error():.1f}"),
    ]  # fmt: skip


def format_report(
    report: Report,
    locale: str = "zh",
    label: Callable[[str, str], str] = category_label,
    *,
    show_misses: bool = False,
) -> str:
    """Accuracy, per-field precision/recall/F1 and the confusion table as text.

    ``label(category, locale)`` names a category (the library's labels, custom ones too).
    """
    lines = [
        t(locale, "report.rows", n=report.total),
        t(locale, "report.top1", share=share(report.top1, report.total), hits=report.top1,
          total=report.total),
        t(locale, "report.top3", share=share(report.top3, report.total), hits=report.top3,
          total=report.total),
        *_confidence_lines(report, locale),
        "",
    ]  # fmt: skip
    table = [[t(locale, f"report.col.{c}") for c in COLUMNS]]
    for name, f in report.fields.items():
        table.append([
            t(locale, f"field.{name}"), f"{f.precision:.3f}", f"{f.recall:.3f}", f"{f.f1:.3f}",
            str(f.true_pos), str(f.false_pos), str(f.false_neg),
        ])  # fmt: skip
    lines += aligned(table)
    lines += ["", t(locale, "report.confusion")]
    off = [(pair, n) for pair, n in report.confusion.most_common() if pair[0] != pair[1]]
    names = [(label(gold, locale), label(pred, locale), n) for (gold, pred), n in off]
    width = max((display_width(name) for row in names for name in row[:2]), default=0)
    lines += [f"  {pad(g, width)} → {pad(p, width)} {n}" for g, p, n in names] or [
        t(locale, "report.none")
    ]
    if show_misses:
        lines += ["", t(locale, "report.misses")]
        lines += [
            t(locale, "report.miss", gold=label(gold, locale), predicted=label(pred, locale),
              text=mask_phones(text))
            for text, gold, pred in report.misses
        ]  # fmt: skip
    return "\n".join(lines)


COLUMNS = ("field", "precision", "recall", "f1", "tp", "fp", "fn")


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows as lines of columns two spaces apart: the first left-aligned, the others right."""
    widths = [max(display_width(row[c]) for row in rows) for c in range(len(rows[0]))]
    return [
        "  ".join(pad(cell, w, right=c > 0) for c, (cell, w) in enumerate(zip(row, widths)))
        for row in rows
    ]
