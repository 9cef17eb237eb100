"""`replydesk run`: long polling, or a webhook with `--webhook`; SIGINT/SIGTERM stop it."""

from __future__ import annotations

import logging
import os
import re

from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.config import Config, ConfigError

logger = logging.getLogger(__name__)
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{5,}")
PLACEHOLDERS = ("123456:abc-def", "changeme", "your-token", "your_token", "xxxx")


def token_from(config: Config) -> str:
    """The bot token ($TELEGRAM_BOT_TOKEN, else [telegram] token), checked before any call."""
    token = os.environ.get(TOKEN_ENV, "").strip() or config.telegram_token.strip()
    if not token:
        raise ConfigError("no Telegram bot token", "no_token", env=TOKEN_ENV)
    if not _TOKEN.fullmatch(token) or any(p in token.lower() for p in PLACEHOLDERS):
        raise ConfigError(
            "the Telegram bot token looks like a placeholder", "bad_token", env=TOKEN_ENV
        )
    return token


def run_bot(config: Config, *, webhook: bool = False) -> int:
    """Start the bot and block until a stop signal; the updater stops first, then the app."""
    from bot.desk import Desk
    from bot.telegram.app import build_application
    from bot.telegram.transport import redact_token_everywhere

    token = token_from(config)
    redact_token_everywhere(token)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    if webhook and not (config.webhook_url and config.webhook_secret):
        raise ConfigError("webhook needs url and secret_token", "webhook_config")
    if logging.getLogger().level >= logging.ERROR:  # without -v: our one line, not PTB's trace
        logging.getLogger("telegram.ext").setLevel(logging.CRITICAL)
    desk = Desk.open(config)  # the engine's per-account models are built here, at start
    from bot.desk.seed import notice_soon

    notice_soon(desk)  # the seed library's news: one line, never applied
    application = build_application(desk, token)
    try:
        _serve(application, config, webhook)
    except InvalidToken as exc:
        raise ConfigError(str(exc), "token_refused", env=TOKEN_ENV) from None
    except NetworkError as exc:
        raise ConfigError(str(exc), "bot_api_unreachable", url=config.telegram_base_url) from None
    return 0


def _serve(application: Application, config: Config, webhook: bool) -> None:  # type: ignore[type-arg]
    if webhook:
        application.run_webhook(
            listen=config.webhook_listen, port=config.webhook_port,
            url_path=config.webhook_path, webhook_url=config.webhook_url,
            secret_token=config.webhook_secret, allowed_updates=Update.ALL_TYPES,
        )  # fmt: skip
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
