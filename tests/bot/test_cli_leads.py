"""`replydesk lead ...` and `replydesk export leads` as real subprocesses on a SQLite file."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

BIN = Path(sys.executable).parent / "replydesk"
Run = Callable[..., subprocess.CompletedProcess[str]]


def local_today() -> datetime:
    return datetime.now(ZoneInfo("Asia/Shanghai"))


def make_cli(folder: Path) -> Run:
    """A runner of replydesk on a database in folder, with HOME and XDG folders there too."""
    config = folder / "config.toml"
    url = f"sqlite:///{folder / 'x.sqlite'}"
    config.write_text(f"[database]\nurl = {json.dumps(url)}\n", encoding="utf-8")
    env = {**os.environ, "REPLYDESK_CONFIG": ""}
    for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(folder / name.lower())

    def run(*args: str, cwd: Path = folder) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN), "--config", str(config), *args],
            capture_output=True, encoding="utf-8", env=env, cwd=cwd, timeout=120,
        )  # fmt: skip

    return run


@pytest.fixture
def cli(tmp_path: Path) -> Run:
    """replydesk on a fresh database."""
    return make_cli(tmp_path)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, list[str]]:
    """replydesk on a database with three leads (two TJ, one MZ), and their clues."""
    cli = make_cli(tmp_path_factory.mktemp("seeded"))
    clues = [
        add(cli, "--nickname", "=1+1", "--need=-年会", "--headcount", "50", "--city", "北京"),
        add(cli, "--nickname", "小李", "--phone", "13812345678", "--budget-total", "2w"),
        ok(cli("lead", "add", "--account", "MZ", "--nickname", "@小张")).strip(),
    ]
    return cli, clues


def run_all(
    cli: Run, cases: list[list[str]], **kwargs: Path
) -> list[subprocess.CompletedProcess[str]]:
    """Run several commands at once (each is a process start of about a second)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda args: cli(*args, **kwargs), cases))


def assert_refused(done: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr naming the problem, no traceback."""
    assert done.returncode == 2 and done.stdout == "", (done.args, done.stderr)
    assert message in done.stderr and done.stderr.count("\n") == 1, (done.args, done.stderr)
    assert "Traceback" not in done.stderr


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def add(cli: Run, *args: str) -> str:
    return ok(cli("lead", "add", "--account", "TJ", *args)).strip()


def test_add_prints_only_the_clue_number_numbered_per_local_day(cli: Run) -> None:
    first = cli("lead", "add", "--account", "TJ", "--nickname", "小王", "--headcount", "50")
    second = cli("lead", "add", "--account", "tj", "--wechat", "wx_li88", "--source", "comment")
    day = f"{local_today():%Y%m%d}"
    assert ok(first) == f"TJ-{day}-001\n" and first.stderr == ""
    assert ok(second) == f"TJ-{day}-002\n"
    assert ok(cli("lead", "add", "--account", "MZ", "--nickname", "a")) == f"MZ-{day}-001\n"


def test_same_phone_typed_differently_warns_on_stderr(cli: Run) -> None:
    first = add(cli, "--nickname", "小王", "--phone", "138 1234-5678")
    again = cli("lead", "add", "--account", "TJ", "--phone", "+86 １３８１２３４５６７８")
    assert ok(again).strip().endswith("-002")
    assert "可能重复" in again.stderr and first in again.stderr
    assert "13812345678" in ok(cli("lead", "show", again.stdout.strip()))


def test_show_status_note_and_history(cli: Run) -> None:
    clue = add(
        cli, "--nickname", "小王", "--need", "50人团建", "--city", "北京", "--month", "7",
        "--budget-per-head", "1.5k", "--note", "先发方案",
    )  # fmt: skip
    status = ok(cli("lead", "status", clue, "won", "--deal-value", "3万"))
    assert status == f"{clue} 状态改为 已成交\n"
    assert clue in ok(cli("lead", "note", clue.lower(), "下周回访\n带报价"))
    shown = ok(cli("lead", "show", clue)).splitlines()
    labels = [line.split("：")[0] for line in shown if not line.startswith(" ")]
    assert labels[:6] == ["线索编号", "日期", "账号", "小红书昵称", "客户需求", "城市"]
    assert "人均预算：1500" in shown and "成交金额：30000" in shown and "来源：私信" in shown
    assert "备注：先发方案" in shown and "    下周回访" in shown
    history = shown[shown.index("历史：") + 1 :]
    assert "登记" in history[0] and "新线索 → 已成交" in history[1] and "下周回访" in history[2]


def test_find_and_list_print_tab_separated_rows(cli: Run) -> None:
    one = add(cli, "--nickname", "小王", "--phone", "13812345678")
    two = add(cli, "--nickname", "小李", "--need", "年会\t场地")
    mz = ok(cli("lead", "add", "--account", "MZ", "--nickname", "小张")).strip()
    found = ok(cli("lead", "find", "1381234")).splitlines()
    assert found[0].split("\t")[:2] == ["线索编号", "日期"] and found[1].startswith(one)
    assert len(found) == 2
    rows = [line.split("\t") for line in ok(cli("lead", "list")).splitlines()[1:]]
    assert [row[0] for row in rows] == [one, two, mz] and rows[1][4] == "年会 场地"
    tj = ok(cli("lead", "list", "--account", "TJ", "--from", f"{local_today():%Y-%m-%d}"))
    assert mz not in tj and two in tj
    tomorrow = f"{local_today() + timedelta(days=1):%Y-%m-%d}"
    later = cli("lead", "list", "--from", tomorrow)
    assert ok(later) == "" and "没有客资" in later.stderr
    assert ok(cli("lead", "find", "nobody")) == ""


HEADERS = ["日期", "账号", "小红书昵称", "客户需求", "城市", "微信号", "线索编号", "备注"]
HEADERS += ["手机", "人数", "人均预算", "总预算", "月份", "来源", "状态", "成交金额", "登记时间"]
HEADERS += ["话术"]
BAD_INPUT = [
    (["add", "--account", "XX", "--nickname", "a"], "没有账号「XX」"),
    (
        ["add", "--account", "TJ", "--need", "团建", "--city", "北京"],
        "至少需要小红书昵称、手机或微信号之一",
    ),
    (
        ["add", "--account", "TJ", "--nickname", "  ", "--phone", " "],
        "至少需要小红书昵称、手机或微信号之一",
    ),
    (["add", "--account", "TJ", "--phone", "1381234567"], "不是 11 位大陆手机号"),
    (["add", "--account", "TJ", "--phone", "12812345678"], "不是 11 位大陆手机号"),
    (["add", "--account", "TJ", "--nickname", "a", "--month", "13"], "--month 应为整数"),
    (["add", "--account", "TJ", "--nickname", "a", "--headcount", "很多"], "--headcount"),
    (["add", "--account", "TJ", "--nickname", "a", "--budget-total", "1.5"], "--budget-total"),
    (["add", "--account", "TJ", "--nickname", "a", "--source", "tv"], "来源「tv」无效"),
    (["add", "--account", "TJ", "--nickname", "a", "--note", "x" * 10_001], "10000"),
    (["status", "TJ-20200101-001", "won"], "没有线索编号为 TJ-20200101-001 的客资"),
    (["status", "{clue}", "done"], "不认识的状态「done」"),
    (["status", "{clue}", "won", "--deal-value", "-5"], "--deal-value"),
    (["status", "{clue}", "won", "--deal-value", "9" * 30], "应为整数（0-2147483647）"),
    (["note", "TJ-20200101-001", "hi"], "没有线索编号为 TJ-20200101-001 的客资"),
    (["note", "{clue}", "x" * 10_001], "10000"),
    (["show", "nope"], "没有线索编号为 NOPE 的客资"),
    (["list", "--from", "2024-02-30"], "--from 的日期「2024-02-30」无效"),
    (["list", "--from", "2024-03-01", "--to", "2024-02-01"], "晚于 --to"),
    (["list", "--account", "XX"], "没有账号「XX」"),
]


def test_bad_input_is_one_line_on_stderr(seeded: tuple[Run, list[str]]) -> None:
    cli, clues = seeded
    cases = [["lead", *(arg.replace("{clue}", clues[0]) for arg in args)] for args, _ in BAD_INPUT]
    for done, (_, message) in zip(run_all(cli, cases), BAD_INPUT):
        assert_refused(done, message)


def test_english_locale(cli: Run, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('locale = "en"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    clue = add(cli, "--nickname", "Wang")
    assert "Clue number: " + clue in ok(cli("lead", "show", clue))
    assert "not an 11-digit" in cli("lead", "add", "--account", "TJ", "--phone", "1").stderr


def test_export_xlsx_by_default_in_the_current_folder(
    seeded: tuple[Run, list[str]], tmp_path: Path
) -> None:
    out = ok(seeded[0]("export", "leads", cwd=tmp_path))
    day = f"{local_today():%Y%m%d}"
    path = tmp_path / f"leads-{day}-{day}.xlsx"
    assert out == f"{path}（3 条客资）\n"
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    assert all(cell.font.bold for cell in sheet[1]) and sheet.freeze_panes == "A2"
    assert rows[1][2:4] == ["'=1+1", "'-年会"] and rows[3][2] == "'@小张"
    assert sheet["C2"].data_type == "s" and sheet["J2"].value == 50 and sheet["L3"].value == 20000
    assert sheet["A2"].is_date and sheet["Q2"].is_date and rows[1][14] == "新线索"
    assert [row[6] for row in rows[1:]] == seeded[1]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left


def test_export_csv_has_a_bom_and_the_same_rows(
    seeded: tuple[Run, list[str]], tmp_path: Path
) -> None:
    cli = seeded[0]
    ok(cli("export", "leads", "-o", "all.xlsx", cwd=tmp_path))
    out = ok(cli("export", "leads", "--account", "TJ", "-o", "tj.csv", cwd=tmp_path))
    assert out == f"{tmp_path / 'tj.csv'}（2 条客资）\n"
    raw = (tmp_path / "tj.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    sheet = openpyxl.load_workbook(tmp_path / "all.xlsx").active
    expected = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=3)]
    assert rows[0] == expected[0] and len(rows) == 3
    assert [row[1:16] for row in rows[1:]] == [
        ["" if v is None else str(v) for v in row[1:16]] for row in expected[1:]
    ]
    assert rows[1][0] == f"{local_today():%Y-%m-%d}" and rows[1][2] == "'=1+1"


def test_export_format_flag_range_and_errors(seeded: tuple[Run, list[str]], tmp_path: Path) -> None:
    cli = seeded[0]
    tomorrow = local_today() + timedelta(days=1)
    out = ok(
        cli("export", "leads", "--format", "csv", "--from", f"{tomorrow:%Y-%m-%d}", cwd=tmp_path)
    )
    assert out == f"{tmp_path}/leads-{tomorrow:%Y%m%d}-{local_today():%Y%m%d}.csv（0 条客资）\n"
    cases = [
        (["-o", "leads.txt"], "不支持的导出格式「txt」"),
        (["-o", str(tmp_path / "missing" / "x.xlsx")], "x.xlsx：文件夹不存在"),
        (["-o", str(tmp_path)], "：这是一个文件夹，请给出文件名"),
        (["--to", "2024/01/01"], "--to 的日期"),
        (["--account", "XX"], "没有账号「XX」"),
    ]
    results = run_all(cli, [["export", "leads", *args] for args, _ in cases], cwd=tmp_path)
    for done, (_, message) in zip(results, cases):
        assert_refused(done, message)
    assert len(list(tmp_path.iterdir())) == 1  # the csv above; no temp or half files
