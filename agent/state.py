"""The graph's state: the conversation and what the run is waiting for."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


class AgentState(TypedDict, total=False):
    """State of one conversation thread (checkpointed after every step)."""

    messages: Annotated[list[dict[str, Any]], operator.add]
    """The conversation as our own records (user, assistant with tool calls, tool results)."""

    incoming: str | None
    """A customer message to add once every open tool call of the history is answered."""

    pending_payment: dict[str, Any] | None
    """A pay_order call waiting for the human: call id, payment request, idempotency key."""

    pending_code: dict[str, Any] | None
    """A charge waiting for the card's one-time code: call id, payment and order ids."""

    steps: int
    """Model calls made in the current turn (the loop is bounded)."""
