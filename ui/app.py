"""The shopagent chat in the browser: `shopagent ui` or `streamlit run ui/app.py`."""

from __future__ import annotations

import streamlit as st

from agent import MESSAGE_CHARS
from ui.components import chat, layout, state
from ui.components.panel import badge_counts, render_panel
from ui.components.promotions import render_banner
from ui.components.sidebar import render_sidebar
from ui.components.turns import split_turns

st.set_page_config(page_title="shopagent", page_icon=":material/storefront:", layout="wide")
state.init_session()
layout.apply_style()

typed = st.chat_input(state.t("chat_placeholder"), key="chat-input", max_chars=MESSAGE_CHARS)
if typed and typed.strip():
    state.queue(state.Run("send", typed.strip(), token=chat.shown_token()))
queued = state.take_queued()

agent = state.current_agent()
turns = split_turns(agent.history)
render_sidebar(turns)

# A queued turn ends in a rerun: keep notes for that run, so they are not lost.
if queued is None and (notice := state.take_notice()):
    ok, message = notice
    if ok:
        st.toast(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/error:")

render_banner()
counts = badge_counts()
pane = layout.pane_switch(*counts)
# Both columns scroll on their own, so the cart stays in view however long the chat grows.
with st.container(key=f"pane-{pane}"), st.container(key="layout"):
    chat_column, panel_column = st.columns([0.64, 0.36], gap="medium")
    with panel_column, st.container(height=layout.PANE_HEIGHT, border=False, key="side-panel"):
        refresh_cart = render_panel(*counts)
    with (
        chat_column,
        st.container(
            height=layout.PANE_HEIGHT,
            border=False,
            autoscroll=True,
            key=layout.CHAT_KEY.format(turns=len(turns)),
        ),
    ):
        pending = agent.pending
        chat.render_history(turns, pending)
        if queued is not None:
            chat.run_turn(agent, queued, turns, refresh_cart)
            st.rerun()
        chat.render_quick_replies(turns, pending)
