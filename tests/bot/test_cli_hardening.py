"""Bad input and faults through the real `replydesk` command: one clear line, never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "replydesk"
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"
HUGE = 20_000_000  # characters on one line


class Cli:
    """replydesk on a SQLite file in a folder, with HOME and XDG folders there too."""

    def __init__(self, folder: Path, config: str = "") -> None:
        self.folder = folder
        self.db = folder / "x.sqlite"
        self.config = folder / "config.toml"
        url = json.dumps(f"sqlite:///{self.db}")
        self.config.write_text(f"{config}\n[database]\nurl = {url}\n", encoding="utf-8")
        self.env = {**os.environ, "REPLYDESK_CONFIG": ""}
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            self.env[name] = str(folder / name.lower())

    def run(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        """Run with args (str with surrogates become their bytes), stdin as bytes."""
        return subprocess.run(
            [str(BIN), "--config", str(self.config), *args], input=stdin,
            capture_output=True, env=self.env, cwd=self.folder, timeout=120,
        )  # fmt: skip

    def ok(self, *args: str, stdin: bytes = b"") -> str:
        """stdout of a run that must succeed without a traceback."""
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()
        return done.stdout.decode("utf-8")

    def refused(self, *args: str, stdin: bytes = b"") -> str:
        """The one stderr line of a run that must exit 2 with nothing on stdout."""
        done = self.run(*args, stdin=stdin)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and done.stdout == b"", (args, err)
        assert err.count("\n") == 1 and "Traceback" not in err, (args, err)
        return err


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """replydesk on a fresh database, Chinese texts."""
    return Cli(tmp_path)


def not_utf8(text: bytes) -> str:
    """An argument as Python sees bytes that are not UTF-8 (lone surrogates)."""
    return os.fsdecode(text)


# ---- 1. bytes that are not UTF-8 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (["lead", "add", "--account", "TJ", "--nickname", not_utf8(b"\xa0")], "--nickname"),
        (["lead", "add", "--account", "TJ", not_utf8(b"--nickname=\xa0x")], "--nickname"),
        (["lead", "find", not_utf8(b"\xa0")], "#5"),
        (["match", not_utf8(b"\xa0\xe5\xa4\x9a")], "#4"),
    ],
)
def test_arguments_that_are_not_utf8_are_refused(cli: Cli, args: list[str], argument: str) -> None:
    error = cli.refused(*args)
    assert f"参数 {argument} 不是有效的 UTF-8（字节 0xA0）" in error
    assert not cli.db.exists() or "小" not in cli.ok("lead", "list")


def test_arguments_that_are_not_utf8_in_english(tmp_path: Path) -> None:
    error = Cli(tmp_path, 'locale = "en"').refused("lead", "find", not_utf8(b"x\xff"))
    assert error.startswith("Error: argument #5 is not valid UTF-8 (byte 0xFF): check the")


def test_a_chat_line_that_is_not_utf8_is_refused_and_the_next_is_answered(cli: Cli) -> None:
    out = cli.ok("chat", stdin=b"TJ\n\xa0\xe5\xa4\x9a\n" + "多少钱\n/leads\n".encode())
    assert "出错了：这一行不是有效的 UTF-8 文本（第 1 个字节 0xA0 有误），已跳过" in out
    assert "分类：价格 (price)" in out and out.rstrip().endswith("再见！")
    assert "今天还没有客资" in out


# ---- 3. terminal escape sequences in stored leads ------------------------------------------


def test_escape_sequences_never_reach_the_terminal(cli: Cli) -> None:
    typed = cli.ok("lead", "add", "--account", "TJ", "--nickname", f"{ESCAPES}小王").strip()
    old = cli.ok("lead", "add", "--account", "TJ", "--nickname", "小李").strip()
    cli.ok("lead", "note", old, "回访")
    with sqlite3.connect(cli.db) as db:  # a row written before input was cleaned
        db.execute(
            "UPDATE leads SET red_nickname = ?, notes = ?, city = ? WHERE clue_number = ?",
            (f"{ESCAPES}[/x]小李", "回访\x1b[31m", "[bold]北京\u202e", old),
        )
    db.close()
    outputs = [
        cli.ok("lead", "list"),
        cli.ok("lead", "find", "小"),
        cli.ok("lead", "show", old),
        cli.ok("chat", stdin=f"TJ\n/leads\n/find 小李\n/lead {old}\n\n".encode()),
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "]0;PWNED[2J" in out
    assert "]0;PWNED[2J[/x]小李" in outputs[3]  # the /leads table shows it as text
    assert "]0;PWNED[2J小王" in outputs[0] and typed in outputs[0]


# ---- 4. a damaged database file ---------------------------------------------------------------


def _damage(path: Path, table: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    db.close()
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * size)
        handle.write(bytes(range(256)) * (size // 256))


def test_a_damaged_page_is_one_line_on_read(cli: Cli) -> None:
    clue = cli.ok("lead", "add", "--account", "TJ", "--nickname", "小王").strip()
    _damage(cli.db, "leads")
    for args in (["lead", "list"], ["lead", "show", clue], ["export", "leads"]):
        error = cli.refused(*args)
        assert error.startswith("出错了：数据库文件已损坏：sqlite:///"), error
        assert "is damaged" not in error  # one language per message; the detail is English


def test_a_file_that_is_not_a_database_in_english(tmp_path: Path) -> None:
    cli = Cli(tmp_path, 'locale = "en"')
    cli.db.write_bytes(b"these are not the pages you are looking for\n" * 200)
    error = cli.refused("lead", "list")
    assert error.startswith("Error: database file damaged: database sqlite:///")
    assert "is damaged (file is not a database)" in error


def test_a_database_missing_a_table_names_it_at_start(cli: Cli) -> None:
    cli.ok("lead", "list")  # creates and migrates the file
    connection = sqlite3.connect(cli.db)
    connection.execute("DROP TABLE stamps")
    connection.commit()
    connection.close()
    for args in (["chat"], ["scripts", "list"]):
        error = cli.refused(*args)
        assert "缺少数据表 stamps" in error and "Traceback" not in error, error


# ---- 6. phone numbers and invisible characters ---------------------------------------------------


def test_phones_in_any_spelling_and_zero_width_characters(cli: Cli) -> None:
    first = cli.ok("lead", "add", "--account", "TJ", "--phone", "138，1234，5678").strip()
    done = cli.run("lead", "add", "--account", "TJ", "--phone", "+86 138—1234—5678")
    assert done.returncode == 0 and first in done.stderr.decode()  # the duplicate warning
    wechat = cli.ok("lead", "add", "--account", "TJ", "--wechat", "wx_wang88").strip()
    again = cli.run("lead", "add", "--account", "TJ", "--wechat", "wx_\u200bwang88")
    assert again.returncode == 0 and wechat in again.stderr.decode()
    assert cli.ok("lead", "find", "wx\u200b_wang").count("wx_wang88") == 2
    assert "手机=13812345678" in cli.ok("match", "我电话138/1234/5678，方案发我")


# ---- 7. clue formats too wide for a clue number -------------------------------------------------


@pytest.mark.parametrize("spec", ["070d", "0100000000d"])
def test_a_clue_format_too_wide_is_refused_at_start(tmp_path: Path, spec: str) -> None:
    fmt = f"{{account}}-{{date:%Y%m%d}}-{{seq:{spec}}}"
    cli = Cli(tmp_path, f"[leads]\nclue_format = {json.dumps(fmt)}")
    error = cli.refused("lead", "add", "--account", "TJ", "--nickname", "小王")
    assert f"线索编号格式「{fmt}」无效" in error and "宽度不能过大" in error
    assert len(error) < 300  # refused before anything renders the width (the call's timeout)
    (tmp_path / "en").mkdir()
    english = Cli(tmp_path / "en", f'locale = "en"\n[leads]\nclue_format = {json.dumps(fmt)}')
    error = english.refused("lead", "add", "--account", "TJ", "--nickname", "Wang")
    assert f"[leads] clue_format: clue format '{fmt}': {{seq:{spec}}} is too wide" in error
    assert not cli.db.exists()


# ---- 8. a huge line is refused before any processing ---------------------------------------------


def test_a_20_mb_json_line_is_refused_and_the_next_is_answered(cli: Cli) -> None:
    stdin = b"x" * HUGE + b"\n" + "多少钱\n".encode() + "好".encode() * (HUGE // 3) + b"\n"
    started = time.monotonic()
    out = cli.ok("match", "--json", stdin=stdin).splitlines()
    assert time.monotonic() - started < 30  # counted in chunks, not normalised (it was 8 s)
    rows = [json.loads(line) for line in out]
    assert rows[0] == {
        "error": f"line 1: the inquiry is {HUGE} characters long; the limit is 4000:"
        " paste only the customer's message"
    }
    assert rows[1]["category"] == "price" and rows[2]["error"].startswith("line 3: the inquiry")
    assert str(HUGE // 3) in rows[2]["error"]


def test_a_20_mb_chat_line_is_refused_and_the_next_is_answered(cli: Cli) -> None:
    out = cli.ok("chat", stdin=b"TJ\n" + b"x" * HUGE + "\n多少钱\n".encode())
    assert f"出错了：消息有 {HUGE} 个字，超过上限 4000：请只粘贴客户的那段话" in out
    assert "分类：价格 (price)" in out


def test_a_huge_argument_is_refused(cli: Cli) -> None:
    error = cli.refused("match", "x" * 100_000)  # one argument holds at most 128 KiB
    assert error == "出错了：消息有 100000 个字，超过上限 4000：请只粘贴客户的那段话\n"


# ---- 9. JSON line breaks and the language of config errors -------------------------------------


def test_json_escapes_every_line_break(cli: Cli) -> None:
    done = cli.run("match", "--json", stdin="多少钱\u2028人均\u0085５００\u2029\n".encode())
    assert done.returncode == 0
    raw = done.stdout.decode("utf-8")
    assert len(raw.splitlines()) == 1 and "\\u2028" in raw and "\\u0085" in raw
    assert json.loads(raw)["text"] == "多少钱\u2028人均\u0085５００\u2029"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('locale = "en"\n[matching]\nthreshold = 300\n', "[matching] threshold: must be between"),
        ('locale = "en"  # English\n[[accounts]]\ncode = "?"\n', "accounts #1 code"),
        ('locale = "en"\nthreshold = \n', "TOML syntax error"),
        ('locale = "en"\n[leads]\nclue_format = "{seq}"\n', "lacks {account}, {date}"),
    ],
)
def test_config_errors_speak_the_configured_language(
    tmp_path: Path, body: str, message: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(body, encoding="utf-8")
    done = subprocess.run(
        [str(BIN), "--config", str(config), "match", "多少钱"],
        capture_output=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.startswith("Error: "), done.stderr
    assert message in done.stderr and "出错" not in done.stderr


def test_a_later_config_error_uses_the_configured_language(tmp_path: Path) -> None:
    error = Cli(tmp_path, 'locale = "en"').refused("match", "多少钱", "--account", "XX")
    assert error.startswith("Error: unknown account 'XX'")
