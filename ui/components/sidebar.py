"""The sidebar: who is signed in, the interface language, the model, and the conversation list."""

from __future__ import annotations

import streamlit as st

import store
from agent import OFFLINE, offline_notice
from ui.components.models import ModelStatus
from ui.components.state import (
    current_customer,
    interface_language,
    model_choices,
    runtime,
    start_thread,
    t,
    usable_models,
)
from ui.components.transparency import meter_text
from ui.components.turns import Turn, conversation_usage
from ui.i18n import LANGUAGES


def render_sidebar(turns: list[Turn]) -> None:
    """Customer, language, model, new chat, conversations, and this conversation's meter."""
    with st.sidebar:
        st.title(f":material/storefront: {t('page_title')}")
        st.caption(t("tagline"))
        with store.session_scope(runtime().engine) as session:
            customers = {c.handle: c for c in store.list_customers(session)}
        st.selectbox(
            t("customer"),
            list(customers),
            key="customer",
            on_change=_customer_changed,
            format_func=lambda handle: f"{customers[handle].name} ({handle})",
        )
        st.segmented_control(
            t("language"),
            list(LANGUAGES),
            key="language",
            required=True,
            format_func=LANGUAGES.__getitem__,
        )
        # Labels are the same in every language: Streamlit matches a selection by its label.
        _model_picker()
        if error := st.session_state.config_error:
            st.error(error, icon=":material/settings_alert:")
        if st.session_state.model == OFFLINE:
            with st.expander(t("offline_badge"), icon=":material/smart_toy:"):
                st.caption(offline_notice(st.session_state.language))
        st.button(
            t("new_chat"),
            key="new-chat",
            icon=":material/add_comment:",
            width="stretch",
            on_click=start_thread,
        )
        _conversations()
        usage = conversation_usage(turns)
        if usage:
            st.caption(f"**{t('conversation_meter')}**  \n{meter_text(usage)}")


def _model_picker() -> None:
    """Every endpoint, marked when it cannot answer; picking one of those explains the fix."""
    models = model_choices()
    st.selectbox(
        t("model"),
        list(models),
        key="model",
        help=t("model_help"),
        on_change=_model_changed,
        format_func=lambda name: _model_label(models[name]) if name in models else name,
    )
    st.session_state.last_model = st.session_state.model
    problem = models.get(st.session_state.get("model_problem") or "")
    if problem is not None and not problem.usable:
        name = problem.info.name
        text = (
            t("model_no_key", name=name, variable=problem.missing_key)
            if problem.missing_key
            else t("model_not_running", name=name, command=problem.not_running)
        )
        st.warning(text, icon=":material/power_off:")


def _model_label(status: ModelStatus) -> str:
    # The chosen model is always usable, so its label never changes with the language.
    label = f"{status.info.name} · {status.info.model}"
    if status.missing_key:
        return f"{label} · {t('mark_no_key')}"
    if status.not_running:
        return f"{label} · {t('mark_not_running')}"
    return label


def _model_changed() -> None:
    """Keep the conversation on a model that can answer; note how to enable the one picked."""
    chosen = st.session_state.model
    if chosen in usable_models():
        st.session_state.model_problem = None
        return
    st.session_state.model_problem = chosen
    st.session_state.model = st.session_state.get("last_model", OFFLINE)


def _customer_changed() -> None:
    """Threads belong to a customer: a new customer starts a new chat in their language."""
    st.session_state.language = interface_language(current_customer())
    st.session_state.open_details = {}
    start_thread()


def _open(thread_id: str, model: str) -> None:
    start_thread(thread_id)
    if model in usable_models():
        st.session_state.model = model


def _conversations() -> None:
    st.subheader(t("conversations"))
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        threads = store.list_conversations(session, customer_id=customer.id)
    if not threads:
        st.caption(t("no_conversations"))
    for thread in threads:
        current = thread.thread_id == st.session_state.thread_id
        st.button(
            thread.title,
            key=f"thread-{thread.thread_id}",
            width="stretch",
            type="primary" if current else "tertiary",
            icon=":material/chat:",
            on_click=_open,
            args=(thread.thread_id, thread.model),
        )
