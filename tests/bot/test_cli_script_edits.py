"""`replydesk scripts add` and `scripts edit`: versioned saves from the terminal.

The main path runs as real subprocesses; the refusals run `bot.cli.main` in-process on
the same database (each subprocess start costs seconds: loading and checking the library).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bot.test_cli_examples import ok, runner

ONE = """[[script]]
id = "team-frog"
category = "price"
triggers = ["青蛙包场多少钱", "青蛙包场怎么收费", "青蛙包场报价"]
replies = ["青蛙甲{{ hook }}", "青蛙乙{{ hook }}", "青蛙丙{{ hook }}"]
"""
REFUSED = [
    (["edit", "price-1", "--set-variant", "9", "x"], "1–3"),
    (["edit", "price-1", "--remove-trigger", "没有这句"], "没有触发语"),
    (["edit", "price-1", "--add-variant", "坏的 {{ nope"], "replies"),
    (["edit", "price-1"], "至少一个修改"),
    (["add", "--from", "one.toml"], "已存在"),
    (["add", "--category", "price", "--trigger", "a"], "triggers"),
]


def test_add_edit_stale_edit_and_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner(tmp_path)
    flags = ["--category", "price", "--hook", "报价单", "--accounts", "TJ"]
    for n in range(3):
        flags += ["--trigger", f"蛤蟆包场第{n}问", "--variant", f"蛤蟆回复{n}{{{{ hook }}}}"]
    assert "price-1 已保存为第 1 版" in ok(run("scripts", "add", *flags))
    edit = ["scripts", "edit", "price-1"]
    done = ok(run(*edit, "--set-variant", "2", "新的第二条{{ hook }}", "--add-trigger", "蛤蟆报价",
                  "--remove-trigger", "1"))  # fmt: skip
    assert "price-1 已保存为第 2 版" in done
    stale = run(*edit, "--add-variant", "晚到的{{ hook }}", "--version", "1")
    assert stale.returncode == 2 and "第 1 版之后" in stale.stderr
    assert "Traceback" not in stale.stderr

    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    config = ["--config", str(tmp_path / "config.toml")]

    def out(*args: str) -> str:
        assert main([*config, "scripts", *args]) == 0
        return capsys.readouterr().out

    shown = out("show", "price-1")
    assert "# v2" in shown and 'accounts = ["TJ"]' in shown and "新的第二条" in shown
    assert "蛤蟆回复1" not in shown and "蛤蟆包场第0问" not in shown and "蛤蟆报价" in shown
    assert "晚到的" not in shown
    (tmp_path / "one.toml").write_text(ONE, encoding="utf-8")
    assert "team-frog 已保存为第 1 版" in out("add", "--from", "one.toml")
    for args, message in REFUSED:
        assert main([*config, "scripts", *args]) != 0, args
        assert message in capsys.readouterr().err, args
    assert out("history", "price-1").count("\n") == 2  # no refused edit left a version
