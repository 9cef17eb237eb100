"""How updates come in and go out: tolerant parsing, per-chat order, safe retries, no token
in logs."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue  # as ExtBot uses them
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseUpdateProcessor, ExtBot
from telegram.request import BaseRequest

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRIES = 3


class TolerantBot(ExtBot[None]):
    """An ExtBot that parses updates one by one: a malformed one is logged and skipped.

    PTB parses the whole getUpdates batch at once, so one bad update would raise, the
    offset would not move and the same batch would come back forever. A bad update is
    replaced by an empty one with its update_id, so the offset still moves past it.
    """

    async def get_updates(  # type: ignore[override]
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: int | dtm.timedelta | None = None,
        allowed_updates: Any = None,
        *,
        read_timeout: Any = DEFAULT_NONE,
        write_timeout: Any = DEFAULT_NONE,
        connect_timeout: Any = DEFAULT_NONE,
        pool_timeout: Any = DEFAULT_NONE,
        api_kwargs: Any = None,
    ) -> tuple[Update, ...]:
        """getUpdates with each update parsed on its own."""
        seconds = timeout.total_seconds() if isinstance(timeout, dtm.timedelta) else timeout or 0
        if isinstance(read_timeout, DefaultValue) or read_timeout is None:
            read_timeout = self._request[0].read_timeout or 0
        data = {"timeout": timeout, "offset": offset, "limit": limit}
        data["allowed_updates"] = allowed_updates
        result = await self._post(
            "getUpdates", data, read_timeout=read_timeout + seconds,
            write_timeout=write_timeout, connect_timeout=connect_timeout,
            pool_timeout=pool_timeout, api_kwargs=api_kwargs,
        )  # fmt: skip
        return tuple(update for raw in result or () if (update := self._parse(raw)) is not None)

    def _parse(self, raw: Any) -> Update | None:
        try:
            return Update.de_json(raw, self)
        except Exception:  # any shape Telegram (or a fake) may send: skip, never stall
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            logger.warning("skipping a malformed update %s", update_id, exc_info=True)
            return Update(update_id=update_id) if isinstance(update_id, int) else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Updates run concurrently, but one chat's updates run in the order they came."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers after earlier updates of the same chat."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        try:
            async with lock:
                await coroutine
        finally:
            if not lock.locked() and not getattr(lock, "_waiters", None):
                self._locks.pop(chat.id, None)

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free."""


async def retried(call: Callable[[], Awaitable[T]], *, resend_after_timeout: bool) -> T:
    """Run a Bot API call, retrying failures that cannot have reached Telegram.

    A timed-out call may have arrived: it is repeated only when repeating is harmless
    (edits, answerCallbackQuery), never for a sendMessage.
    """
    for attempt in range(RETRIES):
        try:
            return await call()
        except RetryAfter as exc:
            await asyncio.sleep(_seconds(exc.retry_after))
        except TimedOut:
            if not resend_after_timeout or attempt == RETRIES - 1:
                raise
        except NetworkError:
            if attempt == RETRIES - 1:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))
    return await call()


def _seconds(value: float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (PTB logs API URLs at DEBUG)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message and arguments with the token masked."""
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "<token>")
            record.args = ()
        return True


def redact_token_everywhere(token: str) -> None:
    """Install the token filter on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))


__all__ = ["BaseRequest", "ChatOrderedProcessor", "RedactToken", "TolerantBot", "retried"]
