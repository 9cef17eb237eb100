"""Summary benchmark: the daily summary over 1 000 000 leads and 5 000 000 inquiries.

On SQLite (and PostgreSQL when REPLYDESK_TEST_PG_URL names a server): the use case's
GROUP BY queries against the same figures computed naively in Python from every row,
in the same run, checked equal; then the 30-day chart's rendering time. The data is
built once (benchmarks/summary_data.py) and cached: SQLite under the temp folder,
PostgreSQL in a database of its own.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from benchmarks import summary_data as data
from benchmarks.summary_naive import naive_figures
from bot.config import Config
from bot.desk import Actor, Desk
from bot.desk.summaries import summary
from storage.db import make_db, make_session_factory, safe_url, upgrade

RUNS = 3
ACTOR = Actor("terminal:bench", "bench")
PG_DATABASE = "replydesk_bench_" + data.VERSION.replace("-", "_")


def main() -> None:
    """Both backends, then the chart."""
    print(f"  {data.INQUIRIES:,} inquiries, {data.LEADS:,} leads over {data.DAYS} days")
    last = None
    for url in _urls():
        last = _backend(url) or last
    if last is not None:
        _chart(last)


def _urls() -> list[str]:
    cache = Path(tempfile.gettempdir()) / "replydesk-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"{data.VERSION}.sqlite"
    if path.exists() and not _built(f"sqlite:///{path}"):  # an interrupted build
        for leftover in cache.glob(f"{path.name}*"):
            leftover.unlink()
    urls = [f"sqlite:///{path}"]
    server = os.environ.get("REPLYDESK_TEST_PG_URL", "").strip()
    if server:
        urls.append(_pg_database(server))
    else:
        print("  PostgreSQL: skipped (set REPLYDESK_TEST_PG_URL or run .ci/postgres.sh)")
    return urls


def _pg_database(server: str) -> str:
    admin = make_db(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_DATABASE}
        ).scalar()
        url = admin.url.set(database=PG_DATABASE).render_as_string(hide_password=False)
        if exists and not _built(url):  # a build that was interrupted: start again
            connection.exec_driver_sql(f'DROP DATABASE "{PG_DATABASE}" WITH (FORCE)')
        if not exists or not _built(url):
            connection.exec_driver_sql(f'CREATE DATABASE "{PG_DATABASE}"')
    admin.dispose()
    return url


def _built(url: str) -> bool:
    engine = make_db(url)
    try:
        return data.is_built(engine)
    except Exception:  # no schema yet, or no database
        return False
    finally:
        engine.dispose()


def _backend(url: str) -> Any:
    engine = make_db(url)
    upgrade(engine)
    name = safe_url(url).split(":")[0]
    if not data.is_built(engine):
        print(f"  {name}: building the data (cached for later runs) ...", flush=True)
        print(f"  {name}: built in {data.build(engine):.0f} s")
    desk = Desk(Config(), None, make_session_factory(engine), clock=lambda: data.NOW)  # type: ignore[arg-type]
    times, cpu, found = [], [], None
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        found = summary(desk, "today", actor=ACTOR)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert found is not None
    week = time.perf_counter()
    summary(desk, "week", actor=ACTOR)
    week_s = time.perf_counter() - week
    start = time.perf_counter()
    naive = naive_figures(engine, found.period)
    naive_s = time.perf_counter() - start
    same = naive == [found.current, *(figures for _, figures in found.baselines)]
    sql_s = statistics.median(times)
    print(
        f"  {name:<10} daily summary {sql_s:.3f} s (median of {RUNS}; first {times[0]:.3f} s;"
        f" CPU of this process {statistics.median(cpu):.3f} s),"
        f" naive Python over all rows {naive_s:.1f} s = {naive_s / sql_s:,.0f}x;"
        f" figures equal: {'yes' if same else 'NO'}; week digest {week_s:.3f} s"
    )
    _followups(desk, name)
    engine.dispose()
    return found


def _followups(desk: Desk, name: str) -> None:
    """One tick's follow-up scan: bounded by the horizon, against every thread (as before)."""
    from bot.desk.followups import horizon
    from storage.followups import waiting

    with desk.transaction() as session:
        start = time.perf_counter()
        bounded = waiting(session, since=horizon(desk))
        bounded_s = time.perf_counter() - start
        if name != "sqlite":  # the unbounded scan ran past 5 minutes on PostgreSQL here
            print(f"  {name:<10} follow-up scan {bounded_s:.3f} s ({len(bounded):,} threads)")
            return
        start = time.perf_counter()
        every = waiting(session)
        every_s = time.perf_counter() - start
    print(
        f"  {name:<10} follow-up scan {bounded_s:.3f} s ({len(bounded):,} threads within the"
        f" horizon), every thread {every_s:.1f} s ({len(every):,}) = {every_s / bounded_s:,.0f}x"
    )


def _chart(found: Any) -> None:
    from bot import chart
    from bot.texts import text as t

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        drawn = chart.render(
            found.days, day_from=found.chart_from, day_to=found.period.last_day, locale="zh",
            title=t("zh", "chart.title"),
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    font = drawn.font.family if drawn.font else f"none ({drawn.warning})"
    print(
        f"  chart (30 days x 2 accounts): first {times[0]:.2f} s (imports matplotlib),"
        f" then {statistics.median(times[1:]):.3f} s; {len(drawn.png):,} bytes; font {font}"
    )
