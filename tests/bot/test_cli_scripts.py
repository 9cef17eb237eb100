"""`replydesk scripts ...` as real subprocesses: round trips, bad files, preview, versions."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from replies.library import BUNDLED, load_library
from tests.bot.test_cli_examples import ok, runner

TRICKY = """[[script]]
id = "x-formula"
category = "price"
accounts = ["TJ", "MZ"]
channel = "comment"
hooks = ["=报价单"]
tags = ["'引号"]
triggers = ["=SUM(A1)多少钱", "+86 报价", "-减号 价格", "@小助手 收费"]
replies = ["您好～{{ hook }}发您", "价格看人数\\"引号\\"，{{ hook }}", "私信我 {{ hook }}"]
"""

SCRIPTS = len(load_library().scripts)  # how many scripts the bundled library has


def folder(tmp_path: Path, name: str, *paths: Path):
    home = tmp_path / name
    home.mkdir()
    run = runner(home)
    if paths:
        config = home / "config.toml"
        listed = json.dumps([str(p) for p in paths])
        config.write_text(config.read_text() + f"[library]\npaths = {listed}\n")
    return home, run


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded with the bundled library and a script of formula-looking cells."""
    tmp = tmp_path_factory.mktemp("src")
    (tmp / "tricky.toml").write_text(TRICKY, encoding="utf-8")
    home, run = folder(tmp, "a", BUNDLED, tmp / "tricky.toml")
    for fmt in ("toml", "csv", "xlsx"):
        assert f"{SCRIPTS + 1} 条话术" in ok(run("scripts", "export", "-o", f"s.{fmt}"))
    return home


@pytest.mark.parametrize("fmt", ["toml", "csv", "xlsx"])
def test_export_import_export_is_byte_identical(source: Path, tmp_path: Path, fmt: str) -> None:
    _, run = folder(tmp_path, "b")  # the bundled library: one script to add
    done = ok(run("scripts", "import", str(source / f"s.{fmt}"), "--yes"))
    assert f"新增 1 · 修改 0 · 停用 0 · 不变 {SCRIPTS}" in done and "x-formula" in done
    ok(run("scripts", "export", "-o", "again.toml"))
    again = (tmp_path / "b" / "again.toml").read_bytes()
    assert again == (source / "s.toml").read_bytes()


def test_formula_cells_are_neutralised_on_export(source: Path) -> None:
    sheet = openpyxl.load_workbook(source / "s.xlsx").worksheets[0]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "x-formula")
    assert row[4].startswith("'=SUM(A1)") and row[6] == "'=报价单" and row[7] == "''引号"
    assert "\"'=SUM(A1)多少钱" in (source / "s.csv").read_text(encoding="utf-8-sig")


def refused(run, path: str, *messages: str) -> None:
    done = run("scripts", "import", path, "--yes")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    for message in messages:
        assert message in done.stderr, done.stderr
    assert not re.search(r"\b(is|must|cell|row|line|column|has)\b", done.stderr)  # all Chinese


def test_bad_files_are_refused_whole(source: Path, tmp_path: Path) -> None:
    home, run = folder(tmp_path, "c")
    before = ok(run("scripts", "list"))
    good = (source / "s.csv").read_text(encoding="utf-8-sig")
    (home / "binary.csv").write_bytes((source / "s.xlsx").read_bytes())
    refused(run, "binary.csv", "这是二进制文件，不是文本")
    (home / "gbk.csv").write_bytes(good.encode("gb18030"))
    refused(run, "gbk.csv", "像是 GBK 编码")
    rows = list(csv.reader(io.StringIO(good)))
    with (home / "dup.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([*rows, rows[1]])
    refused(run, "dup.csv", "id 列：「contact-given-added」与第 2 行重复")
    header = good.splitlines(keepends=True)[0]
    bad_row = 'new-one,price,all,dm,"多少钱\n怎么收费\n价格",,,\n'
    (home / "empty.csv").write_text(header + bad_row, encoding="utf-8")
    refused(run, "empty.csv", "1 处问题", "第 2 行 · replies 列：至少要 3 条（现在 0 条）")
    book = openpyxl.load_workbook(source / "s.xlsx")
    book.worksheets[0]["F3"] = "=CONCAT(A1,B1)"
    book.save(home / "formula.xlsx")
    refused(run, "formula.xlsx", "第 3 行 · F 列：单元格 F3 是公式")
    (home / "bad.toml").write_text(TRICKY.replace("{{ hook }}发您", "{{ nope }}"))
    refused(run, "bad.toml", "第 1 行 · replies 列：单元格第 1 行不是有效的模板")
    assert ok(run("scripts", "list")) == before  # nothing of any file was applied


def test_preview_asks_and_versions_keep_who_and_when(source: Path, tmp_path: Path) -> None:
    home, run = folder(tmp_path, "d")
    first = runner(home)
    no = first("scripts", "import", str(source / "s.toml"), input_text="n")
    assert no.returncode == 1 and "apply? [y/N]" not in no.stdout and "应用？[y/N]" in no.stdout
    assert "已取消" in no.stdout and "x-formula" not in ok(run("scripts", "list"))
    yes = first("scripts", "import", str(source / "s.toml"), input_text="y")
    assert "已导入" in ok(yes) and "x-formula" in ok(run("scripts", "list"))
    assert "第 2 版" in ok(run("scripts", "retire", "tj-price-general-dm"))
    assert "已停用" in ok(run("scripts", "list", "--category", "price"))
    assert "第 3 版" in ok(run("scripts", "restore", "tj-price-general-dm"))
    again = run("scripts", "restore", "tj-price-general-dm")
    assert again.returncode == 2 and "本来就在使用中" in again.stderr
    assert "第 4 版" in ok(run("scripts", "revert", "tj-price-general-dm", "2"))
    history = ok(run("scripts", "history", "tj-price-general-dm")).splitlines()
    assert [h.split("\t")[0] for h in history] == ["第 1 版", "第 2 版", "第 3 版", "第 4 版"]
    assert "（从文件导入）" in history[0] and history[3].endswith("已停用")
    assert "# v4 · 已停用" in ok(run("scripts", "show", "tj-price-general-dm"))
    missing = run("scripts", "revert", "tj-price-general-dm", "9")
    assert missing.returncode == 2 and "没有第 9 版" in missing.stderr


def test_operators_may_not_edit_scripts(tmp_path: Path) -> None:
    home, run = folder(tmp_path, "e")
    ok(run("scripts", "list"))  # the first terminal user is the admin
    import sqlite3

    with sqlite3.connect(home / "x.sqlite") as db:
        db.execute("UPDATE operators SET role = 'operator'")
    done = run("scripts", "retire", "tj-price-general-dm")
    assert done.returncode == 2 and "（运营）没有权限" in done.stderr and "需要组长" in done.stderr
