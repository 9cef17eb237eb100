"""`replydesk summary` as a real subprocess on a SQLite file holding a constructed history."""

from __future__ import annotations

from pathlib import Path

from storage.db import make_db, make_session_factory, upgrade
from tests.bot.summary_history import build
from tests.bot.test_cli_leads import make_cli


def test_summary_prints_figures_and_writes_the_chart(tmp_path: Path) -> None:
    engine = make_db(f"sqlite:///{tmp_path / 'x.sqlite'}")
    upgrade(engine)
    build(make_session_factory(engine))
    engine.dispose()
    run = make_cli(tmp_path)
    done = run("summary", "2026-11-30", "--account", "tj", "--png", "chart.png")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["📊 日报 2026-11-30（0:00–24:00）", "账号：TJ"]
    # A whole Monday: 3 inquiries (2 used) against none last Monday and 2/7 a day on average.
    assert "咨询：3（▲3 ▲2.7）" in lines and "线索：0（= ▼0.1）" in lines
    assert "建议采用率：66.7%（2/3；— ▲66.7pp）" in lines
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert "chart.png" in done.stderr and "Traceback" not in done.stderr
    bad = run("summary", "someday")
    assert bad.returncode == 2 and "someday" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stdout == ""
