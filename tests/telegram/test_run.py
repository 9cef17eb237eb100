"""`replydesk run` as a real process against the fake Bot API, stopped with SIGINT."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.telegram.botrig import OPERATOR
from tests.telegram.fakeapi import FakeTelegramServer

BIN = Path(sys.executable).parent / "replydesk"
pytestmark = pytest.mark.anyio


def start(fake: FakeTelegramServer, tmp_path: Path, *flags: str) -> subprocess.Popen[bytes]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "run.sqlite"}"\n'
        f"[access]\noperators = [{OPERATOR}]\n"
        f"[telegram]\nbase_url = {json.dumps(fake.base_url)}\n"
        f"base_file_url = {json.dumps(fake.base_file_url)}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "REPLYDESK_CONFIG": str(config)}
    env |= {"HOME": str(tmp_path), "NO_PROXY": "127.0.0.1,localhost"}
    return subprocess.Popen(
        [str(BIN), *flags, "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


async def test_run_answers_then_stops_on_sigint(fake_api: FakeTelegramServer, tmp_path) -> None:
    proc = start(fake_api, tmp_path, "-vv")
    try:
        fake_api.push_text(OPERATOR, OPERATOR, "多少钱")
        await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == OPERATOR, timeout=60)
        assert fake_api.commands()  # the command menu was set at start
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()
    log = err.decode()
    assert "getUpdates" in log  # -vv logs the API calls ...
    assert fake_api.token not in log and "<token>" in log  # ... never the token


def test_a_missing_token_fails_before_any_call(fake_api: FakeTelegramServer, tmp_path) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "", "HOME": str(tmp_path)}
    env.pop("REPLYDESK_CONFIG", None)
    started = time.monotonic()
    done = subprocess.run([str(BIN), "run"], env=env, capture_output=True, cwd=tmp_path)
    assert done.returncode == 2 and "TELEGRAM_BOT_TOKEN" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()
    assert time.monotonic() - started < 60  # a guard, not a speed check
    assert not fake_api.calls
