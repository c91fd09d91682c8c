"""Engine and sessions: SQLite file by default, PostgreSQL by URL, schema created on first use."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Executable, Result, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine

from store import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from store.search_index import ensure_search_index
from store.settings import get_settings

_SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option of a connection that only reads (see `read_scope`).
_READ_ONLY = "shopagent_read_only"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(_READ_ONLY):
            # Deferred: with WAL a reader sees a snapshot and never takes the write lock,
            # so a long search cannot hold up another customer's add-to-cart.
            connection.exec_driver_sql("BEGIN")
        else:
            # IMMEDIATE takes the write lock up front: a read-then-write transaction can then
            # never fail half-way with "database is locked"; it waits its turn (busy_timeout).
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for `url` (default: the configured store), without touching the schema."""
    url = url or get_settings().resolved_database_url()
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if backend == "sqlite":
        _configure_sqlite(engine)
    return engine


def is_postgres(engine: Engine) -> bool:
    """Whether the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def dialect_insert(session: Session) -> Callable[..., Any]:
    """The session's dialect's `insert`, which has `on_conflict_do_...` (an upsert)."""
    return insert_for(dialect_name(session))


def insert_for(dialect_name: str) -> Callable[..., Any]:
    """The `insert` of the dialect called `dialect_name` (for statements built once per dialect)."""
    return postgresql.insert if dialect_name == "postgresql" else sqlite.insert


def execute_core(session: Session, statement: Executable, params: Any = None) -> Result[Any]:
    """Run a statement made of tables' columns, not models', in the session's transaction.

    It skips the ORM's work on every statement (about half the CPU of a small query) and its
    rows are plain rows; what the session holds is flushed first, as before an ORM statement.
    """
    if session.autoflush:
        session.flush()
    return session.execute(statement, params)


def dialect_name(session: Session) -> str:
    """The name of the session's dialect: "postgresql" or "sqlite"."""
    return session.get_bind().dialect.name


def init_db(engine: Engine) -> None:
    """Create missing tables and the search index (which then keeps itself in step)."""
    SQLModel.metadata.create_all(engine)
    ensure_search_index(engine)


_default_engine: Engine | None = None
_default_lock = threading.Lock()


def get_engine() -> Engine:
    """The process-wide engine of the configured store, its schema ready.

    It holds no data of its own: where the app, the CLI or the API start, they load the demo
    into an empty store with `seed_if_empty`.
    """
    global _default_engine
    with _default_lock:
        if _default_engine is None:
            engine = make_engine()
            init_db(engine)
            _default_engine = engine
        return _default_engine


def reset_engine() -> None:
    """Close the process-wide engine; the next `get_engine()` opens the configured store anew."""
    global _default_engine
    with _default_lock:
        if _default_engine is not None:
            _default_engine.dispose()
        _default_engine = None


@contextmanager
def read_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for reading only: it never holds SQLite's write lock, and never commits.

    Searches, product pages, carts and orders shown to people use it; anything that changes
    the store uses `session_scope`.
    """
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        session.connection(execution_options={_READ_ONLY: True})
        try:
            yield session
        finally:
            session.rollback()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (SQLite: BEGIN IMMEDIATE)."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
