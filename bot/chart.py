"""The summary chart: 30 days of inquiries and leads per account, as a PNG.

matplotlib loads only when a chart is drawn (start-up time matters); figures are made
without pyplot, so they render with Agg and need no display. Chinese labels need a CJK
font: found at run time in matplotlib's font list or at the paths Debian's packages use
(`make install` adds fonts-noto-cjk when root, as in CI); with none, the chart is drawn
anyway and the warning says why.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from bot.texts import text as t
from storage.summaries import DayCount

logger = logging.getLogger(__name__)

# Family names in order of preference; the first that covers PROBE wins.
FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Noto Serif CJK SC", "Droid Sans Fallback", "SimHei",
    "Microsoft YaHei", "PingFang SC",
)  # fmt: skip
KNOWN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
PROBE = "咨询线索账号近天"
FALLBACK = "DejaVu Sans"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class CjkFont:
    """A font file that has a glyph for every probed Chinese character, and its family."""

    path: Path
    family: str


@dataclass(frozen=True)
class Chart:
    """A rendered chart, the labels drawn on it, the font used and any warning."""

    png: bytes
    labels: tuple[str, ...]
    font: CjkFont | None
    warning: str | None


def covers(path: Path | str, characters: str) -> bool:
    """Whether the font file has a glyph (a non-zero glyph index) for every character."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in characters if not ch.isspace())


@cache
def find_cjk_font() -> CjkFont | None:
    """A CJK font matplotlib can use: its font list first, then the known install paths."""
    from matplotlib import font_manager

    entries: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:  # regular weight first, then any
        if entry.weight in (400, "normal", "regular") or entry.name not in entries:
            entries.setdefault(entry.name, entry.fname)
            if entry.weight in (400, "normal", "regular"):
                entries[entry.name] = entry.fname
    for family in FAMILIES:
        if family in entries and covers(entries[family], PROBE):
            return CjkFont(Path(entries[family]), family)
    for known in KNOWN_PATHS:
        if Path(known).is_file() and covers(known, PROBE):
            font_manager.fontManager.addfont(known)  # a font installed after the cache
            return CjkFont(Path(known), font_manager.FontProperties(fname=known).get_name())
    return None


def render(
    days: Sequence[DayCount], *, day_from: date, day_to: date, locale: str, title: str
) -> Chart:
    """Two panels, inquiries and leads per day, one line per account; empty days are 0."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    font = find_cjk_font()
    warning = None if font else t(locale, "chart.no_font")
    if warning:
        logger.warning("summary chart: %s", warning)
    families = [font.family, FALLBACK] if font else [FALLBACK]
    labels = (title, t(locale, "chart.inquiries"), t(locale, "chart.leads"))
    # rcParams are global: one chart at a time (use cases run in worker threads).
    with _LOCK, rc_context({"font.family": families, "axes.unicode_minus": False}):
        figure = Figure(figsize=(9, 5.5), dpi=100)  # no pyplot: no global figure registry
        axes = figure.subplots(2, 1, sharex=True)
        _draw(figure, axes, days, day_from, day_to, labels, t(locale, "chart.empty"))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return Chart(buffer.getvalue(), (*labels, t(locale, "chart.empty")), font, warning)


def _draw(
    figure: Any, axes: Any, days: Sequence[DayCount], day_from: date, day_to: date,
    labels: tuple[str, str, str], empty: str,
) -> None:  # fmt: skip
    from matplotlib.dates import DateFormatter
    from matplotlib.ticker import MaxNLocator

    span = [day_from + timedelta(days=n) for n in range((day_to - day_from).days + 1)]
    accounts = sorted({count.account for count in days})
    found = {(count.day, count.account): count for count in days}
    for axis, label, attribute in zip(axes, labels[1:], ("inquiries", "leads")):
        for account in accounts:
            values = [getattr(found.get((day, account)), attribute, 0) for day in span]
            axis.plot(span, values, marker=".", label=account)
        axis.set_ylabel(label)
        axis.set_ylim(bottom=0)
        axis.yaxis.set_major_locator(MaxNLocator(integer=True))
        axis.grid(alpha=0.3)
        if accounts:
            axis.legend(loc="upper left", fontsize="small")
    if not accounts:
        axes[0].text(0.5, 0.5, empty, transform=axes[0].transAxes, ha="center", va="center")
    axes[-1].set_xlim(span[0], span[-1])
    axes[-1].xaxis.set_major_formatter(DateFormatter("%m-%d"))
    figure.suptitle(labels[0])
    figure.autofmt_xdate()
    figure.tight_layout()
