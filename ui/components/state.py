"""What the app keeps: process-wide parts in st.cache_resource, per-tab state in st.session_state.

Two browser tabs are two sessions: each has its own customer, thread, model and language; they
share only the runtime (store engine, checkpointer, compiled graph, model clients).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st
from sqlalchemy import Engine

import store
from agent import (
    OFFLINE,
    AgentRuntime,
    ConfigError,
    EndpointInfo,
    ShoppingAgent,
    list_endpoints,
    offline_endpoint,
)
from tools import ToolContext
from ui.components.models import ModelStatus, status_of
from ui.i18n import LANGUAGES, translate


@st.cache_resource(show_spinner=False)
def _runtime_for(database_url: str, _engine: Engine) -> AgentRuntime:
    store.seed_if_empty(_engine)  # the app starts with the demo shop when the store is empty
    return AgentRuntime(engine=_engine)


def runtime() -> AgentRuntime:
    """The process-wide runtime, one per store (keyed by its URL)."""
    engine = store.get_engine()
    return _runtime_for(engine.url.render_as_string(hide_password=False), engine)


@dataclass(frozen=True)
class Run:
    """A turn waiting to run in the chat: a message, or the human's answer to a payment."""

    kind: Literal["send", "confirm", "decline", "retry"]
    text: str = ""
    """The message to send (for "send"), or the one-time code (for "confirm", when asked)."""
    token: str | None = None
    """The token of the payment card this tab showed: an answer confirms that one or nothing."""


def model_choices() -> dict[str, ModelStatus]:
    """Every endpoint with a model and URL, offline demo first, each with whether it can answer.

    A malformed configuration file leaves the offline demo; the sidebar says what is wrong.
    """
    try:
        endpoints = list_endpoints()
    except ConfigError as exc:
        st.session_state.config_error = exc.message
        return {OFFLINE: ModelStatus(_offline_info())}
    st.session_state.config_error = None
    return {e.name: status_of(e) for e in endpoints if e.model and e.base_url}


def usable_models() -> dict[str, EndpointInfo]:
    """The endpoints a conversation can use now."""
    return {name: s.info for name, s in model_choices().items() if s.usable}


def _offline_info() -> EndpointInfo:
    endpoint = offline_endpoint()
    return EndpointInfo(
        name=OFFLINE,
        model=endpoint.model,
        base_url=endpoint.base_url,
        profile="offline",
        has_key=True,
        key_env=None,
        offline=True,
    )


def init_session() -> None:
    """Give a new tab its defaults: the first demo customer, a fresh thread, the default model."""
    state = st.session_state
    if "customer" not in state:
        with store.session_scope(runtime().engine) as session:
            first = store.list_customers(session)[0]
        state.customer = first.handle
        state.language = interface_language(first)
    if "thread_id" not in state:
        state.thread_id = uuid.uuid4().hex
    choices = usable_models()
    if state.get("model") not in choices:
        if "model" in state:  # its key or configuration went away while the tab was open
            notify(t("model_unavailable", name=state.model), ok=False)
        state.model = next((e.name for e in choices.values() if e.default), OFFLINE)
    state.setdefault("pane", "chat")
    state.setdefault("queued", None)
    state.setdefault("notice", None)
    state.setdefault("errors", {})
    state.setdefault("open_details", {})


def interface_language(customer: store.CustomerView) -> str:
    """The customer's language when the interface speaks it, else English."""
    return customer.language if customer.language in LANGUAGES else "en"


def t(key: str, /, **values: object) -> str:
    """Interface text in the tab's language."""
    return translate(st.session_state.get("language", "en"), key, **values)


def language() -> str:
    """The tab's interface language, "en" or "zh"."""
    return str(st.session_state.get("language", "en"))


def current_agent() -> ShoppingAgent:
    """The conversation this tab shows: its customer, thread and model.

    Call it before the sidebar draws the model picker: a model that cannot be used (its key
    was removed, its configuration broke) is replaced by the offline demo, with a note why.
    A thread that is not the customer's own is never opened: the tab starts a new one.
    """
    state = st.session_state
    try:
        return _open_agent(state.model)
    except ConfigError as exc:
        # Say why, and keep the conversation going with the offline demo (its thread is intact).
        notify(t("model_error", name=state.model, message=exc.message), ok=False)
        state.model = OFFLINE
        return _open_agent(OFFLINE)


def _open_agent(model: str) -> ShoppingAgent:
    state = st.session_state
    try:
        return ShoppingAgent(
            state.customer, model=model, thread_id=state.thread_id, runtime=runtime()
        )
    except (store.ForeignConversation, store.InvalidRequest) as exc:
        notify(exc.message, ok=False)
        start_thread()
        return ShoppingAgent(
            state.customer, model=model, thread_id=state.thread_id, runtime=runtime()
        )


def current_customer() -> store.CustomerView:
    """The signed-in demo customer."""
    with store.session_scope(runtime().engine) as session:
        return store.get_customer(session, st.session_state.customer)


def tool_context() -> ToolContext:
    """The context the panels' buttons run tools with: the signed-in customer, never an argument."""
    customer = current_customer()
    return ToolContext(engine=runtime().engine, customer_id=customer.id, language=customer.language)


def start_thread(thread_id: str | None = None) -> None:
    """Show another conversation (a new one by default); anything queued is dropped."""
    st.session_state.thread_id = thread_id or uuid.uuid4().hex
    st.session_state.queued = None


def queue(run: Run) -> None:
    """Ask the chat to run this turn in the next script run (buttons cannot write to the chat).

    On a phone the chat comes into view, so the customer sees the turn they asked for.
    """
    st.session_state.queued = run
    st.session_state.pane = "chat"


def take_queued() -> Run | None:
    """The turn waiting to run, if any (taken: it runs once)."""
    run: Run | None = st.session_state.get("queued")
    st.session_state.queued = None
    return run


def notify(message: str, *, ok: bool = True) -> None:
    """Show a short note at the top of the next run (outcomes of panel buttons)."""
    st.session_state.notice = (ok, message)


def take_notice() -> tuple[bool, str] | None:
    """The note to show once, if any."""
    notice: Any = st.session_state.get("notice")
    st.session_state.notice = None
    return notice  # type: ignore[no-any-return]
