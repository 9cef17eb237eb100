"""The conversion report as text lines, for `replydesk scripts stats` and `/scriptstats`."""

from __future__ import annotations

from bot.desk.script_stats import Line, ScriptStats
from bot.texts import text as t
from replies.categories import category_label

SHOWN_IDLE = 20


def percent(line: Line) -> str:
    """Conversion as a whole percentage ("-" when never used)."""
    return "-" if line.conversion is None else f"{100 * line.conversion:.0f}%"


def summary(locale: str, report: ScriptStats, scope: str = "") -> list[str]:
    """Heading, how attribution works, best and worst per category, idle scripts."""
    lines = [t(locale, "stats.title", days=report.days, scope=scope)]
    lines.append(t(locale, "stats.attribution", unattributed=report.unattributed))
    if not report.best:
        lines.append(t(locale, "stats.nothing_used"))
    for category, best in sorted(report.best.items()):
        label = category_label(category, locale) if category else "-"
        lines.append(t(locale, "stats.best", category=label, **_values(best)))
        if worst := report.worst.get(category):
            lines.append(t(locale, "stats.worst", **_values(worst)))
    if report.idle:
        shown = ", ".join(report.idle[:SHOWN_IDLE])
        more = len(report.idle) - SHOWN_IDLE
        shown += t(locale, "stats.more", n=more) if more > 0 else ""
        lines.append(t(locale, "stats.idle", n=len(report.idle), ids=shown))
    return lines


def _values(line: Line) -> dict[str, object]:
    return {"id": line.script_id, "rate": percent(line), "used": line.used, "leads": line.leads}


def tables(locale: str, report: ScriptStats) -> list[str]:
    """Tab-separated rows per script, per hook and per account (a header line for each)."""
    out: list[str] = []
    for key, lines in (
        ("stats.by_script", report.scripts),
        ("stats.by_hook", report.hooks),
        ("stats.by_account", report.accounts),
    ):
        out += ["", t(locale, key), t(locale, "stats.columns")]
        out += ["\t".join(_row(line)) for line in lines]
    return out


def _row(line: Line) -> list[str]:
    counts = (line.suggested, line.used, line.leads)
    return [line.script_id, line.detail or "-", *map(str, counts), percent(line),
            str(line.won), str(line.won_value)]  # fmt: skip
