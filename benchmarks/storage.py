"""Storage benchmark: concurrent lead logging, per-inquiry cost of storage, chat start-up.

* 10 000 leads written by 8 concurrent processes (each with its own engine, as
  several bot processes would) on SQLite and, when REPLYDESK_TEST_PG_URL is set, on
  PostgreSQL: throughput and the count of duplicate or missing clue numbers.
* `inquiries.handle` (engine, thread, rotation lookup, inquiry and suggestion rows)
  against `Engine.suggest` alone: p50/p99 per inquiry.
* `replydesk chat`: time from process start to its first prompt.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import text

from benchmarks.matching import dev_rows, timed
from bot.config import Config
from bot.desk import Actor, Desk, access, inquiries, threads
from bot.desk.threads import joined_thread, view_of
from bot.runtime import account_of, build_engine
from storage.accounts import ensure_account
from storage.clues import DEFAULT_CLUE_FORMAT
from storage.db import make_db, make_session_factory, safe_url, upgrade
from storage.leads import add_lead, list_leads

WRITERS = 8
LEADS = 10_000
DAY = date(2026, 11, 28)
BIN = Path(sys.executable).parent


def write_batch(url: str, account_id: int, count: int) -> int:
    """Log `count` leads, one transaction each, with this process's own engine."""
    engine = make_db(url)
    sessions = make_session_factory(engine)
    for n in range(count):
        with sessions.begin() as session:
            add_lead(
                session, account_id=account_id, account_code="TJ", local_day=DAY,
                now=datetime.now(UTC), clue_format=DEFAULT_CLUE_FORMAT, red_nickname=f"b{n}",
            )  # fmt: skip
    engine.dispose()
    return count


def concurrent_leads(url: str) -> None:
    """8 processes x 1250 leads; prints leads/s and duplicate/missing clue numbers."""
    engine = make_db(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        account_id = ensure_account(session, code="TJ", name="bench")
    context = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with ProcessPoolExecutor(WRITERS, mp_context=context) as pool:
        jobs = [pool.submit(write_batch, url, account_id, LEADS // WRITERS) for _ in range(WRITERS)]
        written = sum(job.result() for job in jobs)
    elapsed = time.perf_counter() - start
    with sessions.begin() as session:
        seqs = [lead.seq for lead in list_leads(session, account_id=account_id)]
    duplicates = len(seqs) - len(set(seqs))
    missing = len(set(range(1, written + 1)) - set(seqs))
    engine.dispose()
    print(
        f"  {safe_url(url).split(':')[0]:<22} {written} leads by {WRITERS} processes in"
        f" {elapsed:.1f} s = {written / elapsed:,.0f} leads/s; duplicates {duplicates},"
        f" missing {missing}"
    )


def inquiry_cost(url: str, rounds: int = 3) -> None:
    """p50/p99 of handle_inquiry (with storage) next to the engine alone."""
    config = Config(database_url=url)
    db = make_db(url)
    upgrade(db)
    desk = Desk(config, build_engine(config), make_session_factory(db), rng=random.Random(1))
    queries = [q for q in _queries() for _ in range(rounds)]
    actor = Actor("terminal:bench", "bench")
    account = account_of(config, "TJ")
    alone = timed(lambda q: desk.engine.suggest(q, account=account, rng=desk.rng), queries)
    pasted = iter(range(len(queries)))

    def paste(text: str) -> None:
        if next(pasted) % 5 == 0:  # a new customer every five messages
            threads.new_thread(desk, actor=actor, account="TJ")
        inquiries.handle(desk, text, actor=actor, account="TJ")

    stored = timed(paste, queries)
    lookup = timed(lambda _: _thread_lookup(desk, actor), queries)
    name = safe_url(url).split(":")[0]
    rows = (
        ("engine alone", alone),
        (f"with storage ({name})", stored),
        (f"  of which thread lookup ({name})", lookup),
    )
    for label, times in rows:
        print(
            f"  {label:<32} p50 {np.median(times):6.2f} ms   p99 {np.percentile(times, 99):6.2f} ms"
        )
    db.dispose()


def _thread_lookup(desk: Desk, actor: Actor) -> None:
    """What a paste adds for its thread: find or start it, fold its messages, count one."""
    with desk.transaction() as session:
        operator = access.identify(session, actor, floors=desk.floors)
        account_id = desk.account_id(session, "TJ")
        thread = joined_thread(session, desk, operator_id=operator.id, account_id=account_id)
        view_of(session, thread)
        session.rollback()  # measure the reads and the counter, keep the data unchanged


def _queries() -> list[str]:
    return [row[0] for row in dev_rows()] or ["多少钱", "在吗", "有案例吗"]


def chat_startup(runs: int = 3) -> None:
    """Seconds from starting `replydesk chat` to its first prompt (fresh home each run)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {
                **os.environ,
                "HOME": home,
                "XDG_DATA_HOME": f"{home}/d",
                "XDG_STATE_HOME": f"{home}/s",
            }
            env.pop("REPLYDESK_CONFIG", None)
            start = time.perf_counter()
            proc = subprocess.Popen(
                [BIN / "replydesk", "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                env=env, cwd=home,
            )  # fmt: skip
            assert proc.stdout is not None
            proc.stdout.read1(1)  # the first byte of the account prompt
            times.append(time.perf_counter() - start)
            proc.communicate(b"")
    print(
        f"  `replydesk chat` to first prompt: median {statistics.median(times):.2f} s"
        f" over {runs} runs"
    )


def main() -> None:
    """Run the storage benchmarks on SQLite and, if configured, PostgreSQL."""
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{folder}/bench.sqlite"]
        pg = _fresh_pg_database()
        if pg:
            urls.append(pg)
        print("concurrent lead logging:")
        for url in urls:
            concurrent_leads(url)
        print("per-inquiry handling:")
        for n, url in enumerate(urls):
            inquiry_cost(url.replace("bench.sqlite", f"inq{n}.sqlite"))
    print("start-up:")
    chat_startup()


def _fresh_pg_database() -> str | None:
    url = os.environ.get("REPLYDESK_TEST_PG_URL")
    if not url:
        print('  (PostgreSQL skipped: run `eval "$(bash .ci/postgres.sh)"` first)')
        return None
    name = f"replydesk_bench_{uuid.uuid4().hex[:8]}"
    admin = make_db(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin.url.set(database=name).render_as_string(hide_password=False)
