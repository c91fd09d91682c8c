"""Calls that need the human's confirmation: held, asked, and carried out only on their yes.

A tool marked `needs_confirmation` (pay_order, refund_order) only prepares a request: a summary
and a token bound to it. `tools` holds it as the state's `pending_payment`; `confirm` interrupts
with the summary and token, and carries the request out only when the human's answer names
that token; any other answer (a stale tab, a replayed or foreign token) leaves it waiting,
shown again with why. Each tool's `Action` says how it is carried out, what the store already
did (after a crash) and what the call answers when nothing was done.
"""

from __future__ import annotations

import hmac
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from sqlmodel import Session

import store
from agent.context import Context
from agent.nodes import Parts, error_result, tool_context
from agent.state import AgentState, ToolCall, ToolResult
from tools import ToolContext


class Action(ABC):
    """What confirming one tool's request does (one subclass per tool)."""

    tool: ClassVar[str]
    kind: ClassVar[str]
    """The interrupt's `type` ("confirm_payment", "confirm_refund")."""
    noun: ClassVar[str]
    """The key of the call's answer when nothing was done ("payment", "refund")."""
    declined: ClassVar[str]
    abandoned: ClassVar[str]
    refused: ClassVar[dict[str, str]]
    """By language: why an answer naming another request was refused (nothing done)."""

    @abstractmethod
    def new_key(self) -> str:
        """A fresh key of ours for one confirmed request."""

    @abstractmethod
    def already(self, ctx: ToolContext, pending: dict[str, Any]) -> dict[str, Any] | None:
        """The state update if the store already did it (say, before a crash), else None."""

    @abstractmethod
    def carry_out(self, ctx: ToolContext, pending: dict[str, Any]) -> dict[str, Any]:
        """Do what the human confirmed; the state update with the call's answer."""

    @abstractmethod
    def not_done(self, call_id: str, order_id: int | None, message: str) -> ToolResult:
        """The call's answer when nothing was done, and why."""

    @abstractmethod
    def summary_now(
        self, session: Session, customer_id: int, pending: dict[str, Any]
    ) -> dict[str, Any]:
        """The request's summary as the store would show it now (JSON form)."""


def actions() -> dict[str, Action]:
    """The action of each tool that needs a confirmation, by tool name."""
    from agent.payment import PAY
    from agent.refund import REFUND

    return {PAY.tool: PAY, REFUND.tool: REFUND}


def action_for(pending: dict[str, Any]) -> Action:
    """The action of a held request (requests held before refunds were confirmed are payments)."""
    return actions()[pending.get("tool", "pay_order")]


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
        "idempotency_key": action_for({"tool": call.name}).new_key(),
    }


def names(answer: Any, field: str, token: str) -> bool:
    """Whether the human's answer names exactly this request (by its token)."""
    given = answer.get(field) if isinstance(answer, dict) else None
    return isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode())


def refused(pending: dict[str, Any], reason: dict[str, str], language: str) -> dict[str, Any]:
    """The same request, still waiting, with why the last answer was refused."""
    return {**pending, "refused": reason.get(language, reason["en"])}


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
        from agent.payment import code_settled

        return code_settled(ctx, values["pending_code"])
    pending = values.get("pending_payment")
    return pending is not None and action_for(pending).already(ctx, pending) is not None
