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
from agent.config import (
    OFFLINE,
    ConfigError,
    EndpointInfo,
    check_endpoint,
    config_path,
    list_endpoints,
    offline_endpoint,
    resolve_endpoint,
)
from agent.context import Context
from agent.model import ModelEndpoint, ModelError, Usage, describe_usage
from agent.offline import OFFLINE_NOTICE, offline_notice
from agent.scenario import Scenario, ScenarioReport, run_scenario

__all__ = [
    "OFFLINE",
    "OFFLINE_NOTICE",
    "EndpointInfo",
    "Scenario",
    "ScenarioReport",
    "check_endpoint",
    "config_path",
    "describe_usage",
    "list_endpoints",
    "offline_endpoint",
    "offline_notice",
    "run_scenario",
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
