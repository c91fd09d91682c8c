"""Shared fixtures: a fresh store per test, on a SQLite file and (when configured) PostgreSQL.

PostgreSQL runs when SHOPAGENT_TEST_POSTGRES_URL names a server (`.ci/run` sets it and
fails if the server is unreachable). Under CI a skipped test fails the run.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from agent.api import reset_default_runtime
from store.db import init_db, make_engine, reset_engine
from store.settings import reset_settings

POSTGRES_URL = os.environ.get("SHOPAGENT_TEST_POSTGRES_URL")
PRESETS = Path(__file__).parents[1] / "agent" / "presets.toml"


def _model_variables() -> set[str]:
    """Every variable that can pick a model, point at an endpoint or hold a key."""
    names = {"SHOPAGENT_MODEL", "SHOPAGENT_CONFIG", "SHOPAGENT_MAX_STEPS"}
    for table in tomllib.loads(PRESETS.read_text(encoding="utf-8"))["models"].values():
        names.update(table[k] for k in ("api_key_env", "base_url_env", "model_env") if k in table)
    return names | {name for name in os.environ if name.endswith("_API_KEY")}


class LiveNetworkCall(AssertionError):
    """A test tried to reach a machine other than this one (a live model, a real API)."""


def _loopback_only(connect: Any) -> Any:
    def guarded(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                raise LiveNetworkCall(
                    f"a test connected to {address!r}: tests talk to 127.0.0.1 only "
                    "(the fake provider server, PostgreSQL); never to a live endpoint"
                )
        return connect(sock, address)

    return guarded


@pytest.fixture(autouse=True)
def _no_live_models(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """No test picks a model or a key from the developer's environment or reaches the network."""
    for name in _model_variables():
        monkeypatch.delenv(name, raising=False)
    # The user's own shopagent.toml lives under XDG_CONFIG_HOME: point it at an empty place.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setattr(socket.socket, "connect", _loopback_only(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _loopback_only(socket.socket.connect_ex))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the user's real data directory and configuration."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHOPAGENT_HOME", str(home))
    monkeypatch.delenv("SHOPAGENT_DATABASE_URL", raising=False)
    # Process-wide defaults (settings, engine, agent runtime) are rebuilt for the new home.
    reset_settings()
    reset_engine()
    reset_default_runtime()


@pytest.fixture(autouse=True)
def _main_module_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit's AppTest leaves the app's script as `__main__`, and a process a later test
    spawns (the scenario runner's workers) would run that script again as it starts."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'shop.db'}"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database on the configured PostgreSQL server, dropped at the end."""
    if not POSTGRES_URL:
        pytest.skip("set SHOPAGENT_TEST_POSTGRES_URL to run the PostgreSQL variant")
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"shopagent_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fresh_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


def _ready(engine: Engine) -> Iterator[Engine]:
    init_db(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """An empty, initialised store (no demo data) on a SQLite file."""
    yield from _ready(make_engine(sqlite_url))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty, initialised store (no demo data) on each backend."""
    if request.param == "sqlite":
        yield from _ready(make_engine(request.getfixturevalue("sqlite_url")))
    else:
        yield from _ready(_fresh_postgres(request.getfixturevalue("postgres_database")))


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    if os.environ.get("CI") and terminalreporter.stats.get("skipped"):
        terminalreporter.write_line("CI: skipped tests are failures here (see -ra above)", red=True)


def pytest_sessionfinish(session, exitstatus) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("CI") and reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = 1
