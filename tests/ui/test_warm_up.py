"""`ui.serve.warm_up`: what `shopagent ui` prepares while its server starts, for the first page."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

import store
from agent import AgentRuntime
from store.db import reset_engine
from ui.components import state
from ui.serve import warm_up

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def test_the_first_page_uses_the_runtime_the_warm_up_built(monkeypatch: pytest.MonkeyPatch):
    built = []

    def counted(**kwargs):
        built.append(AgentRuntime(**kwargs))
        return built[-1]

    monkeypatch.setattr(state, "AgentRuntime", counted)
    warm_up()
    assert len(built) == 1, "the runtime is built before any visit"
    with store.read_scope(built[0].engine) as session:
        assert store.list_customers(session), "and the demo shop is in the store"
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    assert len(built) == 1 and state.runtime() is built[0]
    assert at.session_state["customer"] == "alice"


def test_a_store_that_cannot_open_is_left_for_the_first_page_to_explain(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("SHOPAGENT_DATABASE_URL", "sqlite:////nonexistent-dir/deeper/shop.db")
    reset_engine()
    warm_up()  # raises nothing: the app says what is wrong when someone visits
    with pytest.raises(OperationalError, match="unable to open"):
        store.get_engine()
