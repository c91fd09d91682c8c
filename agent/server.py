"""The graph for LangGraph Server (`langgraph dev`): see langgraph.json and the README.

The server brings its own checkpointer and calls `make_graph` for every request. The graph is
built once, off the event loop (opening the store and loading the demo shop block, and the
server refuses blocking calls on its loop). A run's input is the customer's new message, in
OpenAI style (`{"role": "user", "content": ...}`) or LangChain style (`{"type": "human",
...}`, as Studio and Agent Chat UI send it); its context names the customer by handle.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from langgraph.graph.state import CompiledStateGraph
from typing_extensions import TypedDict  # pydantic needs it for schemas on Python < 3.12

from agent.config import ModelClients
from agent.graph import build_graph
from agent.state import Message
from store import get_customer, get_engine, read_scope, seed_if_empty
from store.settings import get_settings


class InputMessage(TypedDict, total=False):
    """A customer's message: OpenAI style (`role`) or LangChain style (`type`)."""

    role: Literal["user"]
    type: Literal["human"]
    content: str | list[dict[str, Any]]
    """Text, or content parts (`{"type": "text", "text": ...}`)."""


class ServerInput(TypedDict, total=False):
    """A run's input: the customer's new message (the last human one counts)."""

    messages: list[InputMessage]


class ServerOutput(TypedDict):
    """What a run leaves: the whole conversation, as our records."""

    messages: list[Message]


@dataclass(frozen=True)
class ServerContext:
    """A run's context on LangGraph Server: who is shopping, with which model."""

    customer: str
    """The customer's handle (`alice`, `bob`, `chen` in the demo shop) or id."""

    model: str = "offline"
    """Name of the configured model endpoint (`shopagent models` lists them)."""

    @cached_property
    def customer_id(self) -> int:
        """The customer's id, read from the store (in a node: never on the event loop)."""
        with read_scope(get_engine()) as session:
            return get_customer(session, self.customer).id


_graph: CompiledStateGraph[Any, Any, Any, Any] | None = None
_building = threading.Lock()


def _build() -> CompiledStateGraph[Any, Any, Any, Any]:
    settings = get_settings()
    engine = get_engine()
    seed_if_empty(engine)
    return build_graph(
        engine=engine,
        client_for=ModelClients(),
        max_steps=settings.max_steps,
        history_token_budget=settings.history_token_budget,
        input_schema=ServerInput,
        output_schema=ServerOutput,
        context_schema=ServerContext,
    )


def _built() -> CompiledStateGraph[Any, Any, Any, Any]:
    global _graph
    with _building:
        if _graph is None:
            _graph = _build()
    return _graph


async def make_graph() -> CompiledStateGraph[Any, Any, Any, Any]:
    """The graph over the configured store (the demo shop when empty), built once."""
    return _graph if _graph is not None else await asyncio.to_thread(_built)
