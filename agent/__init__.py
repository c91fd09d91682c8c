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
    ToolReturned,
    default_runtime,
)
from agent.config import (
    OFFLINE,
    EndpointInfo,
    check_endpoint,
    list_endpoints,
    offline_endpoint,
    resolve_endpoint,
)
from agent.context import Context
from agent.model import ModelEndpoint, ModelError, Usage, describe_usage
from agent.offline import OFFLINE_NOTICE, offline_notice
from agent.scenarios import RunReport, Scenario, ScenarioFileError, ScenarioResult, run_scenarios
from agent.state import (
    MESSAGE_CHARS,
    AssistantMessage,
    Message,
    MessageTooLong,
    ToolCallRecord,
    ToolResult,
    UserMessage,
)
from store.settings import ConfigError, config_path

__all__ = [
    "MESSAGE_CHARS",
    "OFFLINE",
    "OFFLINE_NOTICE",
    "EndpointInfo",
    "RunReport",
    "Scenario",
    "ScenarioFileError",
    "ScenarioResult",
    "check_endpoint",
    "config_path",
    "describe_usage",
    "list_endpoints",
    "offline_endpoint",
    "offline_notice",
    "run_scenarios",
    "AgentRuntime",
    "AssistantMessage",
    "Message",
    "MessageTooLong",
    "ToolResult",
    "UserMessage",
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
