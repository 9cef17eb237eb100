"""The bundled library follows the playbook on labelled rows and on two-message threads."""

from pathlib import Path

from bot.config import Config
from bot.evalfile import read_rows
from bot.qualityfile import _fields, format_quality, run
from bot.runtime import build_engine
from replies.quality import KINDS, QualityReport, threads_of

SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "inquiries-fresh.tsv"


def test_bundled_library_replies_have_no_quality_problem() -> None:
    config = Config()
    rows = read_rows(SET)
    threads = threads_of((r.text, r.account, _fields(r.fields)) for r in rows)
    assert len(threads) > len(rows)  # rows with a field also run as threads
    for channel in ("dm", "comment"):
        report = run(build_engine(config), config, threads, channel)
        assert report.replies >= 3 * len(rows)
        for kind in KINDS:
            assert report.problems[kind] == 0, (channel, kind, report.examples[kind])


def test_the_quality_report_speaks_the_configured_language() -> None:
    report = QualityReport(replies=3, sets=1)
    report.add("reask", "您的电话是 13812345678 吗")
    zh = format_quality(report, "zh")
    assert zh.splitlines()[0] == "回复质量：1 组建议，共 3 条回复"
    assert "  重问已给的信息      33.3%（1/3）" in zh and "例：您的电话是 138****5678 吗" in zh
    en = format_quality(report, "en")
    assert en.splitlines()[0] == "reply quality: 3 replies in 1 suggestion sets"
    assert "  reask          33.3% (1/3)" in en and "回复质量" not in en
