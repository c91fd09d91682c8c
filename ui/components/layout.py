"""The page layout: chat and side panel side by side on a desktop, one at a time on a phone.

The page is the same on every screen; a stylesheet with a media query decides what shows. On a
narrow screen a switch at the top (with the cart's item count and the orders waiting for payment)
shows either the chat or the panel, and the chat fills the screen above the input, so the newest
reply stays in view.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from ui.components.state import t

Pane = Literal["chat", "panel"]
PANE_HEIGHT = 680  # pixels on a desktop; the chat input sits below
# The chat's key changes with every new message: a fresh container starts scrolled to the
# bottom, so the newest reply is in view even after the shopper scrolled up to read.
CHAT_KEY = "chatpane-{turns}"
PHONE_WIDTH = 640  # pixels: below this, one pane at a time (Streamlit stacks columns there too)

STYLE = f"""
<style>
.st-key-pane-switch {{ display: none !important; }}
@media (max-width: {PHONE_WIDTH}px) {{
  .stMainBlockContainer {{ padding-top: 3.25rem; padding-left: 0.75rem; padding-right: 0.75rem; }}
  .st-key-pane-switch {{ display: flex !important; }}
  .st-key-layout [data-testid="stHorizontalBlock"] {{ flex-direction: column; }}
  .st-key-layout [data-testid="stColumn"] {{
    width: 100% !important; flex: 0 0 auto !important; height: auto !important;
  }}
  .st-key-pane-chat [data-testid="stColumn"]:has(.st-key-side-panel),
  .st-key-pane-panel [data-testid="stColumn"]:has([class*="st-key-chatpane-"]) {{ display: none; }}
  /* The chat fills what the header, the switch and the input leave. */
  [class*="st-key-chatpane-"], .st-key-side-panel,
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-chatpane-"]),
  [data-testid="stLayoutWrapper"]:has(> .st-key-side-panel) {{
    height: calc(100dvh - 16rem) !important; flex: 0 0 auto !important;
  }}
  /* Streamlit stacks rows on a phone: keep chips in a row, and cards on a sideways shelf. */
  .st-key-pane-switch, [class*="st-key-chatpane-"] [data-testid="stHorizontalBlock"],
  .st-key-side-panel [data-testid="stHorizontalBlock"] {{
    flex-direction: row !important; flex-wrap: wrap;
  }}
  [class*="st-key-chatpane-"] [class*="-shelf"] {{
    flex-wrap: nowrap !important; overflow-x: auto;
  }}
  [class*="st-key-chatpane-"] [data-testid="stChatMessage"] {{
    padding-left: 0; padding-right: 0;
  }}
}}
</style>
"""


def apply_style() -> None:
    """Add the layout's stylesheet to the page (it takes no space)."""
    st.html(STYLE)


def pane_switch(cart_items: int, waiting_orders: int) -> Pane:
    """The phone's switch between chat and panel (hidden on a desktop); returns the pane shown."""
    badge = t("items", count=cart_items) if cart_items else t("cart")
    if waiting_orders:
        badge += f" · {t('to_pay', count=waiting_orders)}"
    labels: dict[Pane, str] = {
        "chat": f":material/forum: {t('chat')}",
        "panel": f":material/shopping_cart: {badge}",
    }
    with st.container(key="pane-switch"):
        chosen = st.segmented_control(
            t("view"),
            list(labels),
            key="pane",
            required=True,
            format_func=labels.__getitem__,
            label_visibility="collapsed",
            width="stretch",
        )
    return "panel" if chosen == "panel" else "chat"
