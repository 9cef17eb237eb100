"""The summary benchmark's data: a year of 5 000 000 inquiries and 1 000 000 leads, built
in SQL (recursive CTE on SQLite, generate_series on PostgreSQL) and cached across runs.

Every 4 inquiries form a customer thread; 4 threads in 5 end in a lead (logged 5 minutes
after the thread's last message); every 20th lead is won. One suggestion per inquiry,
a third of them used, hooks on first messages. Indexes are dropped for the load and
rebuilt after it (sorting once is faster than growing them row by row).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, create_engine, text

SCALE = float(os.environ.get("REPLYDESK_BENCH_SUMMARY_SCALE", "1"))
INQUIRIES = int(5_000_000 * SCALE)
THREADS = INQUIRIES // 4
LEADS = THREADS * 4 // 5
DAYS = 365
ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZONE).astimezone(UTC)  # a Tuesday, 15:00
START = int(NOW.timestamp()) - DAYS * 86_400
STEP = DAYS * 86_400 / INQUIRIES  # seconds between two inquiries
VERSION = f"summary-v1-{INQUIRIES}"
TABLES = ("threads", "inquiries", "suggestions", "leads", "lead_events")
CATEGORIES = ("price", "first_inquiry", "destination", "activities", "invalid", "logistics")

# One expression per column; {t} is the moment in seconds (SQL), {i} the row number.
_CATEGORY = (
    "CASE WHEN {i} % 10 = 0 THEN NULL ELSE "
    + "CASE {i} % 6 "
    + " ".join(f"WHEN {n} THEN '{c}'" for n, c in enumerate(CATEGORIES))
    + " END END"
)


def is_built(engine: Engine) -> bool:
    """Whether the cached database holds this version's data."""
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM accounts WHERE code = :v"), {"v": VERSION[:32]}
        ).scalar()
    return bool(found)


def build(migrated: Engine) -> float:
    """Fill a migrated, empty database; seconds taken."""
    begin = time.perf_counter()
    dialect = migrated.dialect.name
    # On SQLite a plain engine: replydesk's turns foreign keys on, and checking each parent
    # row against unindexed children would scan them per row.
    engine = create_engine(migrated.url) if dialect == "sqlite" else migrated
    with engine.begin() as connection:
        if dialect == "postgresql":
            connection.exec_driver_sql("SET session_replication_role = replica")  # no FK checks
        else:
            connection.exec_driver_sql("PRAGMA cache_size = -1000000")  # 1 GB for the sorts
        _people(connection)
        saved = _drop_indexes(connection, dialect)
        for table in TABLES:
            started = time.perf_counter()
            _run(connection, _fill(table, dialect))
            print(f"    {table}: {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        for statement in saved:
            connection.exec_driver_sql(statement)
        print(f"    indexes: {time.perf_counter() - started:.1f} s", flush=True)
        if dialect == "postgresql":  # rows came with ids: the sequences must catch up
            for table in ("accounts", "operators", *TABLES):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
        connection.execute(
            text("INSERT INTO accounts (code, name, city) VALUES (:v, 'marker', '')"),
            {"v": VERSION[:32]},
        )
    with engine.connect() as connection:
        if dialect == "sqlite":  # planner statistics from a sample: a full scan takes minutes
            connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return time.perf_counter() - begin


def _people(connection: Connection) -> None:
    connection.exec_driver_sql(
        "INSERT INTO accounts (id, code, name, city) VALUES (1, 'TJ', '团建', '北京'),"
        " (2, 'MZ', '美妆', '上海')"
    )
    for n in range(1, 11):
        connection.execute(
            text(
                "INSERT INTO operators (id, handle, display_name, role)"
                " VALUES (:n, :h, :d, 'operator')"
            ),
            {"n": n, "h": f"tg:{n}", "d": f"op{n}"},
        )


def _drop_indexes(connection: Connection, dialect: str) -> list[str]:
    """Drop the big tables' secondary indexes; the statements that recreate them."""
    names = ", ".join(f"'{table}'" for table in TABLES)
    if dialect == "postgresql":
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            f"({names}) AND indexname NOT LIKE 'pk_%' AND indexname NOT LIKE 'uq_%'"
        )
    else:
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({names})"
        )
    found = list(_run(connection, query))
    for name, _ in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [statement for _, statement in found]


def _run(connection: Connection, sql: str) -> Any:
    # psycopg reads % as a placeholder; SQL's modulo and LIKE patterns need it doubled.
    pg = connection.dialect.name == "postgresql"
    return connection.exec_driver_sql(sql.replace("%", "%%") if pg else sql)


def _fill(table: str, dialect: str) -> str:
    pg = dialect == "postgresql"
    count = {"threads": THREADS, "inquiries": INQUIRIES, "suggestions": INQUIRIES}.get(table, LEADS)
    rows = (
        f"generate_series(1, {count}) AS g(i)"
        if pg
        else f"(WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {count})"
        " SELECT i FROM g)"
    )
    columns, values = _COLUMNS[table]
    moment = _MOMENT[table]
    shown = values.format(
        i="i", ts=_ts(moment, pg), day=_day(moment, pg), later=_ts(f"({moment}) + 3600", pg),
        category=_CATEGORY.format(i=_INQUIRY[table]), true="true" if pg else "1",
        false="false" if pg else "0",
    )  # fmt: skip
    return f"INSERT INTO {table} ({columns}) SELECT {shown} FROM {rows}"


def _ts(seconds: str, pg: bool) -> str:
    if pg:
        return f"to_timestamp({seconds})"
    return f"strftime('%Y-%m-%d %H:%M:%S', {seconds}, 'unixepoch') || '.000000'"


def _day(seconds: str, pg: bool) -> str:
    if pg:
        return f"(to_timestamp({seconds}) AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({seconds} + 28800, 'unixepoch')"  # Shanghai: UTC+8 all year


# The moment (seconds) of row i: inquiry i; a thread's first message; a lead 5 minutes
# after its thread's last message (thread t = i * 5 / 4 skips every fifth thread).
_INQ_T = f"CAST({START} + (i - 1) * {STEP} AS INTEGER)"
_LEAD_THREAD = "(i * 5 / 4)"
_LEAD_T = f"(CAST({START} + ({_LEAD_THREAD} * 4 - 1) * {STEP} AS INTEGER) + 300)"
_MOMENT = {
    "threads": f"CAST({START} + ((i - 1) * 4) * {STEP} AS INTEGER)",
    "inquiries": _INQ_T,
    "suggestions": _INQ_T,
    "leads": _LEAD_T,
    "lead_events": _LEAD_T,
}
_INQUIRY = {"inquiries": "i", "suggestions": "i", "threads": "i", "leads": "i", "lead_events": "i"}
_COLUMNS = {
    "threads": (
        "id, account_id, operator_id, messages, lead_id, created_at, last_at",
        "i, 1 + (i * 4 - 3) % 2, 1 + (i * 4 - 3) % 10, 4,"
        " CASE WHEN i % 5 = 4 THEN NULL ELSE (4 * i + 4) / 5 END, {ts}, {ts}",
    ),
    "inquiries": (
        "id, account_id, operator_id, channel, text, category, script_id, score, confident,"
        " created_at, thread_id, position, local_day",
        "i, 1 + i % 2, 1 + i % 10, 'dm', 'q' || i, {category},"
        " CASE WHEN i % 10 = 0 THEN NULL ELSE 's' || (i % 6) || '_' || (i % 3) END, 50.0,"
        " {true}, {ts}, (i - 1) / 4 + 1, (i - 1) % 4 + 1, {day}",
    ),
    "suggestions": (
        "id, inquiry_id, account_id, script_id, position, text, text_key, used, used_at,"
        " created_at, hook",
        "i, i, 1 + i % 2, CASE WHEN i % 10 = 0 THEN '' ELSE 's' || (i % 6) || '_' || (i % 3)"
        " END, 0, 'r', 'k' || (i % 1000), CASE WHEN i % 3 = 0 THEN {true} ELSE {false} END,"
        " CASE WHEN i % 3 = 0 THEN {ts} END, {ts},"
        " CASE WHEN (i - 1) % 4 = 0 THEN 'hook' END",
    ),
    "leads": (
        "id, clue_number, account_id, local_day, seq, created_at, red_nickname, need, city,"
        " source, status, deal_value, notes, operator_id, inquiry_id",
        f"i, 'B' || i, 1 + ({_LEAD_THREAD} * 4 - 3) % 2, {{day}}, i, {{ts}}, '', '',"
        " CASE i % 4 WHEN 0 THEN '北京' WHEN 1 THEN '上海' WHEN 2 THEN '广州' END, 'dm',"
        " CASE WHEN i % 20 = 0 THEN 'won' ELSE 'new' END,"
        " CASE WHEN i % 20 = 0 THEN 10000 + (i % 7) * 1000 END, '',"
        f" 1 + ({_LEAD_THREAD} * 4 - 3) % 10, {_LEAD_THREAD} * 4",
    ),
    "lead_events": (
        "id, lead_id, created_at, kind, old_status, new_status",
        "i, i, CASE WHEN i % 20 = 0 THEN {later} ELSE {ts} END,"
        " CASE WHEN i % 20 = 0 THEN 'status' ELSE 'created' END,"
        " CASE WHEN i % 20 = 0 THEN 'new' END, CASE WHEN i % 20 = 0 THEN 'won' ELSE 'new' END",
    ),
}
