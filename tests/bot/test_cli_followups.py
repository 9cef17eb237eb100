"""`replydesk followups` and the chat's follow-up count, as real subprocesses on SQLite."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.cli_leads import terminal_actor
from bot.config import Config
from bot.desk import Desk, inquiries
from bot.runtime import build_engine
from storage.db import make_db, make_session_factory, upgrade
from tests.bot.test_cli_leads import make_cli
from tests.bot.test_terminal import chat


def _seed(url: str) -> int:
    """A customer answered two days ago by this OS user, silent since: its thread id."""
    db = make_db(url)
    upgrade(db)
    config = Config(database_url=url)
    then = datetime.now(UTC) - timedelta(days=2)
    desk = Desk(config, build_engine(config, warm=False), make_session_factory(db))
    desk.clock = lambda: then
    me = terminal_actor()
    result = inquiries.handle(desk, "你好，想了解一下团建", actor=me, account="TJ")
    inquiries.mark_used(desk, result.suggestion_ids[0], actor=me)
    db.dispose()
    assert result.thread_id is not None
    return result.thread_id


def test_list_then_chat_shows_the_count_and_marks(tmp_path: Path) -> None:
    thread = _seed(f"sqlite:///{tmp_path / 'x.sqlite'}")
    cli = make_cli(tmp_path)
    listed = cli("followups")
    assert listed.returncode == 0, listed.stderr
    assert f"对话 #{thread}" in listed.stdout and "可以这样说" in listed.stdout
    env = {
        name: str(tmp_path / name.lower()) for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
    }
    env["REPLYDESK_CONFIG"] = str(tmp_path / "config.toml")
    lines = ("", "/followups won", f"/followups snooze {thread}", "/followups", "/quit")
    out = chat({**os.environ, **env}, *lines)
    assert "有 1 位客户需要跟进" in out and "对话编号" in out  # the count; a mark needs an id
    assert "再提醒" in out and "现在没有需要跟进的客户" in out  # snoozed: not due any more
