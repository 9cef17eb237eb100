"""Owner-only, whole-or-nothing files, and why one could not be written, in one language."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest

from bot.errors import ExportError
from bot.privatefile import cannot_write, replace_privately
from bot.texts import error_text


def test_the_file_is_owner_only_and_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.tsv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    replace_privately(target, lambda tmp: tmp.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [target]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.tsv"
    target.write_text("old", encoding="utf-8")

    def crash(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(ExportError) as failed:
        replace_privately(target, crash)
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]
    assert error_text("zh", failed.value).endswith("out.tsv（系统错误 EIO）")


@pytest.mark.parametrize(
    ("number", "zh", "en"),
    [
        (errno.ENOENT, "文件夹不存在", "no such folder"),
        (errno.EACCES, "没有写入权限", "permission denied"),
        (errno.ENOSPC, "磁盘空间不足", "the disk is full"),
        (errno.EISDIR, "这是一个文件夹", "it is a folder"),
    ],
)
def test_the_reason_is_said_in_the_locale(number: int, zh: str, en: str) -> None:
    error = cannot_write(Path("x.tsv"), OSError(number, "English words from the OS"))
    chinese, english = error_text("zh", error), error_text("en", error)
    assert zh in chinese and "English" not in chinese
    assert en in english and "English" not in english
