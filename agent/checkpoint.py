"""Conversation checkpoints: a SQLite file beside the store, or the store's PostgreSQL database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from sqlalchemy.engine import make_url

from agent.state import RECORD_TYPES

SERDE = JsonPlusSerializer(allowed_msgpack_modules=RECORD_TYPES)
"""Revives our conversation records and LangGraph's own safe types, nothing else: a checkpoint
row cannot make the process import and build an arbitrary class."""


def make_checkpointer(database_url: str) -> BaseCheckpointSaver[str]:
    """A ready checkpointer for the store at `database_url` (tables created on first use)."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        pool = ConnectionPool(
            conninfo,
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            open=True,
        )
        postgres = PostgresSaver(pool, serde=SERDE)  # type: ignore[arg-type]
        postgres.setup()
        return postgres
    from langgraph.checkpoint.sqlite import SqliteSaver

    store_file = url.database
    if not store_file or store_file == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        path = Path(store_file)
        conn = sqlite3.connect(
            path.with_name(f"{path.stem}.checkpoints.db"), check_same_thread=False
        )
        # WAL with synchronous=NORMAL: no fsync per checkpoint, still safe if the process dies.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    sqlite = SqliteSaver(conn, serde=SERDE)
    sqlite.setup()
    return sqlite


def close_checkpointer(saver: BaseCheckpointSaver[Any]) -> None:
    """Release what a checkpointer from `make_checkpointer` holds (its connection or pool)."""
    connection = getattr(saver, "conn", None)
    close = getattr(connection, "close", None)
    if close is not None:
        close()
