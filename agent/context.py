"""Per-run context: who is shopping and with which model. Never shown to the model as editable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """The run's context, passed as `context=` to every graph run."""

    customer_id: int
    """The signed-in customer; every tool acts for this customer only."""

    model: str = "offline"
    """Name of the configured model endpoint to call."""
