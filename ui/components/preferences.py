"""What the assistant remembers about the customer, each item deletable."""

from __future__ import annotations

import streamlit as st

import store
from ui.components.actions import run_tool
from ui.components.state import current_customer, runtime, t


def render_preferences() -> None:
    """The remembered preferences with a Forget button each."""
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        preferences = store.recall_preferences(session, customer_id=customer.id)
    if not preferences:
        st.caption(t("no_preferences"))
        return
    for preference in preferences:
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(
                f"**{preference.key.replace('_', ' ')}**: {preference.value}", width="stretch"
            )
            st.button(
                t("forget"),
                key=f"forget-{preference.key}",
                icon=":material/delete:",
                on_click=_forget,
                args=(preference.key,),
            )


def _forget(key: str) -> None:
    run_tool("forget_preference", {"key": key}, success=t("forgotten", key=key))
