"""Telegram layer benchmark: 1 000 queued inquiries from 20 operators through the fake
Bot API, by long polling and by webhook, next to the same inquiries through the use cases
alone, so the layer's own cost shows. Latency is from the update's delivery to the bot
(getUpdates answered, or the webhook POST arriving) to its sendMessage returning.

On PostgreSQL it also holds one operator's thread row for 200 ms at a time while the
others paste, and reports how far the others' p50 moves.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import text

from benchmarks.matching import dev_rows
from bot.config import Config
from bot.desk import Actor, Desk, inquiries
from bot.telegram import services, transport
from bot.telegram.app import build_application
from storage.db import make_db, make_session_factory, upgrade
from tests.telegram.botrig import engine
from tests.telegram.fakeapi import FakeTelegramServer, free_port

FRESH = Path(__file__).parent / "data" / "inquiries-fresh.tsv"  # in the repo, unlike dev
OPERATORS = 20
INQUIRIES = 1_000
FIRST_ID = 5000


def _desk(url: str) -> Desk:
    config = Config(database_url=url, operators=tuple(range(FIRST_ID, FIRST_ID + OPERATORS)))
    db = make_db(url)
    upgrade(db)
    return Desk(config, engine(), make_session_factory(db), rng=random.Random(1))


def _texts() -> list[str]:
    rows = [text for text, _, _ in dev_rows(FRESH)]
    return [rows[n % len(rows)] for n in range(INQUIRIES)]


class Stamps:
    """When each update reached the bot and when its answer was sent, by chat."""

    def __init__(self) -> None:
        self.delivered: dict[int, list[float]] = {}
        self.sent: dict[int, list[float]] = {}

    def latencies(self) -> list[float]:
        """Per inquiry, ms from delivery to send (one chat's answers come in order)."""
        out = []
        for chat, sent in self.sent.items():
            out += [(s - d) * 1e3 for d, s in zip(self.delivered.get(chat, []), sent)]
        return out


def _instrument(stamps: Stamps) -> Callable[[], None]:
    """Patch the delivery and send points; returns the undo."""
    original_parse, original_sender = transport.TolerantBot._parse, services._sender

    def parse(self: Any, raw: Any) -> Any:
        update = original_parse(self, raw)
        chat = update.effective_chat if update is not None else None
        if chat is not None:
            stamps.delivered.setdefault(chat.id, []).append(time.perf_counter())
        return update

    def sender(context: Any, chat_id: int, body: str, markup: Any) -> Any:
        send = original_sender(context, chat_id, body, markup)

        async def timed() -> Any:
            result = await send()
            stamps.sent.setdefault(chat_id, []).append(time.perf_counter())
            return result

        return timed

    transport.TolerantBot._parse = parse  # type: ignore[method-assign]
    services._sender = sender  # type: ignore[assignment]

    def undo() -> None:
        transport.TolerantBot._parse = original_parse  # type: ignore[method-assign]
        services._sender = original_sender

    return undo


@asynccontextmanager
async def _bot(url: str, stamps: Stamps) -> AsyncIterator[tuple[Any, FakeTelegramServer]]:
    """A started Application on a fresh desk against a fresh fake, instrumented."""
    desk = _desk(url)
    with FakeTelegramServer("123456:BENCH-token") as fake:
        undo = _instrument(stamps)
        app = build_application(desk, fake.token, rate_limit=False, base_url=fake.base_url,
                                base_file_url=fake.base_file_url)  # fmt: skip
        try:
            async with app:
                await app.start()
                assert app.updater is not None
                yield app, fake
                await app.updater.stop()
                await app.stop()
        finally:
            undo()


async def _through_bot(url: str, webhook: bool) -> tuple[float, list[float]]:
    texts, stamps = _texts(), Stamps()
    async with _bot(url, stamps) as (app, fake):
        start = time.perf_counter()
        if webhook:
            await _by_webhook(app, fake, texts, stamps)
        else:
            await app.updater.start_polling(poll_interval=0, timeout=1)
            for n, body in enumerate(texts):
                user = FIRST_ID + n % OPERATORS
                fake.push_text(user, user, body)
            await fake.wait_for("sendMessage", count=INQUIRIES, timeout=600)
        elapsed = time.perf_counter() - start
    return INQUIRIES / elapsed, stamps.latencies()


async def _one_at_a_time(url: str, count: int = 100) -> list[float]:
    """Latency with no queue: each inquiry sent after the previous answer arrived."""
    texts, stamps = _texts()[:count], Stamps()
    async with _bot(url, stamps) as (app, fake):
        await app.updater.start_polling(poll_interval=0, timeout=1)
        for n, body in enumerate(texts, start=1):
            fake.push_text(FIRST_ID, FIRST_ID, body)
            await fake.wait_for("sendMessage", count=n, timeout=60)
    return stamps.latencies()


async def _by_webhook(app: Any, fake: FakeTelegramServer, texts: list[str], stamps: Stamps) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                    webhook_url=hook, secret_token="bench-Secret")  # fmt: skip
    semaphore = asyncio.Semaphore(OPERATORS)  # as Telegram: a few deliveries in flight

    async def deliver(n: int, body: str) -> None:
        user = FIRST_ID + n % OPERATORS
        async with semaphore:
            stamps.delivered.setdefault(user, []).append(time.perf_counter())
            await fake.deliver_webhook(hook, fake.text_update(user, user, body), "bench-Secret")

    # Each operator's messages go in order; operators in parallel.
    async def operator(k: int) -> None:
        for n in range(k, INQUIRIES, OPERATORS):
            await deliver(n, texts[n])

    await asyncio.gather(*(operator(k) for k in range(OPERATORS)))
    await fake.wait_for("sendMessage", count=INQUIRIES, timeout=600)


def _use_cases_alone(url: str) -> tuple[float, list[float]]:
    desk, texts = _desk(url), _texts()
    times = []
    start = time.perf_counter()
    for n, body in enumerate(texts):
        actor = Actor(f"tg:{FIRST_ID + n % OPERATORS}", "bench")
        began = time.perf_counter()
        inquiries.handle(desk, body, actor=actor, account="TJ")
        times.append((time.perf_counter() - began) * 1e3)
    return INQUIRIES / (time.perf_counter() - start), times


def _line(label: str, rate: float, times: list[float], base: list[float] | None = None) -> None:
    p50, p99 = np.percentile(times, 50), np.percentile(times, 99)
    extra = f"   layer adds p50 {p50 - np.percentile(base, 50):+6.1f} ms" if base else ""
    print(f"  {label:<34} {rate:6.0f} inquiries/s   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms{extra}")


def _held_write(url: str) -> None:
    """PostgreSQL: one operator's thread row held 200 ms at a time; the others' p50."""
    desk = _desk(url)
    held = Actor(f"tg:{FIRST_ID}", "held")
    inquiries.handle(desk, "多少钱", actor=held, account="TJ")  # that operator's thread exists
    others = [Actor(f"tg:{FIRST_ID + k}", "bench") for k in range(1, OPERATORS)]

    def run(hold: bool) -> list[float]:
        stop = threading.Event()
        holder = threading.Thread(target=_hold, args=(desk, stop), daemon=True)
        if hold:
            holder.start()
        times = []
        for n, body in enumerate(_texts()[:300]):
            began = time.perf_counter()
            inquiries.handle(desk, body, actor=others[n % len(others)], account="TJ")
            times.append((time.perf_counter() - began) * 1e3)
        stop.set()
        if hold:
            holder.join()
        return times

    free, busy = run(False), run(True)
    moved = np.percentile(busy, 50) - np.percentile(free, 50)
    print(f"  others' p50 with one operator's write held 200 ms: {np.percentile(busy, 50):.1f} ms"
          f" (free {np.percentile(free, 50):.1f} ms, moved {moved:+.1f} ms)")  # fmt: skip


def _hold(desk: Desk, stop: threading.Event) -> None:
    while not stop.is_set():
        with desk.transaction() as session:
            session.execute(text("SELECT id FROM threads ORDER BY id LIMIT 1 FOR UPDATE"))
            time.sleep(0.2)


def main() -> None:
    """Run on SQLite and, when REPLYDESK_TEST_PG_URL is set, PostgreSQL."""
    from benchmarks.storage import _fresh_pg_database

    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(1000))

        def sqlite() -> str:
            return f"sqlite:///{folder}/tg-{next(counter)}.sqlite"

        backends: list[tuple[str, Callable[[], str | None]]] = [("sqlite", sqlite)]
        if os.environ.get("REPLYDESK_TEST_PG_URL"):
            backends.append(("postgresql", _fresh_pg_database))
        for name, fresh in backends:
            print(f"{name}: {INQUIRIES} inquiries from {OPERATORS} operators")
            alone = _use_cases_alone(_url(fresh))
            _line("use cases alone (one thread)", *alone)
            single = asyncio.run(_one_at_a_time(_url(fresh)))
            _line("through the bot, one at a time", 0.0, single, alone[1])
            for mode in ("polling", "webhook"):
                rate, times = asyncio.run(_through_bot(_url(fresh), webhook=mode == "webhook"))
                _line(f"through the bot, {mode}", rate, times, alone[1])
            if name == "postgresql":
                _held_write(_url(fresh))


def _url(fresh: Callable[[], str | None]) -> str:
    url = fresh()
    assert url is not None
    return url
