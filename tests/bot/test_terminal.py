"""`replydesk chat` driven as a real subprocess through a pipe."""

import os
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "replydesk"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "chat.sqlite"}"\n', "utf-8")
    return {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "REPLYDESK_CONFIG": str(config),
    }


def chat(env: dict[str, str], *lines: str) -> str:
    done = subprocess.run(
        [str(BIN), "chat"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_paste_use_log_lead_and_read_it_back(home: dict[str, str], tmp_path: Path) -> None:
    out = chat(
        home,
        "TJ",  # account
        "你好，我们公司50人想去北京周边团建，人均500，多少钱",
        "2",  # mark the second suggestion used
        "/lead",
        "小红薯001",  # nickname; phone, WeChat are asked and skipped
        "",
        "",
        "y",
        "/leads",
        "/quit",
    )
    assert "价格" in out and "\n3. " in out
    assert "人数=50" in out and "人均预算=500" in out
    assert "已标记第 2 条为已使用" in out
    assert "已登记客资 TJ-" in out
    assert "小红薯001" in out.split("已登记客资")[-1]  # the /leads table
    with sqlite3.connect(tmp_path / "chat.sqlite") as db:
        used = db.execute("select count(*) from suggestions where used").fetchone()[0]
        lead = db.execute("select red_nickname, headcount, city from leads").fetchall()
    assert used == 1
    assert lead == [("小红薯001", 50, "北京")]


def test_account_is_remembered_and_commands_work(home: dict[str, str]) -> None:
    chat(home, "MZ", "/quit")
    out = chat(home, "这个口红多少钱", "n", "c", "/today", "/find 不存在", "/nope", "/help")
    assert "账号 MZ" in out  # no account question the second time
    assert out.count("\n1. ") >= 3  # first answer, new variants, comment channel
    assert "已切换到评论区渠道" in out
    assert "今日统计" in out and "价格" in out
    assert "没有找到 不存在" in out
    assert "不认识的命令 /nope" in out
    assert "/lead 编号" in out


def test_ctrl_d_and_empty_database_state(home: dict[str, str]) -> None:
    out = chat(home, "", "1", "/lead TJ-20990101-001")
    assert "还没有咨询" in out
    assert "出错了" in out
    assert out.rstrip().endswith("再见！")


def test_killed_mid_session_keeps_what_was_confirmed(home: dict[str, str], tmp_path: Path) -> None:
    env = {**home, "PYTHONUNBUFFERED": "1"}  # see each line as soon as it is printed
    proc = subprocess.Popen(
        [str(BIN), "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("TJ\n我电话13671829045，方案发我\n/lead\n王女士\n\n\ny\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60  # a guard against a hung child, not a speed check
    seen = ""
    while "已登记客资" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1.0)
        if ready:
            seen += proc.stdout.readline()
    proc.kill()  # SIGKILL: no clean shutdown, no chance to flush anything more
    assert "已登记客资" in seen
    proc.wait(timeout=30)
    with sqlite3.connect(tmp_path / "chat.sqlite") as db:
        rows = db.execute("select clue_number, phone, red_nickname from leads").fetchall()
    assert len(rows) == 1 and rows[0][1:] == ("13671829045", "王女士")


def test_history_is_private_and_masks_phones(tmp_path: Path, monkeypatch) -> None:
    from bot.terminal import _private_history

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    history = _private_history()
    history.store_string("我电话13671829045，方案发我")
    files = list((tmp_path / "state").rglob("history"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o777 == 0o600
    saved = files[0].read_text(encoding="utf-8")
    assert "136****9045" in saved and "13671829045" not in saved


def count_inquiries(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "chat.sqlite") as db:
        return db.execute("select count(*) from inquiries").fetchone()[0]


def test_channel_switch_does_not_log_the_inquiry_again(home, tmp_path: Path) -> None:
    out = chat(home, "TJ", "多少钱", "c", "c", "n")
    assert out.count("\n1. ") >= 4 and "已切换到评论区渠道" in out
    assert count_inquiries(tmp_path) == 1


def test_thread_card_new_customer_and_resume(home, tmp_path: Path) -> None:
    out = chat(
        home, "TJ", "你好，我们公司60人想10月去古北水镇团建两天，人均800左右", "多少钱",
        "/new", "多少钱", "/thread", "/thread 1", "还在吗",
    )  # fmt: skip
    assert "同一客户 · 第2条" in out
    assert "该客户累计：人数=60  人均预算=800  月份=10" in out
    assert "已开始新客户" in out
    assert "已回到客户对话 #1（共 2 条消息）" in out
    assert "同一客户 · 第3条" in out
    assert "#2 TJ" in out.split("/thread")[0] or "#2 TJ" in out


def test_find_needs_a_keyword_and_statuses_take_chinese_labels(home, tmp_path: Path) -> None:
    out = chat(
        home, "TJ", "我电话13671829045，方案发我", "/lead", "王女士", "", "", "y",
        "/find", "/lead TJ", "/leads",
    )  # fmt: skip
    assert "请在 /find 后输入" in out and "今天还没有客资" not in out
    clue = out.split("已登记客资 ")[1].split()[0]
    out = chat(home, f"/lead {clue}", "已成交", f"/lead {clue}", "")
    assert f"{clue} 状态改为 已成交" in out
    assert "新线索→已成交" in out  # the history speaks Chinese too
    assert "created" not in out and "→new" not in out


def test_duplicate_warning_comes_before_saving(home, tmp_path: Path) -> None:
    chat(home, "TJ", "我电话13671829045", "/lead", "王女士", "", "", "y")
    out = chat(home, "/new", "电话 136 7182 9045 再发我一下方案", "/lead", "王女士", "", "", "n")
    warning, confirm = out.index("可能重复"), out.index("确认登记")
    assert warning < confirm and "已取消，未登记" in out
    with sqlite3.connect(tmp_path / "chat.sqlite") as db:
        assert db.execute("select count(*) from leads").fetchone()[0] == 1


def test_no_clipboard_is_said_once(home) -> None:
    out = chat(home, "TJ", "多少钱", "1", "2")
    if "已复制到剪贴板" not in out:  # machines without a clipboard (CI, SSH)
        assert out.count("没有剪贴板") == 1
    assert "已标记第 1 条为已使用" in out and "已标记第 2 条为已使用" in out


def test_a_reply_with_a_flagged_word_shows_the_hit_and_its_safe_version(
    home: dict[str, str], tmp_path: Path
) -> None:
    library = tmp_path / "scripts.toml"
    library.write_text(
        '[[script]]\nid = "qr"\ncategory = "case_study"\nchannel = "dm"\n'
        'triggers = ["有案例吗", "看看案例", "案例发我"]\n'
        'replies = ["案例都在这，扫码就能看～", "案例集好了，扫码领取～", "扫码可得～"]\n',
        "utf-8",
    )
    config = Path(home["REPLYDESK_CONFIG"])
    config.write_text(config.read_text("utf-8") + f'[library]\npaths = ["{library}"]\n', "utf-8")
    out = chat(home, "TJ", "有案例吗", "/quit")
    assert out.count("引流风险：扫码(") == 3  # each reply's hit with its severity
    assert out.count("评论区安全版：") == 3
    safe = [line for line in out.splitlines() if "评论区安全版：" in line]
    assert all("扫码" not in line for line in safe)
