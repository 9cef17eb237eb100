"""Labelled files: read whole or refused whole, with file, line and reason."""

from pathlib import Path

import pytest

from bot.errors import DeskError
from bot.evalfile import EvalFileError, aligned, format_report, read_rows
from bot.format import display_width
from replies.evaluation import Report

HEADER = "text\tcategory\taccount\n"
CATEGORIES = {"price", "first_inquiry"}


def write(tmp_path: Path, body: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "set.tsv"
    path.write_bytes(body.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("body", "encoding", "reason"),
    [
        (HEADER + "多少钱\tprice\tTJ\n在吗\tnope\tTJ\n", "utf-8", "line 3: unknown category"),
        ("category\taccount\nprice\tTJ\n", "utf-8", "line 1: missing column 'text'"),
        ("text\taccount\n多少钱\tTJ\n", "utf-8", "line 1: missing column 'category'"),
        (HEADER + "多少钱\tprice\tTJ\n在吗\tfirst_inquiry\tTJ\n多少钱\tprice\ttj\n", "utf-8",
         "line 4: duplicate of line 2"),
        (HEADER + "多少钱\tprice\tTJ\n", "gbk", "line 2: not valid UTF-8 (it looks like GBK"),
        (HEADER + "\tprice\tTJ\n", "utf-8", "line 2: empty text"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_whole(tmp_path: Path, body, encoding, reason) -> None:
    path = write(tmp_path, body, encoding)
    with pytest.raises(EvalFileError) as caught:
        read_rows(path, CATEGORIES)
    assert str(caught.value).startswith(f"{path}: {reason}")
    assert isinstance(caught.value, DeskError)


def test_rows_keep_text_category_and_account(tmp_path: Path) -> None:
    rows = read_rows(write(tmp_path, HEADER + "多少钱\tprice\ttj\n在吗\tfirst_inquiry\t\n"))
    assert [(r.text, r.category, r.account) for r in rows] == [
        ("多少钱", "price", "TJ"),
        ("在吗", "first_inquiry", None),
    ]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EvalFileError, match="cannot read"):
        read_rows(tmp_path / "absent.tsv")


def _report() -> Report:
    report = Report(total=2, top1=1, top3=2)
    report.confusion.update({("price", "price"): 1, ("price", "first_inquiry"): 1})
    report.misses.append(("多少钱 电话13812345678", "price", "first_inquiry"))
    report.scored += [(90.0, True, True), (40.0, False, False)]
    return report


def test_the_report_speaks_one_language_with_columns_aligned_for_wide_characters() -> None:
    zh = format_report(_report(), "zh", show_misses=True).splitlines()
    assert zh[1] == "首位命中：50.0%（1/2）"
    assert "  价格     → 首次咨询 1" in zh  # labels padded to the widest
    assert "  [价格 → 首次咨询] 多少钱 电话138****5678" in zh  # phones masked
    table = zh[zh.index("") + 1 : zh.index("") + 9]
    assert len({display_width(line) for line in table}) == 1  # every row ends in one column
    assert [line.split()[0] for line in table[1:3]] == ["城市", "人数"]
    assert not any(word in "\n".join(zh) for word in ("accuracy", "city", "confusion"))
    en = format_report(_report(), "en").splitlines()
    assert en[1] == "top-1 accuracy: 50.0% (1/2)" and "  Price         → First inquiry 1" in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in "\n".join(en))


def test_aligned_pads_by_terminal_columns() -> None:
    lines = aligned([["字段", "n"], ["city", "12"], ["人均预算", "3"]])
    assert lines == ["字段       n", "city      12", "人均预算   3"]
