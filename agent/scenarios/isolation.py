"""A fresh shop per scenario: a seeded template, copied for every play, never the user's data.

On SQLite the template is a file, seeded once per run and copied per scenario (a millisecond;
the search index lives in the file, so nothing is rebuilt). On PostgreSQL it is a template
database on the configured server, cloned with `CREATE DATABASE ... TEMPLATE`. Checkpoints go
beside each copy (SQLite) or into it (PostgreSQL), so threads never reach the user's list.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import store
from store.settings import get_settings

Prepare = Callable[[Engine], object]
"""Fills a new, initialised store (default: the demo catalog and customers)."""


def seed_demo_shop(engine: Engine) -> None:
    """The default template content: the demo catalog and customers."""
    store.seed_demo(engine)


@dataclass(frozen=True)
class ShopTemplate:
    """A prepared store to copy; picklable, so worker processes can copy it too."""

    url: str
    """The template's SQLAlchemy URL."""
    workdir: str
    """A folder of our own for the SQLite copies."""

    @property
    def postgres(self) -> bool:
        """Whether the template is a PostgreSQL database."""
        return make_url(self.url).get_backend_name() == "postgresql"

    @contextmanager
    def copy(self) -> Iterator[Engine]:
        """A fresh copy of the template, deleted afterwards."""
        if self.postgres:
            with _cloned_database(self.url) as url:
                engine = store.make_engine(url)
                try:
                    yield engine
                finally:
                    engine.dispose()
            return
        folder = Path(tempfile.mkdtemp(prefix="shop-", dir=self.workdir))
        target = folder / "shop.db"
        shutil.copyfile(make_url(self.url).database or "", target)
        engine = store.make_engine(f"sqlite:///{target}")
        try:
            yield engine
        finally:
            engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def shop_template(
    prepare: Prepare = seed_demo_shop, *, server_url: str | None = None
) -> Iterator[ShopTemplate]:
    """Prepare a template store once; remove it (and every copy left) at the end.

    Args:
        prepare: What to load into the new store.
        server_url: A PostgreSQL URL to put the template on (as a database of its own);
            None for a SQLite file in a temporary folder.
    """
    workdir = tempfile.mkdtemp(prefix="shopagent-scenarios-")
    try:
        if server_url and make_url(server_url).get_backend_name() == "postgresql":
            name = f"shopagent_template_{uuid.uuid4().hex[:10]}"
            url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
            _admin(url, f'CREATE DATABASE "{name}"')
            try:
                _prepare(url, prepare)
                yield ShopTemplate(url=url, workdir=workdir)
            finally:
                _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            url = f"sqlite:///{Path(workdir) / 'template.db'}"
            _prepare(url, prepare)
            yield ShopTemplate(url=url, workdir=workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def fresh_template(prepare: Prepare = seed_demo_shop) -> AbstractContextManager[ShopTemplate]:
    """A template on the configured backend: the PostgreSQL server named, else a SQLite file."""
    url = get_settings().database_url
    server = url if url and make_url(url).get_backend_name() == "postgresql" else None
    return shop_template(prepare, server_url=server)


def _prepare(url: str, prepare: Prepare) -> None:
    from agent.checkpoint import close_checkpointer, make_checkpointer

    engine = store.make_engine(url)
    try:
        store.init_db(engine)
        prepare(engine)
        if make_url(url).get_backend_name() == "postgresql":
            # The checkpoint tables are cloned with the rest (a SQLite copy makes its own file).
            close_checkpointer(make_checkpointer(url))
    finally:
        engine.dispose()  # a template database takes no connections while it is cloned


def _admin(url: str, statement: str) -> None:
    """Run a statement on the server's maintenance database (outside any transaction)."""
    admin = store.make_engine(
        make_url(url).set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as conn:
            conn.execute(text(statement))
    finally:
        admin.dispose()


@contextmanager
def _cloned_database(template_url: str) -> Iterator[str]:
    template = make_url(template_url)
    name = f"{template.database}_{uuid.uuid4().hex[:8]}"
    for attempt in range(50):
        try:
            _admin(template_url, f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
            break
        except OperationalError as exc:
            # Another worker is cloning the same template this very moment: take turns.
            if "being accessed by other users" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.05)
    try:
        yield template.set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(template_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
