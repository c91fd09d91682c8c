"""Calls that need the human's confirmation: held, asked, and carried out only on their yes.

A tool marked `needs_confirmation` (pay_order, refund_order) only prepares a request: a summary
and a token bound to it. `tools` holds it as the state's `pending_payment`; `confirm` interrupts
with the summary and token, and carries the request out only when the human's answer names
that token; any other answer (a stale tab, a replayed or foreign token) leaves it waiting,
shown again with why. Each tool's `Action` says how it is carried out, what the store already
did (after a crash) and what the call answers when nothing was done.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt

import store
from agent.confirmable import Action, names, refused
from agent.context import Context
from agent.nodes import Parts, error_result, tool_context
from agent.payment import PAY, code_settled
from agent.refund import REFUND
from agent.state import AgentState, ToolCall, ToolResult
from tools import ToolContext

ACTIONS: dict[str, Action] = {PAY.tool: PAY, REFUND.tool: REFUND}
"""The action of each tool that needs a confirmation, by tool name."""


def action_for(pending: dict[str, Any]) -> Action:
    """The action of a held request (requests held before refunds were confirmed are payments)."""
    return ACTIONS[pending.get("tool", "pay_order")]


def hold(call: ToolCall, request: Any) -> dict[str, Any]:
    """The `pending_payment` of a valid call that needs confirmation, waiting for the human.

    It carries a key of ours (never the provider's call id) that the store keeps with what
    is done, so a replayed step never does it twice and a crash is reconciled.
    """
    return {
        "tool": call.name,
        "call_id": call.id,
        "order_id": request.summary.order_id,
        "request": request.model_dump(mode="json"),
        "idempotency_key": ACTIONS[call.name].new_key(),
    }


def close_open(ctx: ToolContext, call_id: str, pending: dict[str, Any]) -> ToolResult:
    """Answer a held call the conversation moved on from, with what the store says."""
    action = action_for(pending)
    answers = (action.already(ctx, pending) or {}).get("messages")
    if answers:  # done before (a card still waiting for its code is not: it is abandoned)
        return answers[0]  # type: ignore[no-any-return]
    return action.not_done(call_id, pending.get("order_id"), action.abandoned)


def confirm(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """Ask the human to confirm the held request; carry out only the summary they saw."""
    pending = state["pending_payment"]
    assert pending is not None  # routed here only with a held request
    action = action_for(pending)
    ctx = tool_context(state, runtime, parts)
    if (earlier := action.already(ctx, pending)) is not None:
        return earlier  # done before the process stopped: say so, never ask again
    token = pending["request"]["confirmation_token"]
    decision = interrupt(
        {
            "type": action.kind,
            "summary": pending["request"]["summary"],
            "confirmation_token": token,
            **({"refused": pending["refused"]} if pending.get("refused") else {}),
        }
    )
    if not names(decision, "confirmation_token", token):
        # An answer to another summary (a stale tab, a replayed token): ask again.
        return {"pending_payment": refused(pending, action.refused, ctx.language)}
    call_id = pending["call_id"]
    done: dict[str, Any] = {"pending_payment": None}
    if not decision.get("confirm"):
        return {
            **done,
            "messages": [action.not_done(call_id, pending["order_id"], action.declined)],
        }
    try:
        return action.carry_out(ctx, pending)
    except store.StoreError as exc:
        return {**done, "messages": [error_result(call_id, action.tool, exc)]}


def after_confirm(state: AgentState) -> Literal["confirm", "code", "tools"]:
    """Ask again after a refused answer; to `code` when the card asks for a code; else on."""
    if state.get("pending_payment"):
        return "confirm"
    return "code" if state.get("pending_code") else "tools"


def settled(ctx: ToolContext, values: dict[str, Any]) -> bool:
    """Whether the store already settled what the thread waits for (after a crash)."""
    if values.get("pending_code"):
        return code_settled(ctx, values["pending_code"])
    pending = values.get("pending_payment")
    return pending is not None and action_for(pending).already(ctx, pending) is not None
