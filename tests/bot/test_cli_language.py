"""The command line's help and argument errors speak the configured language, all of them."""

from __future__ import annotations

import argparse
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

from bot import cliparse
from bot.cli import build_parser
from bot.texts import CLI_ZH

BIN = Path(sys.executable).parent / "replydesk"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _help_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every description and help string of a parser and its subcommands."""
    found = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            found.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found += [choice.help for choice in action._choices_actions if choice.help]
            for sub in dict.fromkeys(action.choices.values()):
                found += _help_strings(sub)
    return found


def test_every_help_string_has_a_chinese_text() -> None:
    helps = set(_help_strings(build_parser()))  # built in English: the message ids
    assert len(helps) > 80
    assert sorted(helps - set(CLI_ZH)) == []


def test_every_other_entry_is_one_of_argparses_own_sentences() -> None:
    # A catalogue entry no help string uses must be a message argparse really asks for:
    # a renamed help or a changed argparse wording shows up here, not as English in zh.
    helps = set(_help_strings(build_parser()))
    source = inspect.getsource(argparse)
    stale = [key for key in CLI_ZH if key not in helps and repr(key) not in source]
    assert stale == []


def test_speaking_leaves_argparse_as_it_was() -> None:
    before = argparse._("usage: ")  # type: ignore[attr-defined]
    with cliparse.speaking("zh"):
        assert argparse._("usage: ") == "用法："  # type: ignore[attr-defined]
    assert argparse._("usage: ") == before == "usage: "  # type: ignore[attr-defined]


def _run(tmp_path: Path, locale: str, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / f"{locale}.toml"
    db = tmp_path / "x.sqlite"
    config.write_text(f'locale = "{locale}"\n[database]\nurl = "sqlite:///{db}"\n', "utf-8")
    env = {**os.environ, "REPLYDESK_CONFIG": str(config), "HOME": str(tmp_path)}
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_help_is_chinese_by_default_and_english_by_config(tmp_path: Path) -> None:
    zh = _run(tmp_path, "zh", "examples", "--help")
    assert zh.returncode == 0, zh.stderr
    assert zh.stdout.startswith("用法：replydesk examples")
    assert "显示此帮助并退出" in zh.stdout and "撤销一条样例" in zh.stdout
    assert not re.search(r"usage|show this help|undo one example", zh.stdout)
    en = _run(tmp_path, "en", "examples", "--help")
    assert en.returncode == 0, en.stderr
    assert en.stdout.startswith("usage: replydesk examples")
    assert "undo one example for every process" in en.stdout
    assert not HAN.search(en.stdout)


def test_a_bad_argument_is_refused_in_the_configured_language(tmp_path: Path) -> None:
    zh = _run(tmp_path, "zh", "eval", "--cv", "five", "x.tsv")
    assert zh.returncode == 2 and zh.stdout == ""
    assert "replydesk eval：错误：参数 --cv：无效的 int 值：'five'" in zh.stderr
    assert "invalid" not in zh.stderr and "usage" not in zh.stderr
    en = _run(tmp_path, "en", "eval", "--cv", "five", "x.tsv")
    assert en.returncode == 2
    assert "replydesk eval: error: argument --cv: invalid int value: 'five'" in en.stderr
    missing = _run(tmp_path, "zh", "lead", "show")
    assert missing.returncode == 2 and "缺少必需的参数：clue" in missing.stderr


def test_the_config_named_on_the_command_line_decides(tmp_path: Path) -> None:
    _run(tmp_path, "en", "--help")  # writes en.toml
    done = _run(tmp_path, "zh", "--config", str(tmp_path / "en.toml"), "match", "hi", "--bogus")
    assert done.returncode == 2
    assert "unrecognized arguments: --bogus" in done.stderr, done.stderr
