"""Running the real replydesk Application against the fake Bot API, for the e2e tests."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from telegram.ext import Application

from bot.config import Config
from bot.desk import Desk
from bot.runtime import build_engine
from bot.telegram.app import build_application
from replies.engine import Engine
from storage.db import make_db, make_session_factory, upgrade
from tests.telegram.fakeapi import FakeTelegramServer

ADMIN, LEAD, OPERATOR, STRANGER = 1001, 1002, 1003, 1009
CONFIG = Config(admins=(ADMIN,), leads=(LEAD,), operators=(OPERATOR,))
_ENGINE: list[Engine] = []


def engine() -> Engine:
    """One warmed reply engine for the whole test run (it is read-only)."""
    if not _ENGINE:
        _ENGINE.append(build_engine(CONFIG))
    return _ENGINE[0]


def make_desk(
    url: str, config: Config = CONFIG, seed: int = 1, reply_engine: Engine | None = None
) -> Desk:
    """A desk on a migrated database at url."""
    db = make_db(url)
    upgrade(db)
    return Desk(config, reply_engine or engine(), make_session_factory(db), rng=random.Random(seed))


def sqlite_url(folder: Path) -> str:
    """A SQLite file in folder."""
    return f"sqlite:///{folder / 'bot.sqlite'}"


@asynccontextmanager
async def running(desk: Desk, fake: FakeTelegramServer) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The real Application polling the fake with the real Updater, stopped cleanly."""
    app = build_application(
        desk, fake.token, rate_limit=False, base_url=fake.base_url,
        base_file_url=fake.base_file_url,
    )  # fmt: skip
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def last_text(fake: FakeTelegramServer, chat_id: int) -> str:
    """The text of the bot's latest message in a chat (after edits)."""
    return fake.bot_messages(chat_id)[-1]["text"]


def buttons(message: dict) -> dict[str, str]:
    """Button label -> callback data of a stored bot message."""
    markup = message.get("reply_markup") or {}
    return {
        b["text"]: b["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    }
