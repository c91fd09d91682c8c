"""The shopping agent as a LangGraph graph.

    START -> intake -> assistant -> tools -> assistant -> ... -> END
                          |           |
                          |           +-> confirm (interrupt) -> [code (interrupt)] -> tools
                          +-> wrap_up (step budget spent) -> END
                          +-> show_again (a confirmation held during a question) -> confirm

Every tool call in the history gets exactly one tool message: `tools` answers calls in order
and stops at a call that needs the human (a payment, a refund); `confirm`
(`agent.confirmation`) and `code` (`agent.payment`) answer it after the human decides, and
`intake` closes any call a crash or a new message left open before adding the message. Each
node is a function of the state, the run (its `Context`) and the `Parts` it works with.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.config import get_config, get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Overwrite
from sqlalchemy import Engine

import store
from agent import confirmation, payment, waiting
from agent.context import Context
from agent.history import fit_history
from agent.model import render_messages
from agent.nodes import (
    ClientFor,
    Parts,
    error_result,
    failed,
    read_shopper,
    shopper,
    tool_context,
    tool_result,
)
from agent.ownership import OwnedGraph, owner_checked
from agent.prompts import system_message
from agent.state import (
    AgentState,
    AssistantMessage,
    Message,
    ToolCall,
    ToolResult,
    UserMessage,
    customer_text,
    messages_of,
)
from agent.texts import AGENT_TEXTS, translate
from tools import REGISTRY, ToolContext, ToolError, ToolRegistry

DONE_BEFORE_RESTART = (
    "Done before the app restarted, but its result was not recorded. "
    "Check the cart or order for how things stand now."
)
NOT_RUN = (
    "Not run: the conversation moved on before this call finished. "
    "Check the cart or order before repeating it."
)


def call_keys(thread_id: str, messages: list[Message]) -> dict[str, str]:
    """Our key for each call of the last assistant message: thread, message and call position.

    Stable across a crash and a replay (the history only grows), never the provider's call id.
    """
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if isinstance(message, AssistantMessage):
            return {c.id: f"{thread_id}:{index}:{n}" for n, c in enumerate(message.tool_calls)}
    return {}


def took_effect(engine: Engine, key: str | None) -> bool:
    """Whether the write call keyed `key` committed before the process stopped."""
    if key is None:
        return False
    with store.read_scope(engine) as session:
        return store.call_took_effect(session, key)


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


# --- the nodes ------------------------------------------------------------------------------------


def arrived(messages: list[Message]) -> tuple[list[Message], str | None]:
    """The history before customer messages that came as run input, and the last one's text.

    A run's input may carry the customer's message in `messages` (LangGraph Server, Studio):
    it lands at the end of the history, after any call still open. Only the last one counts;
    earlier trailing ones are from a run that never started (refused, say), never answered.
    """
    end = len(messages)
    while end and isinstance(messages[end - 1], UserMessage):
        end -= 1
    if end == len(messages):
        return messages, None
    last = messages[-1]
    assert isinstance(last, UserMessage)
    return messages[:end], last.content


def intake(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """Close calls left open, add the customer's message and read the turn's customer."""
    messages = messages_of(state)
    customer_id = runtime.context.customer_id
    thread_id = get_config()["configurable"]["thread_id"]
    incoming = state.get("incoming")
    if not incoming:
        messages, incoming = arrived(messages)
    if incoming:
        # Bounded here for LangGraph Server's input (ShoppingAgent checks before its run).
        incoming = customer_text(incoming)
        # The thread is the customer's who first writes in it; anyone else is refused here.
        with store.session_scope(parts.engine) as session:
            customer = read_shopper(session, customer_id)
            store.touch_conversation(
                session,
                customer_id=customer_id,
                thread_id=thread_id,
                first_message=incoming,
                model=runtime.context.model,
            )
    else:
        with store.read_scope(parts.engine) as session:
            if not owner_checked(get_config(), customer_id):
                store.require_own_conversation(
                    session, customer_id=customer_id, thread_id=thread_id
                )
            customer = read_shopper(session, customer_id)
    kind, pending = waiting.waiting(state) or ("", {})
    keys = call_keys(thread_id, messages)
    closing: list[Message] = []
    held: dict[str, Any] | None = None
    for c in open_calls(messages):
        if c.id != pending.get("call_id"):
            closing.append(
                failed(
                    c.id, c.name, {"error": "done_before_restart", "message": DONE_BEFORE_RESTART}
                )
                if took_effect(parts.engine, keys.get(c.id))
                else failed(c.id, c.name, {"error": "not_run", "message": NOT_RUN})
            )
        elif waiting.keeps_waiting(state, incoming):
            # A question while the card waits: answered with the card still on screen.
            closing.append(waiting.still_waiting(c, pending))
            held = waiting.held(kind, c, pending)
        else:
            # The thread was checked above: the tools act for its customer.
            ctx = ToolContext(
                engine=parts.engine, customer_id=customer_id, language=customer.language
            )
            answer = confirmation.close_open(ctx, c.id, pending)
            closing.append(answer)
            if incoming and waiting.not_done(answer):  # set aside for a new purchase: say so
                closing.append(waiting.set_aside(pending, customer.language))
    user = [UserMessage(content=incoming)] if incoming else []
    added = [*closing, *user]
    # A message that came as the run's input goes after the calls it closes: in its place.
    replaced = len(messages) < len(messages_of(state))
    return {
        "messages": Overwrite([*messages, *added]) if replaced else added,
        "incoming": None,
        "pending_payment": None,
        "pending_code": None,
        "held_payment": held,
        "steps": 0,
        "shopper": customer,
    }


def assistant(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """One model call over the fitted history; its text streams to the caller as it comes."""
    customer = shopper(state, runtime, parts)
    system = system_message(
        customer_name=customer.name, language=customer.language, preferences=customer.preferences
    )
    client = parts.client_for(runtime.context.model)
    history = fit_history(messages_of(state), parts.history_token_budget)
    writer = get_stream_writer()
    turn = client.complete(
        render_messages(system, history, client.endpoint.profile),
        parts.tool_schemas,
        on_delta=lambda kind, text: writer({"kind": kind, "text": text}),
    )
    record = AssistantMessage(
        content=turn.content,
        reasoning=turn.reasoning,
        tool_calls=turn.tool_calls,
        usage=turn.usage,
        model=runtime.context.model,
    )
    return {"messages": [record], "steps": state.get("steps", 0) + 1}


def after_assistant(
    state: AgentState, parts: Parts
) -> Literal["tools", "wrap_up", "show_again", "__end__"]:
    """Run the calls the model made; stop when it made none or the step budget is spent.

    A confirmation held while the customer asked something goes back on screen at the end.
    """
    if not open_calls(messages_of(state)):
        return after_turn(state)
    return "wrap_up" if state.get("steps", 0) >= parts.max_steps else "tools"


def after_turn(state: AgentState) -> Literal["show_again", "__end__"]:
    """The turn is over: show a held confirmation again, else end."""
    return "show_again" if state.get("held_payment") else "__end__"


def wrap_up(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """End a turn that used its step budget: answer the open calls, say so politely."""
    language = shopper(state, runtime, parts).language
    spent = {"error": "step_budget", "message": "Not run: step budget spent."}
    closing = [failed(c.id, c.name, spent) for c in open_calls(messages_of(state))]
    reply = AssistantMessage(content=translate(AGENT_TEXTS, language, "wrap_up"))
    return {"messages": [*closing, reply]}


def tools(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """Answer the open calls in order; a call that needs the human's confirmation stops the run.

    Read-only stretches run together; a payment or a refund waits for the human.
    """
    registry = parts.registry
    ctx = tool_context(state, runtime, parts)
    answers: list[ToolResult] = []
    messages = messages_of(state)
    keys = call_keys(get_config()["configurable"]["thread_id"], messages)
    calls = open_calls(messages)
    index = 0
    while index < len(calls):
        call = calls[index]
        tool = registry.tools.get(call.name)
        if tool is not None and tool.needs_confirmation:
            outcome = tool.run(ctx, call.arguments)
            if not outcome.ok:
                answers.append(
                    tool_result(call.id, call.name, outcome.content, ok=False, data=outcome.data)
                )
                index += 1
                continue
            held = confirmation.hold(call, outcome.data)
            # A new request replaces one held while the customer asked something.
            return {"messages": answers, "pending_payment": held, "held_payment": None}
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
                answers.extend(pool.map(lambda c: _run_call(parts, ctx, c, None), batch))
        else:
            answers.append(_run_call(parts, ctx, call, keys.get(call.id)))
        index += len(batch)
    return {"messages": answers}


def _run_call(parts: Parts, ctx: ToolContext, call: ToolCall, key: str | None) -> ToolResult:
    """Run one call; a write call carries our key, and one that took effect never runs twice."""
    try:
        tool = parts.registry.get(call.name)
    except ToolError as exc:
        return error_result(call.id, call.name, exc)
    if not tool.read_only and key is not None:
        if took_effect(parts.engine, key):  # ran before a crash, its result lost: never twice
            return failed(
                call.id, call.name, {"error": "done_before_restart", "message": DONE_BEFORE_RESTART}
            )
        ctx = dataclasses.replace(ctx, call_key=key)
    outcome = tool.run(ctx, call.arguments)
    return tool_result(call.id, call.name, outcome.content, ok=outcome.ok, data=outcome.data)


def after_tools(state: AgentState) -> Literal["confirm", "assistant"]:
    """To `confirm` when a payment or refund waits for the human, else back to the model."""
    return "confirm" if state.get("pending_payment") else "assistant"


# --- the graph ------------------------------------------------------------------------------------


def build_graph(
    *,
    engine: Engine,
    client_for: ClientFor,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    registry: ToolRegistry = REGISTRY,
    max_steps: int = 8,
    history_token_budget: int = 6000,
    input_schema: type[Any] | None = None,
    output_schema: type[Any] | None = None,
    context_schema: type[Any] = Context,
) -> CompiledStateGraph[AgentState, Context, AgentState, AgentState]:
    """Compile the agent graph over a store engine and a way to get model clients.

    The schemas default to the state and our `Context`; LangGraph Server publishes its own
    (`agent.server`): a context with what nodes read of `Context`.
    """
    parts = Parts(engine, client_for, registry, max_steps, history_token_budget)
    builder = StateGraph(
        AgentState,
        context_schema=context_schema,
        input_schema=input_schema,
        output_schema=output_schema,
    )
    builder.add_node("intake", partial(intake, parts=parts))
    builder.add_node("assistant", partial(assistant, parts=parts))
    builder.add_node("tools", partial(tools, parts=parts))
    builder.add_node("confirm", partial(confirmation.confirm, parts=parts))
    builder.add_node("code", partial(payment.code, parts=parts))
    builder.add_node("wrap_up", partial(wrap_up, parts=parts))
    builder.add_node("show_again", partial(waiting.show_again, parts=parts))
    builder.add_edge(START, "intake")
    builder.add_edge("intake", "assistant")
    builder.add_conditional_edges(
        "assistant",
        partial(after_assistant, parts=parts),
        ["tools", "wrap_up", "show_again", END],
    )
    builder.add_conditional_edges("tools", after_tools)
    builder.add_conditional_edges("confirm", confirmation.after_confirm)
    builder.add_conditional_edges("code", payment.after_code)
    builder.add_conditional_edges("wrap_up", after_turn, ["show_again", END])
    builder.add_conditional_edges("show_again", waiting.after_show_again, ["confirm", "code", END])
    # The owner is checked before LangGraph writes a run's input (`agent.ownership`).
    return OwnedGraph.of(builder.compile(checkpointer=checkpointer), engine)
