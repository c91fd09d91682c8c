"""A small shop on each backend, and tool contexts for its customers."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.agent.conftest import fake  # noqa: F401  (the fake provider, for agent tests)
from tests.shop import Shop, build_shop


@pytest.fixture
def shop(engine: Engine) -> Shop:
    """The small shop on SQLite and on PostgreSQL."""
    return build_shop(engine)
