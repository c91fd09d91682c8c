"""What the graph's nodes share: the parts they work with, the turn's customer, tool results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime
from sqlalchemy import Engine
from sqlmodel import Session

import store
from agent.context import Context
from agent.model import ModelClient
from agent.ownership import owner_checked
from agent.state import AgentState, Shopper, ToolResult
from tools import ToolContext, ToolError, ToolRegistry, compact_json

ClientFor = Callable[[str], ModelClient]


@dataclass(frozen=True)
class Parts:
    """The process-wide parts every node works with (the run's own facts are in `Context`)."""

    engine: Engine
    client_for: ClientFor
    registry: ToolRegistry
    max_steps: int = 8
    history_token_budget: int = 6000

    @cached_property
    def tool_schemas(self) -> list[dict[str, Any]]:
        """The tools' definitions for every model request (built once)."""
        return self.registry.schemas()


def read_shopper(session: Session, customer_id: int) -> Shopper:
    """The customer's name, language and remembered preferences, read in `session`."""
    customer, preferences = store.customer_with_preferences(session, customer_id)
    return Shopper(
        id=customer.id, name=customer.name, language=customer.language, preferences=preferences
    )


def load_shopper(engine: Engine, customer_id: int) -> Shopper:
    """The customer's name, language and remembered preferences, in one store read."""
    with store.read_scope(engine) as session:
        return read_shopper(session, customer_id)


def shopper(state: AgentState, runtime: Runtime[Context], parts: Parts) -> Shopper:
    """The turn's customer: read at the turn's start, for the customer of this run only."""
    known = state.get("shopper")
    if known is not None and known.id == runtime.context.customer_id:
        return known
    return load_shopper(parts.engine, runtime.context.customer_id)


def tool_context(state: AgentState, runtime: Runtime[Context], parts: Parts) -> ToolContext:
    """Who the tools act for: the run's customer, in their language, on their own thread.

    The thread is checked on every use (unless `OwnedGraph` found it the customer's before
    this run began), so a run with another customer's context (a server resume, say) is
    refused before any tool or payment acts.
    """
    customer = shopper(state, runtime, parts)
    config = get_config()
    if not owner_checked(config, customer.id):
        with store.read_scope(parts.engine) as session:
            store.require_own_conversation(
                session, customer_id=customer.id, thread_id=config["configurable"]["thread_id"]
            )
    return ToolContext(engine=parts.engine, customer_id=customer.id, language=customer.language)


def tool_result(call_id: str, name: str, content: str, *, ok: bool, data: Any = None) -> ToolResult:
    """A tool call's answer: `content` for the model, `data` made JSON-ready for programs."""
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
    return ToolResult(tool_call_id=call_id, name=name, content=content, ok=ok, data=data)


def error_result(call_id: str, name: str, error: store.StoreError | ToolError) -> ToolResult:
    """A tool call's answer when it failed in an expected way the model can act on."""
    return failed(call_id, name, error.to_dict())


def failed(call_id: str, name: str, error: dict[str, Any]) -> ToolResult:
    """A tool call's answer from an error record `{"error": code, "message": ...}`."""
    return tool_result(call_id, name, compact_json(error), ok=False, data=error)
