"""What the assistant did and what it cost: the tools it chose, and token and cost meters."""

from __future__ import annotations

import streamlit as st

from agent import OFFLINE, ToolCallRecord, Usage
from ui.components.state import language, t
from ui.components.steps import asked, found, step_title
from ui.components.turns import Turn, pretty_json


def render_steps(turn: Turn) -> None:
    """An expander with the turn's steps in words; the raw tool data behind a toggle."""
    count = len(turn.steps)
    label = t("transparency", count=count) if count else t("transparency_none")
    with st.expander(label, icon=":material/manage_search:"):
        if turn.reasoning:
            st.caption(t("reasoning"))
            st.markdown("\n\n".join(turn.reasoning))
        st.markdown("\n".join(step_line(number, step) for number, step in enumerate(turn.steps, 1)))
        if turn.steps and st.toggle(t("raw_details"), key=f"raw-{turn.index}"):
            for step in turn.steps:
                st.caption(f"`{step.name}` · {t('arguments')}")
                st.code(pretty_json(step.arguments), language="json", wrap_lines=True)
                if step.result is not None:
                    st.caption(t("result"))
                    st.code(pretty_json(step.result), language="json", wrap_lines=True, height=160)


def step_line(number: int, step: ToolCallRecord) -> str:
    """A numbered list item: what the assistant did, what it asked, what it found."""
    mark = {True: ":green[✓]", False: ":red[✗]", None: "…"}[step.ok]
    line = f"{number}. {mark} **{step_title(step.name, language())}**"
    if question := asked(step, language()):
        line += f" · {question}"
    return f"{line}  \n   → {found(step, language())}"


def meter_text(usage_by_model: dict[str, Usage]) -> str:
    """Format as "1,200 prompt (1,000 cached) + 80 completion tokens · cost 0.000410 USD"."""
    usage = sum(usage_by_model.values(), Usage())
    tokens = t(
        "tokens",
        prompt=f"{usage.prompt_tokens:,}",
        cached=f"{usage.cached_tokens:,}",
        completion=f"{usage.completion_tokens:,}",
    )
    if usage.estimated:
        tokens += f" ({t('estimated')})"
    return f"{tokens} · {cost_text(usage_by_model)}"


def cost_text(usage_by_model: dict[str, Usage]) -> str:
    """What the calls cost, as each endpoint priced them (the offline demo is free)."""
    paid = [usage for name, usage in usage_by_model.items() if name != OFFLINE]
    if not paid:
        return t("free")
    total = sum(paid, Usage())
    if total.cost is None:
        return t("no_cost")
    return t("cost", cost=f"{total.cost:.6f} {total.currency}")


def render_meter(turn: Turn) -> None:
    """The turn's token and cost line, under the reply."""
    if turn.usage_by_model:
        st.caption(f":material/token: {meter_text(turn.usage_by_model)}")
