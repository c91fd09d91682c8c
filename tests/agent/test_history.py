"""Long conversations fit a token budget without breaking tool-call pairs."""

from __future__ import annotations

import json

from agent.history import (
    CUT_EVERY_TURNS,
    RECENT_TURNS_IN_FULL,
    SHORTEN_EVERY_TURNS,
    SHORTENED_CHARS,
    estimate_tokens,
    fit_history,
)
from agent.state import Message, as_messages


def turn(n: int, result_chars: int = 2000) -> list[Message]:
    call_id = f"call_{n}"
    return as_messages(
        [
            {"role": "user", "content": f"message {n}"},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [{"id": call_id, "name": "search_products", "arguments": "{}"}],
            },
            {
                "role": "tool",
                "tool_call_id": call_id,
                "name": "search_products",
                "content": json.dumps({"x": "y" * result_chars}),
                "ok": True,
            },
            {"role": "assistant", "content": f"answer {n}", "tool_calls": []},
        ]
    )


def conversation(turns: int) -> list[Message]:
    return [m for n in range(turns) for m in turn(n)]


def test_a_history_that_fits_is_sent_unchanged():
    """Nothing a prompt cache holds is rewritten while the whole history fits the budget."""
    for turns in (2, 6):
        messages = conversation(turns)
        assert fit_history(messages, estimate_tokens(messages)) == messages


def test_old_tool_results_are_shortened_recent_ones_kept():
    messages = conversation(6)
    fitted = fit_history(messages, estimate_tokens(messages) - 1)
    tools = [m for m in fitted if m.role == "tool"]
    assert all(len(m.content) < SHORTENED_CHARS + 20 for m in tools[:-2])
    assert tools[-2:] == [m for m in messages if m.role == "tool"][-2:]


def test_a_long_conversation_fits_the_budget_and_starts_with_a_user_turn():
    messages = conversation(200)
    fitted = fit_history(messages, 3_000)
    assert estimate_tokens(fitted) <= 3_000
    assert fitted[0].role == "user"
    assert fitted[-4:] == messages[-4:]
    calls = {c.id for m in fitted if m.role == "assistant" for c in m.tool_calls}
    answers = {m.tool_call_id for m in fitted if m.role == "tool"}
    assert calls == answers


def test_the_cut_moves_rarely_so_prompt_caches_keep_hitting():
    """The oldest message sent changes only when a whole block of turns is dropped."""
    firsts = [fit_history(conversation(n), 3_000)[0].content for n in range(20, 120)]
    changes = sum(a != b for a, b in zip(firsts, firsts[1:], strict=False))
    assert 0 < changes <= 100 / CUT_EVERY_TURNS


def test_old_results_are_shortened_in_blocks_so_the_sent_prefix_rarely_changes():
    """Each request starts with the previous one, except when a block of turns gets shortened."""
    sent = [fit_history(conversation(n), 5_000) for n in range(1, 30)]
    rewrites = [n for n, (a, b) in enumerate(zip(sent, sent[1:], strict=False)) if b[: len(a)] != a]
    assert 0 < len(rewrites) <= 29 / SHORTEN_EVERY_TURNS
    recent = [m for m in sent[-1][-4 * RECENT_TURNS_IN_FULL :] if m.role == "tool"]
    assert len(recent) == RECENT_TURNS_IN_FULL
    assert all(len(m.content) > SHORTENED_CHARS + 20 for m in recent)
