"""The baseline: LangGraph's prebuilt ReAct agent over the same tools, prompt and store.

`create_react_agent` with `langchain_openai.ChatOpenAI` and a `SqliteSaver`, as a team would
write it from LangGraph's documentation: each of our tool functions given to LangChain's `@tool`
(which makes the schema from the signature and sends the whole docstring as the description),
answering with the same result text as ours, the same system prompt, and pay_order asking the
human through `interrupt` before it charges (refund_order before it refunds).
"""

from __future__ import annotations

import inspect
import sqlite3
import uuid
import warnings
from pathlib import Path
from typing import Any, get_type_hints

from sqlalchemy import Engine

import store
from agent.payment import not_charged
from agent.prompts import system_message
from tools import (
    REGISTRY,
    PaymentRequest,
    RefundRequest,
    Tool,
    ToolContext,
    ToolOutcome,
    charge,
    compact_json,
    not_refunded,
    present_payment,
    present_refund,
    refund,
    submit_code,
)


def _payment_result(ctx: ToolContext, result: store.PaymentResult) -> str:
    if result.status == store.PaymentStatus.requires_action:
        from langgraph.types import interrupt

        answer = interrupt({"type": "payment_code", "message": result.message})
        result = submit_code(ctx, result.payment_id, str(answer.get("code") or ""))
    return compact_json(present_payment(result))


def _refund_result(ctx: ToolContext, outcome: ToolOutcome) -> str:
    """A refund, once the human confirms it (refund_order only prepares it)."""
    from langgraph.types import interrupt

    decision = interrupt({"type": "confirm_refund", "summary": outcome.content})
    request: RefundRequest = outcome.data
    if not decision.get("confirm"):
        message = "The customer declined the refund; nothing was refunded."
        return compact_json(not_refunded(request.summary.order_id, message))
    try:
        view = refund(ctx, request)
    except store.StoreError as exc:
        return compact_json(exc.to_dict())
    return compact_json(present_refund(view, ctx))


def _run_tool(tool: Tool, ctx: ToolContext, arguments: dict[str, Any]) -> str:
    """What the model reads from a call; a payment first asks the human (an interrupt)."""
    from langgraph.types import interrupt

    outcome = tool.run(ctx, arguments)
    if not (outcome.ok and tool.needs_confirmation):
        return outcome.content
    if isinstance(outcome.data, RefundRequest):
        return _refund_result(ctx, outcome)
    request: PaymentRequest = outcome.data
    decision = interrupt({"type": "confirm_payment", "summary": outcome.content})
    if not decision.get("confirm"):
        message = "The customer declined the payment; nothing was charged."
        return not_charged("", request.summary.order_id, message).content
    try:
        result = charge(ctx, request, idempotency_key=f"pay-{uuid.uuid4().hex}")
    except store.StoreError as exc:
        return compact_json(exc.to_dict())
    return _payment_result(ctx, result)


def langchain_tool(tool: Tool, ctx: ToolContext) -> Any:
    """One of our tool functions as LangChain's `@tool` makes it: schema from the signature
    (the run context left out), the whole docstring as the description."""
    from langchain_core.tools import tool as as_langchain_tool

    params = list(inspect.signature(tool.func).parameters.values())[1:]
    hints = get_type_hints(tool.func, include_extras=True)

    def run(**arguments: Any) -> str:
        return _run_tool(tool, ctx, arguments)

    run.__name__ = tool.name
    run.__doc__ = inspect.getdoc(tool.func)
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: hints[p.name] for p in params}
    return as_langchain_tool(run)


def langchain_tools(ctx: ToolContext) -> list[Any]:
    """Every tool of our registry, acting for `ctx`'s customer."""
    return [langchain_tool(tool, ctx) for tool in REGISTRY]


class PrebuiltAgent:
    """One customer's prebuilt ReAct agent, checkpointed in its own SQLite file."""

    def __init__(
        self, engine: Engine, customer: str, *, base_url: str, model: str, checkpoints: Path
    ) -> None:
        from langchain_openai import ChatOpenAI
        from langgraph.checkpoint.sqlite import SqliteSaver

        with warnings.catch_warnings():  # create_react_agent is deprecated in LangGraph 1.x
            warnings.simplefilter("ignore")
            from langgraph.prebuilt import create_react_agent

        with store.session_scope(engine) as session:
            found = store.get_customer(session, customer)
            prefs = store.recall_preferences(session, customer_id=found.id)
            prompt = system_message(
                customer_name=found.name,
                language=found.language,
                preferences={p.key: p.value for p in prefs},
            )["content"]
            ctx = ToolContext(engine=engine, customer_id=found.id, language=found.language)
        llm = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key="not-needed",  # type: ignore[arg-type]
            streaming=True,  # as shopagent streams
            stream_usage=True,
            max_retries=0,
        )
        self._conn = sqlite3.connect(checkpoints, check_same_thread=False)
        self._conn.execute("PRAGMA synchronous=NORMAL")  # as shopagent's checkpoints (no fsync)
        saver = SqliteSaver(self._conn)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.graph = create_react_agent(
                llm, langchain_tools(ctx), prompt=prompt, checkpointer=saver
            )
        self.config: Any = {"configurable": {"thread_id": uuid.uuid4().hex}}

    def send(self, text: str) -> dict[str, Any]:
        """One customer message, run until the model answers or a payment waits."""
        return self.graph.invoke({"messages": [("user", text)]}, self.config)  # type: ignore[no-any-return]

    def resume(self, answer: dict[str, Any]) -> dict[str, Any]:
        """Answer what waits (a payment confirmation or a card's code)."""
        from langgraph.types import Command

        return self.graph.invoke(Command(resume=answer), self.config)  # type: ignore[no-any-return]

    def close(self) -> None:
        """Release the checkpoint file."""
        self._conn.close()
