"""The model client: one chat-completions call to any OpenAI-compatible endpoint.

`types` (the endpoint and its prices, one call's turn), `wire` (our history as the endpoint
accepts it), `stream` (reading replies), `errors` (classifying failures), `client` (the call,
with retries and a deadline) and `probe` (checking an endpoint).
"""

from agent.model.client import RETRY_NOTICE, ModelClient
from agent.model.errors import ModelError
from agent.model.probe import ProbeResult, probe
from agent.model.stream import read_usage
from agent.model.types import DeltaKind, ModelEndpoint, ModelTurn, OnDelta, describe_usage
from agent.model.wire import render_messages
from agent.state import ToolCall, Usage

__all__ = [
    "RETRY_NOTICE",
    "DeltaKind",
    "ModelClient",
    "ModelEndpoint",
    "ModelError",
    "ModelTurn",
    "OnDelta",
    "ProbeResult",
    "ToolCall",
    "Usage",
    "describe_usage",
    "probe",
    "read_usage",
    "render_messages",
]
