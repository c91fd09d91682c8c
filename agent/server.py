"""The graph for LangGraph Server (`langgraph dev`): see langgraph.json.

The server brings its own checkpointer and passes the `Context` of each run.
"""

from __future__ import annotations

from typing import Any

from agent.config import ModelClients
from agent.graph import build_graph
from store import get_engine, seed_if_empty
from store.settings import get_settings


def make_graph() -> Any:
    """Build the graph over the configured store (the demo shop when empty) and endpoints."""
    settings = get_settings()
    engine = get_engine()
    seed_if_empty(engine)
    return build_graph(
        engine=engine,
        client_for=ModelClients(),
        max_steps=settings.max_steps,
        history_token_budget=settings.history_token_budget,
    )
