"""Fixtures for the Telegram front-end tests: a fresh fake Bot API server per test.

Async tests use anyio's pytest plugin with explicit markers (`@pytest.mark.anyio`); the
`anyio_backend` fixture below pins them to asyncio, which python-telegram-bot needs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from telegram.ext import ApplicationBuilder

from tests.telegram.fakeapi import FakeTelegramServer, application_builder

BOT_TOKEN = "123456:TEST-token"


@pytest.fixture
def anyio_backend() -> str:
    """Run anyio-marked tests on asyncio only (PTB is asyncio-based), one loop per test."""
    return "asyncio"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep httpx (PTB) and aiohttp from routing loopback traffic through a proxy."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def bot_token() -> str:
    """The token the fake server accepts."""
    return BOT_TOKEN


@pytest.fixture
def fake_api(bot_token: str, no_proxy: None) -> Iterator[FakeTelegramServer]:
    """A running fake Bot API server on 127.0.0.1, fresh for each test."""
    server = FakeTelegramServer(bot_token).start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.errors, f"the fake Bot API itself failed: {server.errors!r}"


@pytest.fixture
def app_builder(fake_api: FakeTelegramServer) -> ApplicationBuilder:
    """An ApplicationBuilder already pointed at fake_api (add handlers after build())."""
    return application_builder(fake_api)
