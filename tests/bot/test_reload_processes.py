"""Live reload across processes: `replydesk chat` answers with a script saved by another."""

from __future__ import annotations

import os
import select
import subprocess
import time
from pathlib import Path

from bot.config import Config
from bot.desk import Actor, Desk, scripts
from bot.desk.access import identify
from tests.bot.test_terminal import BIN

LEAD = Actor("terminal:lead", "lead")
SCRIPT = "tj-price-general-dm"
MARK = "热更新的新话术"
NEW = "{您好|你好|哈喽}，" + MARK + "{：|～}{{ hook }}{马上|这就|稍后}发您"
DEADLINE = 60.0  # generous: the change is expected within about two seconds


def _read(chat: subprocess.Popen[bytes], seconds: float) -> str:
    """What the chat printed within a little while (raw reads: a prompt has no newline)."""
    assert chat.stdout is not None
    out, end = b"", time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([chat.stdout], [], [], left)
        if not ready:
            break
        chunk = os.read(chat.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        if out.endswith(b"> "):  # the next prompt: this answer is complete
            break
    return out.decode("utf-8", "replace")


def _ask(chat: subprocess.Popen[bytes], text: str) -> str:
    assert chat.stdin is not None
    chat.stdin.write(text.encode() + b"\n")
    chat.stdin.flush()
    return _read(chat, 30.0)


def test_a_running_chat_answers_with_a_script_saved_by_another_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    desk = Desk.open(Config(database_url=url))  # seeds the library; this process saves
    with desk.transaction() as session:
        identify(session, LEAD)
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', "utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "REPLYDESK_CONFIG": str(config), "PYTHONUNBUFFERED": "1"}  # fmt: skip
    chat = subprocess.Popen(
        [str(BIN), "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, bufsize=0, env=env,
    )  # fmt: skip
    try:
        _ask(chat, "TJ")
        before = ""
        end = time.monotonic() + DEADLINE
        while "1. " not in before and time.monotonic() < end:
            before += _ask(chat, "团建多少钱")
        assert "1. " in before and MARK not in before  # answering, from the old script
        seen = scripts.show(desk, SCRIPT, actor=LEAD)
        replies = [NEW, NEW + "！", NEW + "。"]
        scripts.save(desk, SCRIPT, {**seen.data, "replies": replies}, version=seen.version,
                     actor=LEAD)  # fmt: skip
        after = ""
        while MARK not in after and time.monotonic() < end:
            after += _ask(chat, "/new") + _ask(chat, "团建多少钱")
        assert MARK in after
    finally:
        if chat.stdin:
            chat.stdin.close()
        chat.wait(timeout=60)
        stderr = chat.stderr.read().decode() if chat.stderr else ""
    assert "Traceback" not in stderr, stderr
