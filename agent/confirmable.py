"""What a call that needs the human's confirmation is, and whether an answer names it.

Each tool that needs the human (pay_order, refund_order) has an `Action` (`agent.payment`,
`agent.refund`); `agent.confirmation` holds the request, asks, and runs the action on a yes.
"""

from __future__ import annotations

import hmac
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from sqlmodel import Session

from agent.state import ToolResult
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


def names(answer: Any, field: str, token: str) -> bool:
    """Whether the human's answer names exactly this request (by its token)."""
    given = answer.get(field) if isinstance(answer, dict) else None
    return isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode())


def refused(pending: dict[str, Any], reason: dict[str, str], language: str) -> dict[str, Any]:
    """The same request, still waiting, with why the last answer was refused."""
    return {**pending, "refused": reason.get(language, reason["en"])}
