"""The brain: a LangGraph agent that shops with tools over any OpenAI-compatible model."""

from agent.api import (
    AgentRuntime,
    ConfirmationRequired,
    Event,
    Failed,
    Finished,
    NothingPending,
    PendingConfirmation,
    ReasoningDelta,
    Reply,
    ShoppingAgent,
    TextDelta,
    ToolCalled,
    ToolCallRecord,
    ToolReturned,
    default_runtime,
)
from agent.config import ConfigError, resolve_endpoint
from agent.context import Context
from agent.llm import ModelEndpoint, ModelError, Usage

__all__ = [
    "AgentRuntime",
    "ConfigError",
    "ConfirmationRequired",
    "Context",
    "Event",
    "Failed",
    "Finished",
    "ModelEndpoint",
    "ModelError",
    "NothingPending",
    "PendingConfirmation",
    "ReasoningDelta",
    "Reply",
    "ShoppingAgent",
    "TextDelta",
    "ToolCallRecord",
    "ToolCalled",
    "ToolReturned",
    "Usage",
    "default_runtime",
    "resolve_endpoint",
]
