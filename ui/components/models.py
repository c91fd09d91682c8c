"""Which model endpoints can answer now, and what to do about the ones that cannot.

Keyed endpoints without their key say which variable to set; local servers (Ollama, vLLM,
llama.cpp, LM Studio) are probed with a quick request, cached for a while, and say how to start
them when nothing answers.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import streamlit as st

from agent import EndpointInfo

PROBE_SECONDS = 0.5  # a local server answers in milliseconds; nothing listening fails at once
PROBE_CACHE_SECONDS = 20  # started a server? pick it again after this long at most
# How to start each kind of local server (by provider profile), with the tool flags it needs.
START_COMMANDS = {
    "ollama": "ollama serve",
    "vllm": "vllm serve {model} --enable-auto-tool-choice --tool-call-parser hermes",
    "llamacpp": "llama-server --jinja -m MODEL.gguf --port {port}",
    "lmstudio": "lms server start",
}


@dataclass(frozen=True)
class ModelStatus:
    """An endpoint and, when it cannot answer now, why and what fixes it."""

    info: EndpointInfo
    missing_key: str | None = None
    """The variable to set: the endpoint needs a key and has none."""
    not_running: str | None = None
    """The command that starts the local server nobody answers at."""

    @property
    def usable(self) -> bool:
        """It can answer a message now."""
        return self.missing_key is None and self.not_running is None


def is_local(info: EndpointInfo) -> bool:
    """A keyless server on this computer (no key to check, so ask whether it is there)."""
    return not info.offline and info.key_env is None and _loopback(urlsplit(info.base_url).hostname)


def _loopback(host: str | None) -> bool:
    try:  # a name such as the machine's own resolves from the hosts file, without the network
        return ipaddress.ip_address(socket.gethostbyname(host or "")).is_loopback
    except (OSError, ValueError):
        return False


@st.cache_resource(show_spinner=False)
def probe_client() -> httpx.Client:
    """The client every probe uses: a client of its own would build a TLS context, 60 ms each."""
    return httpx.Client(timeout=PROBE_SECONDS)


@st.cache_data(ttl=PROBE_CACHE_SECONDS, show_spinner=False)
def answers(base_url: str) -> bool:
    """Whether anything answers HTTP at `base_url` (any status: a server is there)."""
    try:
        probe_client().get(f"{base_url.rstrip('/')}/models")
    except httpx.HTTPError:
        return False
    return True


def status_of(info: EndpointInfo) -> ModelStatus:
    """Whether the endpoint can answer now; if not, the variable to set or the command to run."""
    if not info.has_key:
        return ModelStatus(info, missing_key=info.key_env or "OPENAI_API_KEY")
    if is_local(info) and not answers(info.base_url):
        command = START_COMMANDS.get(info.profile, "")
        port = urlsplit(info.base_url).port or ""
        return ModelStatus(info, not_running=command.format(model=info.model, port=port))
    return ModelStatus(info)
