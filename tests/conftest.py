"""Database fixtures shared by every test package: the same tests on SQLite and PostgreSQL.

PostgreSQL runs when REPLYDESK_TEST_PG_URL names a server (`eval "$(.ci/postgres.sh)"`);
each test gets its own freshly created database there. Without it the PostgreSQL cases
skip locally, and fail when CI=true, so CI cannot go green without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_db, make_session_factory, upgrade

PG_ENV = "REPLYDESK_TEST_PG_URL"
PG_HINT = f"set {PG_ENV} or run .ci/postgres.sh"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker carried by the PostgreSQL cases (`-m 'not postgresql'`)."""
    config.addinivalue_line("markers", "postgresql: needs a PostgreSQL server")


@pytest.fixture(scope="session", autouse=True)
def _model_cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Trained models are kept in a folder of this test run, not the user's cache folder:
    XDG_CACHE_HOME is where platformdirs puts it, here and in every subprocess started."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME")
    else:
        os.environ["XDG_CACHE_HOME"] = saved


def _unavailable(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the test server, used to create and drop databases."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        _unavailable(f"PostgreSQL tests: {PG_HINT}")
    engine = make_db(url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach the server means "unavailable"
        engine.dispose()
        _unavailable(f"PostgreSQL tests: {str(exc).splitlines()[0]}; {PG_HINT}")
    yield engine
    engine.dispose()


def _fresh_pg_database(admin: Engine) -> Iterator[str]:
    name = f"replydesk_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            # FORCE: a test that failed half-way may leave connections behind.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'replydesk.sqlite'}"
    else:
        yield from _fresh_pg_database(request.getfixturevalue("pg_admin"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on db_url, not yet migrated."""
    engine = make_db(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory on a database migrated to the newest revision."""
    upgrade(engine)
    return make_session_factory(engine)
