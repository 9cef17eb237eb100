"""The summary chart: a PNG whose Chinese labels the found CJK font covers glyph by glyph."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import matplotlib
from matplotlib.ft2font import FT2Font

from bot import chart
from bot.texts import text as t
from storage.summaries import DayCount

DAY_TO = date(2026, 11, 30)
DAY_FROM = DAY_TO - timedelta(days=29)
DAYS = [DayCount(DAY_FROM + timedelta(days=n), "TJ", n % 5, n % 2) for n in range(30)]


def test_the_chart_is_written_with_a_cjk_font_covering_every_label(tmp_path) -> None:
    drawn = chart.render(
        DAYS, day_from=DAY_FROM, day_to=DAY_TO, locale="zh", title=t("zh", "chart.title")
    )
    assert drawn.warning is None and drawn.font is not None, "install fonts-noto-cjk"
    path = tmp_path / "chart.png"
    path.write_bytes(drawn.png)
    assert path.stat().st_size > 10_000 and drawn.png.startswith(b"\x89PNG")
    font = FT2Font(str(drawn.font.path))
    characters = {ch for label in drawn.labels for ch in label if not ch.isascii()}
    assert {"线", "索", "咨", "询"} <= characters
    missing = sorted(ch for ch in characters if font.get_char_index(ord(ch)) == 0)
    assert missing == []
    # The glyph check can fail: matplotlib's own Latin font has no 线.
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert chart.covers(dejavu, "Leads") and not chart.covers(dejavu, "线")


def test_without_a_cjk_font_the_chart_still_renders_and_says_why(monkeypatch) -> None:
    monkeypatch.setattr(chart, "find_cjk_font", lambda: None)
    drawn = chart.render([], day_from=DAY_FROM, day_to=DAY_TO, locale="en", title="empty")
    assert drawn.png.startswith(b"\x89PNG") and drawn.font is None
    assert drawn.warning == t("en", "chart.no_font")
