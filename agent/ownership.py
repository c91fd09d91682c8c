"""The compiled graph, refusing a run on another customer's thread before anything is written.

LangGraph writes a run's input (the customer's message, a resume) into the thread's checkpoint
before any node runs, so a check inside the nodes comes too late: a foreign run's message would
already sit in the owner's thread. `OwnedGraph` checks the thread's owner against the run's
context first, in `stream` and `astream`, which every way of running the graph goes through
(`invoke`, `astream_events`, LangGraph Server's runs). A customer message ShoppingAgent would
refuse (over-long, or empty once its control characters are gone) is refused there too.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import is_dataclass
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import Engine

import store
from agent.state import require_customer_texts


class OwnedGraph(CompiledStateGraph[Any, Any, Any, Any]):
    """A compiled graph whose runs act only on the run's customer's own (or a new) thread."""

    def __init__(self, *, engine: Engine, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.engine = engine

    @classmethod
    def of(cls, graph: CompiledStateGraph[Any, Any, Any, Any], engine: Engine) -> OwnedGraph:
        """`graph` with the ownership check (as `Pregel.copy` builds a copy)."""
        attrs = {k: v for k, v in graph.__dict__.items() if k != "__orig_class__"}
        return cls(engine=engine, **attrs)

    def stream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        """Like `CompiledStateGraph.stream`, after checking the message and whose thread it is."""
        require_customer_texts(input)
        if thread_id := _thread_id(config):
            self._require_owner(
                thread_id,
                kwargs.get("context"),
                lambda: self._saves() and bool(self.get_state(config or {}).values),
            )
        yield from super().stream(input, config, **kwargs)

    async def astream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Like `CompiledStateGraph.astream`, after checking the message and whose thread it is."""
        require_customer_texts(input)
        if thread_id := _thread_id(config):
            has_history = self._saves() and bool((await self.aget_state(config or {})).values)
            # The store is read off the event loop (LangGraph Server refuses blocking calls).
            await asyncio.to_thread(
                self._require_owner, thread_id, kwargs.get("context"), lambda: has_history
            )
        async for part in super().astream(input, config, **kwargs):
            yield part

    def _saves(self) -> bool:
        return isinstance(self.checkpointer, BaseCheckpointSaver)

    def _require_owner(self, thread_id: str, context: Any, has_history: Callable[[], bool]) -> None:
        """Raise `store.ForeignConversation` unless the thread is the run's customer's or new."""
        customer_id = _customer_id(self.context_schema, context)
        if customer_id is None:
            return  # no customer named: the nodes refuse the run before any tool acts
        with store.read_scope(self.engine) as session:
            store.require_own_conversation(
                session, customer_id=customer_id, thread_id=thread_id, has_history=has_history
            )


def _thread_id(config: RunnableConfig | None) -> str | None:
    thread_id = ((config or {}).get("configurable") or {}).get("thread_id")
    return str(thread_id) if thread_id is not None else None


def _customer_id(schema: Any, context: Any) -> int | None:
    """The run's customer, from its context (a dict is read as LangGraph would coerce it)."""
    if isinstance(context, dict) and is_dataclass(schema) and isinstance(schema, type):
        context = schema(**context)
    customer_id = getattr(context, "customer_id", None)
    return customer_id if isinstance(customer_id, int) else None
