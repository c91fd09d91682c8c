"""The shopping agent as a LangGraph graph.

    START -> intake -> assistant -> tools -> assistant -> ... -> END
                          |           |
                          |           +-> confirm (interrupt) -> [code (interrupt)] -> tools
                          +-> wrap_up (step budget spent) -> END

Every tool call in the history gets exactly one tool message: `tools` answers calls in order
and stops at a payment, `confirm`/`code` answer the payment after the human decides, and
`intake` closes any call a crash or a new message left open before adding the message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.config import get_config, get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import interrupt
from sqlalchemy import Engine

import store
from agent.context import Context
from agent.history import fit_history
from agent.model import ModelClient, render_messages
from agent.prompts import system_message
from agent.state import (
    AgentState,
    AssistantMessage,
    Message,
    ToolCall,
    ToolResult,
    UserMessage,
    messages_of,
)
from tools import (
    REGISTRY,
    PaymentRequest,
    ToolContext,
    ToolError,
    ToolRegistry,
    charge,
    present_payment,
    submit_code,
)

ClientFor = Callable[[str], ModelClient]

NOT_RUN = (
    "Not run: the conversation moved on before this call finished. "
    "Check the cart or order before repeating it."
)
PAYMENT_ABANDONED = "The customer wrote again instead of confirming; nothing was charged."
WRAP_UP = {
    "en": "I've taken as many steps as I can for one message. Tell me how you'd like to continue.",
    "zh": "这条消息我已经处理了很多步骤。请告诉我接下来想怎么做。",
}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def tool_message(
    call_id: str, name: str, content: str, *, ok: bool, data: Any = None
) -> ToolResult:
    """A tool result record: `content` for the model, `data` (made JSON-ready) for programs."""
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
    return ToolResult(tool_call_id=call_id, name=name, content=content, ok=ok, data=data)


def open_calls(messages: list[Message]) -> list[ToolCall]:
    """Tool calls of the last assistant message that have no tool result yet, in order."""
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if isinstance(message, AssistantMessage):
            later = messages[index + 1 :]
            answered = {m.tool_call_id for m in later if isinstance(m, ToolResult)}
            return [c for c in message.tool_calls if c.id not in answered]
        if isinstance(message, UserMessage):
            return []
    return []


def _error_reply(call_id: str, name: str, error: store.StoreError | ToolError) -> ToolResult:
    return tool_message(call_id, name, _json(error.to_dict()), ok=False, data=error.to_dict())


def _payment_outcome(call_id: str, result: store.PaymentResult) -> ToolResult:
    succeeded = result.status == store.PaymentStatus.succeeded
    payload = _json(present_payment(result))
    return tool_message(call_id, "pay_order", payload, ok=succeeded, data=result)


def _payment_reply(call_id: str, order_id: int | None, status: str, message: str) -> ToolResult:
    payload = {"payment": {"order_id": order_id, "status": status, "message": message}}
    return tool_message(call_id, "pay_order", _json(payload), ok=False, data=payload)


def build_graph(
    *,
    engine: Engine,
    client_for: ClientFor,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    registry: ToolRegistry = REGISTRY,
    max_steps: int = 8,
    history_token_budget: int = 6000,
) -> CompiledStateGraph[AgentState, Context, AgentState, AgentState]:
    """Compile the agent graph over a store engine and a way to get model clients."""
    tool_schemas = registry.schemas()

    def tool_context(runtime: Runtime[Context]) -> ToolContext:
        with store.session_scope(engine) as session:
            customer = store.get_customer(session, runtime.context.customer_id)
        return ToolContext(engine=engine, customer_id=customer.id, language=customer.language)

    def intake(state: AgentState) -> dict[str, Any]:
        messages = messages_of(state)
        pending = state.get("pending_payment") or state.get("pending_code") or {}
        not_run = {"error": "not_run", "message": NOT_RUN}
        closing = [
            _payment_reply(c.id, pending.get("order_id"), "not_charged", PAYMENT_ABANDONED)
            if c.id == pending.get("call_id")
            else tool_message(c.id, c.name, _json(not_run), ok=False, data=not_run)
            for c in open_calls(messages)
        ]
        incoming = state.get("incoming")
        user = [UserMessage(content=incoming)] if incoming else []
        return {
            "messages": [*closing, *user],
            "incoming": None,
            "pending_payment": None,
            "pending_code": None,
            "steps": 0,
        }

    def assistant(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
        context = runtime.context
        with store.session_scope(engine) as session:
            customer = store.get_customer(session, context.customer_id)
            prefs = store.recall_preferences(session, customer_id=customer.id)
        system = system_message(
            customer_name=customer.name,
            language=customer.language,
            preferences={p.key: p.value for p in prefs},
        )
        client = client_for(context.model)
        history = fit_history(messages_of(state), history_token_budget)
        wire = render_messages(system, history, client.endpoint.profile)
        writer = get_stream_writer()
        turn = client.complete(
            wire, tool_schemas, on_delta=lambda kind, text: writer({"kind": kind, "text": text})
        )
        record = AssistantMessage(
            content=turn.content,
            reasoning=turn.reasoning,
            tool_calls=turn.tool_calls,
            usage=turn.usage,
            model=context.model,
        )
        return {"messages": [record], "steps": state.get("steps", 0) + 1}

    def after_assistant(state: AgentState) -> Literal["tools", "wrap_up", "__end__"]:
        if not open_calls(messages_of(state)):
            return "__end__"
        return "wrap_up" if state.get("steps", 0) >= max_steps else "tools"

    def wrap_up(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
        language = tool_context(runtime).language
        spent = {"error": "step_budget", "message": "Not run: step budget spent."}
        closing = [
            tool_message(c.id, c.name, _json(spent), ok=False, data=spent)
            for c in open_calls(messages_of(state))
        ]
        reply = AssistantMessage(content=WRAP_UP.get(language, WRAP_UP["en"]))
        return {"messages": [*closing, reply]}

    def run_call(ctx: ToolContext, call: ToolCall) -> ToolResult:
        try:
            tool = registry.get(call.name)
        except ToolError as exc:
            return _error_reply(call.id, call.name, exc)
        outcome = tool.run(ctx, call.arguments)
        return tool_message(call.id, call.name, outcome.content, ok=outcome.ok, data=outcome.data)

    def tools(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = tool_context(runtime)
        thread_id = get_config()["configurable"]["thread_id"]
        answers: list[ToolResult] = []
        calls = open_calls(messages_of(state))
        index = 0
        while index < len(calls):
            call = calls[index]
            tool = registry.tools.get(call.name)
            if tool is not None and tool.needs_confirmation:
                outcome = tool.run(ctx, call.arguments)
                if not outcome.ok:
                    answers.append(
                        tool_message(
                            call.id, call.name, outcome.content, ok=False, data=outcome.data
                        )
                    )
                    index += 1
                    continue
                request: PaymentRequest = outcome.data
                pending = {
                    "call_id": call.id,
                    "order_id": request.summary.order_id,
                    "request": request.model_dump(mode="json"),
                    # Same call, same key: a replayed step can never charge twice.
                    "idempotency_key": f"{thread_id}:{call.id}",
                }
                return {"messages": answers, "pending_payment": pending}
            # Run a stretch of read-only calls together; anything else alone, in order.
            batch = [call]
            if tool is not None and tool.read_only:
                while index + len(batch) < len(calls):
                    following = registry.tools.get(calls[index + len(batch)].name)
                    if following is None or not following.read_only:
                        break
                    batch.append(calls[index + len(batch)])
            if len(batch) > 1:
                with ThreadPoolExecutor(max_workers=min(4, len(batch))) as pool:
                    answers.extend(pool.map(lambda c: run_call(ctx, c), batch))
            else:
                answers.append(run_call(ctx, call))
            index += len(batch)
        return {"messages": answers}

    def after_tools(state: AgentState) -> Literal["confirm", "assistant"]:
        return "confirm" if state.get("pending_payment") else "assistant"

    def confirm(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
        pending = state["pending_payment"]
        assert pending is not None  # routed here only with a pending payment
        request = PaymentRequest.model_validate(pending["request"])
        decision = interrupt(
            {
                "type": "confirm_payment",
                "summary": pending["request"]["summary"],
                "confirmation_token": request.confirmation_token,
            }
        )
        call_id, order_id = pending["call_id"], pending["order_id"]
        done: dict[str, Any] = {"pending_payment": None}
        if not (isinstance(decision, dict) and decision.get("confirm")):
            reply = _payment_reply(
                call_id,
                order_id,
                "not_charged",
                "The customer declined the payment; nothing was charged.",
            )
            return {**done, "messages": [reply]}
        if decision.get("confirmation_token") != request.confirmation_token:
            reply = _payment_reply(
                call_id,
                order_id,
                "not_charged",
                "The confirmation did not match this payment; nothing was charged.",
            )
            return {**done, "messages": [reply]}
        try:
            result = charge(
                tool_context(runtime), request, idempotency_key=pending["idempotency_key"]
            )
        except store.StoreError as exc:
            return {**done, "messages": [_error_reply(call_id, "pay_order", exc)]}
        if result.status == store.PaymentStatus.requires_action:
            return {
                **done,
                "pending_code": {
                    "call_id": call_id,
                    "order_id": order_id,
                    "payment_id": result.payment_id,
                    "message": result.message,
                },
            }
        return {**done, "messages": [_payment_outcome(call_id, result)]}

    def after_confirm(state: AgentState) -> Literal["code", "tools"]:
        return "code" if state.get("pending_code") else "tools"

    def code(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
        pending = state["pending_code"]
        assert pending is not None  # routed here only with a pending code
        answer = interrupt(
            {
                "type": "payment_code",
                "order_id": pending["order_id"],
                "payment_id": pending["payment_id"],
                "message": pending["message"],
            }
        )
        call_id = pending["call_id"]
        done: dict[str, Any] = {"pending_code": None}
        entered = answer.get("code") if isinstance(answer, dict) else None
        if not entered:
            reply = _payment_reply(
                call_id,
                pending["order_id"],
                "not_charged",
                "The customer did not enter the one-time code; nothing was charged.",
            )
            return {**done, "messages": [reply]}
        try:
            result = submit_code(tool_context(runtime), pending["payment_id"], str(entered))
        except store.StoreError as exc:
            return {**done, "messages": [_error_reply(call_id, "pay_order", exc)]}
        return {**done, "messages": [_payment_outcome(call_id, result)]}

    builder = StateGraph(AgentState, context_schema=Context)
    builder.add_node("intake", intake)
    builder.add_node("assistant", assistant)
    builder.add_node("tools", tools)
    builder.add_node("confirm", confirm)
    builder.add_node("code", code)
    builder.add_node("wrap_up", wrap_up)
    builder.add_edge(START, "intake")
    builder.add_edge("intake", "assistant")
    builder.add_conditional_edges("assistant", after_assistant)
    builder.add_conditional_edges("tools", after_tools)
    builder.add_conditional_edges("confirm", after_confirm)
    builder.add_edge("code", "tools")
    builder.add_edge("wrap_up", END)
    return builder.compile(checkpointer=checkpointer)
