"""Labelled files: read whole or refused whole, with file, line and reason."""

from pathlib import Path

import pytest

from bot.errors import DeskError
from bot.evalfile import EvalFileError, read_rows

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
