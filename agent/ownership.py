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
from dataclasses import dataclass, is_dataclass
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import Engine

import store
from agent.state import require_customer_texts

OWNER_CHECKED = "__shopagent_owner_checked"
"""The run config's mark that `OwnedGraph` found the thread on record as the run's customer's
(LangGraph keeps `__` keys out of checkpoint metadata)."""


@dataclass(frozen=True)
class OwnerChecked:
    """The mark's value: only code in this process can make one (a client sends JSON)."""

    customer_id: int
    thread_id: str


def owner_checked(config: RunnableConfig, customer_id: int) -> bool:
    """Whether this run's thread was found on record as `customer_id`'s before the run began.

    A thread's owner never changes, so a node may then act for the customer without asking
    the store again.
    """
    configurable = config.get("configurable") or {}
    thread_id = str(configurable.get("thread_id"))
    return configurable.get(OWNER_CHECKED) == OwnerChecked(customer_id, thread_id)


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
        config = self._checked(
            config,
            kwargs.get("context"),
            lambda: self._saves() and bool(self.get_state(config or {}).values),
        )
        yield from super().stream(input, config, **kwargs)

    async def astream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Like `CompiledStateGraph.astream`, after checking the message and whose thread it is."""
        require_customer_texts(input)
        if _thread_id(config):
            has_history = self._saves() and bool((await self.aget_state(config or {})).values)
            # The store is read off the event loop (LangGraph Server refuses blocking calls).
            config = await asyncio.to_thread(
                self._checked, config, kwargs.get("context"), lambda: has_history
            )
        async for part in super().astream(input, config, **kwargs):
            yield part

    def _saves(self) -> bool:
        return isinstance(self.checkpointer, BaseCheckpointSaver)

    def _checked(
        self, config: RunnableConfig | None, context: Any, has_history: Callable[[], bool]
    ) -> RunnableConfig | None:
        """`config`, marked when the thread is on record as the run's customer's.

        Raises:
            store.ForeignConversation: unless the thread is the run's customer's or new.
        """
        thread_id = _thread_id(config)
        if config is None or thread_id is None:
            return config
        # Only this method marks a run: a mark that came with the config is dropped.
        configurable = {k: v for k, v in config["configurable"].items() if k != OWNER_CHECKED}
        customer_id = _customer_id(self.context_schema, context)
        # No customer named: the nodes refuse the run before any tool acts.
        if customer_id is not None:
            with store.read_scope(self.engine) as session:
                if store.require_own_conversation(
                    session, customer_id=customer_id, thread_id=thread_id, has_history=has_history
                ):
                    configurable[OWNER_CHECKED] = OwnerChecked(customer_id, thread_id)
        return {**config, "configurable": configurable}


def _thread_id(config: RunnableConfig | None) -> str | None:
    thread_id = ((config or {}).get("configurable") or {}).get("thread_id")
    return str(thread_id) if thread_id is not None else None


def _customer_id(schema: Any, context: Any) -> int | None:
    """The run's customer, from its context (a dict is read as LangGraph would coerce it)."""
    if isinstance(context, dict) and is_dataclass(schema) and isinstance(schema, type):
        context = schema(**context)
    customer_id = getattr(context, "customer_id", None)
    return customer_id if isinstance(customer_id, int) else None
