"""The bundled library follows the playbook on labelled rows and on two-message threads."""

from pathlib import Path

from bot.config import Config
from bot.evalfile import read_rows
from bot.qualityfile import _fields, run
from bot.runtime import build_engine
from replies.quality import KINDS, threads_of

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
