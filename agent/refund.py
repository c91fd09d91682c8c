"""The refund action: a confirmed refund_order gives the money back (`agent.confirmation`).

The refund carries our key as its call mark, committed with the refund itself, so after a
crash the conversation says it happened instead of asking again.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from sqlmodel import Session
from typing_extensions import override

import store
from agent.confirmable import Action
from agent.nodes import tool_result
from agent.state import ToolResult
from tools import RefundRequest, ToolContext, compact_json, not_refunded, present_refund, refund

REFUSED = {
    "en": (
        "That answer was for another refund, not the one waiting now; nothing was refunded. "
        "Check the refund shown and confirm or decline it."
    ),
    "zh": (
        "这个确认针对的是另一笔退款，不是现在等待的这笔；没有退款。"
        "请核对下面显示的退款后再确认或取消。"
    ),
}


class Refund(Action):
    """Confirming a refund_order request refunds the order (`agent.confirmable.Action`)."""

    tool = "refund_order"
    kind = "confirm_refund"
    noun = "refund"
    declined = "The customer declined the refund; nothing was refunded."
    abandoned = "The customer wrote again instead of confirming; nothing was refunded."
    refused = REFUSED

    @override
    def new_key(self) -> str:
        return f"refund-{uuid.uuid4().hex}"

    @override
    def already(self, ctx: ToolContext, pending: dict[str, Any]) -> dict[str, Any] | None:
        with store.read_scope(ctx.engine) as session:
            if not store.call_took_effect(session, pending["idempotency_key"]):
                return None
            view = store.get_order(
                session, customer_id=ctx.customer_id, order_id=pending["order_id"]
            )
        return self._refunded(ctx, pending, view)

    @override
    def carry_out(self, ctx: ToolContext, pending: dict[str, Any]) -> dict[str, Any]:
        request = RefundRequest.model_validate(pending["request"])
        view = refund(dataclasses.replace(ctx, call_key=pending["idempotency_key"]), request)
        return self._refunded(ctx, pending, view)

    @override
    def not_done(self, call_id: str, order_id: int | None, message: str) -> ToolResult:
        payload = not_refunded(order_id, message)
        return tool_result(call_id, self.tool, compact_json(payload), ok=False, data=payload)

    @override
    def summary_now(
        self, session: Session, customer_id: int, pending: dict[str, Any]
    ) -> dict[str, Any]:
        return store.refund_summary(
            session, customer_id=customer_id, order_id=pending["order_id"]
        ).model_dump(mode="json")

    def _refunded(
        self, ctx: ToolContext, pending: dict[str, Any], view: store.OrderView
    ) -> dict[str, Any]:
        content = compact_json(present_refund(view, ctx))
        answer = tool_result(pending["call_id"], self.tool, content, ok=True, data=view)
        return {"pending_payment": None, "messages": [answer]}


REFUND = Refund()
