"""A summary as text in the user's language: figures, ▲/▼ against each baseline, digest."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import time

from bot.desk.digest import Digest, ScriptConversion
from bot.desk.summaries import Figures, Report, Summary
from bot.texts import labelled
from bot.texts import text as t
from replies.categories import category_label

logger = logging.getLogger(__name__)

Baselines = tuple[tuple[str, Figures], ...]


def summary_text(found: Summary, locale: str) -> str:
    """The whole summary as plain text (no markup), one figure per line."""
    lines = [_title(found, locale)]
    if found.account:
        lines.append(t(locale, "summary.account", account=found.account))
    if found.current.empty:
        lines.append(t(locale, "summary.empty"))
    lines.append(t(locale, "summary.versus", names=_names(found.baselines, locale)))
    lines += _totals(found.current, found.baselines, locale)
    if not found.current.empty:
        lines += _groups(found.current, found.baselines, locale)
    if found.digest is not None:
        lines += digest_lines(found.digest, locale)
    return "\n".join(lines)


def render_report(found: Summary, locale: str) -> Report:
    """The text and the chart; a chart that fails to draw is logged and left out."""
    from bot import chart

    try:
        drawn = chart.render(
            found.days, day_from=found.chart_from, day_to=found.period.last_day,
            locale=locale, title=t(locale, "chart.title"),
        )  # fmt: skip
        png: bytes | None = drawn.png
    except Exception:  # the text still goes out; the log says why the picture did not
        logger.exception("summary chart for %s failed", found.period.key)
        png = None
    return Report(summary_text(found, locale), png)


def number(value: float) -> str:
    """A count as a whole number, an average with one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def percent(part: float, whole: float) -> str:
    """part/whole as a percentage, '—' when whole is 0."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


def change(current: float, base: float, unit: str = "") -> str:
    """▲ or ▼ with the difference, '=' when equal."""
    diff = current - base
    if abs(diff) < 0.05:
        return "="
    return f"{'▲' if diff > 0 else '▼'}{number(round(abs(diff), 1))}{unit}"


def _title(found: Summary, locale: str) -> str:
    period = found.period
    return t(
        locale, f"summary.title.{period.kind}", name=period.key,
        start=period.start.strftime("%m-%d"), last=period.last_day.strftime("%m-%d"),
        until="24:00" if period.end.time() == time.min else period.end.strftime("%H:%M"),
    )  # fmt: skip


def _names(baselines: Baselines, locale: str) -> str:
    return " / ".join(t(locale, f"summary.vs.{name}") for name, _ in baselines)


def _ratio(figures: Figures, part: str, whole: str | tuple[str, ...]) -> float | None:
    names = (whole,) if isinstance(whole, str) else whole
    total = sum(figures.totals[name] for name in names)
    return 100 * figures.totals[part] / total if total else None


def _totals(current: Figures, baselines: Baselines, locale: str) -> list[str]:
    c = current.totals
    lines = []
    for key in ("inquiries", "unmatched", "leads", "won", "won_value"):
        changes = " ".join(change(c[key], base.totals[key]) for _, base in baselines)
        lines.append(t(locale, f"summary.{key}", value=number(c[key]), changes=changes))
    rates = (
        ("precision", "valid", ("valid", "invalid"), _pick(c, valid="valid", invalid="invalid")),
        ("use", "used", "inquiries", _pick(c, used="used", inquiries="inquiries")),
        ("hook", "hooked_leads", "hooked", _pick(c, leads="hooked_leads", hooked="hooked")),
    )  # fmt: skip
    for key, part, whole, values in rates:
        now = _ratio(current, part, whole)
        changes = " ".join(_rate_change(now, _ratio(base, part, whole)) for _, base in baselines)
        shown = {name: number(value) for name, value in values.items()}
        pct = "—" if now is None else f"{now:.1f}%"
        lines.append(t(locale, f"summary.{key}", pct=pct, changes=changes, **shown))
    return lines


def _pick(totals: Mapping[str, float], **names: str) -> dict[str, float]:
    return {shown: totals[name] for shown, name in names.items()}


def _rate_change(now: float | None, base: float | None) -> str:
    return "—" if now is None or base is None else change(now, base, "pp")


def _groups(current: Figures, baselines: Baselines, locale: str) -> list[str]:
    lines: list[str] = []
    for name in ("account", "operator"):
        lines.append(t(locale, f"summary.by_{name}"))
        inquiries, leads = f"inquiries_by_{name}", f"leads_by_{name}"
        keys = sorted(set(current.groups[inquiries]) | set(current.groups[leads]))
        for key in keys:
            parts = [_cell(current, baselines, group, key) for group in (inquiries, leads)]
            lines.append(
                "  "
                + labelled(locale, key or t(locale, "summary.nobody"), f"{parts[0]} / {parts[1]}")
            )
    for name in ("category", "city"):
        group = current.groups[f"leads_by_{name}"]
        if not group:
            continue
        lines.append(t(locale, f"summary.by_{name}"))
        for key, _ in sorted(group.items(), key=lambda item: (-item[1], item[0])):
            label = _label(name, key, locale)
            lines.append(
                "  " + labelled(locale, label, _cell(current, baselines, f"leads_by_{name}", key))
            )
    return lines


def _cell(current: Figures, baselines: Baselines, group: str, key: str) -> str:
    value = current.groups[group].get(key, 0)
    changes = " ".join(change(value, base.groups[group].get(key, 0)) for _, base in baselines)
    return f"{number(value)} ({changes})"


def _label(kind: str, key: str, locale: str) -> str:
    if not key:
        return t(locale, "summary.unknown")
    return category_label(key, locale) if kind == "category" else key


def digest_lines(digest: Digest, locale: str) -> list[str]:
    """Top questions, what matched nothing, the best and worst converting scripts."""
    lines = [t(locale, "summary.digest.top")]
    for script, category, count in digest.top:
        label = category_label(category, locale) if category else t(locale, "summary.unknown")
        lines.append(t(locale, "summary.digest.top_row", script=script, category=label, n=count))
    if not digest.top:
        lines.append(t(locale, "summary.digest.none"))
    lines.append(t(locale, "summary.digest.unmatched", n=digest.unmatched))
    lines += [f"  · {example}" for example in digest.unmatched_examples]
    for name, rows in (("best", digest.best), ("worst", digest.worst)):
        lines.append(t(locale, f"summary.digest.{name}"))
        lines += [_conversion(row, locale) for row in rows] or [t(locale, "summary.digest.few")]
    return lines


def _conversion(row: ScriptConversion, locale: str) -> str:
    pct = percent(row.leads, row.uses)
    return t(
        locale, "summary.digest.row", script=row.script_id, leads=row.leads, uses=row.uses, pct=pct
    )
