"""Keep long conversations within a token budget without breaking tool-call pairs.

A history that fits is sent as it is. Beyond the budget, old tool results are shortened first
(they are the bulk), then the oldest whole turns are dropped. Both happen in blocks of turns,
and the result is a pure function of the history, so what the provider sees only changes at
the end and at rare block boundaries: what a prompt cache already holds is rewritten once per
block, not at every turn.
"""

from __future__ import annotations

from agent.state import AssistantMessage, Message, ToolResult, UserMessage
from agent.tokens import MESSAGE_OVERHEAD, quick_count

RECENT_TURNS_IN_FULL = 2
"""At least this many of the last turns keep their tool results whole."""
SHORTEN_EVERY_TURNS = 4
"""Older turns' results are shortened in blocks of this many turns, counted from the first."""
SHORTENED_CHARS = 160
CUT_EVERY_TURNS = 4
"""Old turns are dropped in blocks, counted from the first turn, so the cut moves rarely."""


def estimate_tokens(messages: list[Message]) -> int:
    """Tokens of the records, counted quickly: this runs before every model call."""
    total = 0
    for message in messages:
        total += MESSAGE_OVERHEAD + quick_count(message.content)
        if isinstance(message, AssistantMessage):
            total += sum(quick_count(c.name) + quick_count(c.arguments) for c in message.tool_calls)
    return total


def _turn_starts(messages: list[Message]) -> list[int]:
    return [i for i, m in enumerate(messages) if isinstance(m, UserMessage)]


def _shortened(message: Message) -> Message:
    if isinstance(message, ToolResult) and len(message.content) > SHORTENED_CHARS + 20:
        return message.model_copy(
            update={"content": message.content[:SHORTENED_CHARS] + " …(shortened)"}
        )
    return message


def _shortened_before(messages: list[Message], recent_from: int) -> list[Message]:
    return [_shortened(m) if i < recent_from else m for i, m in enumerate(messages)]


def fit_history(messages: list[Message], budget_tokens: int) -> list[Message]:
    """The history to send: all of it while it fits, else trimmed to the budget.

    Trimmed: recent turns in full, older tool results shortened, the oldest turns dropped.
    """
    if estimate_tokens(messages) <= budget_tokens:  # shortening would rewrite a cached prefix
        return messages
    starts = _turn_starts(messages)
    recent_from = starts[-RECENT_TURNS_IN_FULL] if len(starts) >= RECENT_TURNS_IN_FULL else 0
    shortest = _shortened_before(messages, recent_from)
    # Drop whole turns from the front until the shortest form fits: first in blocks (a cut that
    # stays put keeps the provider's prompt cache warm), then turn by turn, never the last one.
    starts = _turn_starts(shortest)
    blocks = starts[::CUT_EVERY_TURNS]
    cut = next((b for b in blocks if estimate_tokens(shortest[b:]) <= budget_tokens), None)
    if cut is None:
        later = [s for s in starts if s >= blocks[-1]] if blocks else [0]
        cut = next((s for s in later if estimate_tokens(shortest[s:]) <= budget_tokens), later[-1])
    # Shorten only whole blocks of turns when that fits: the turns between stay as sent.
    in_blocks = (len(starts) - RECENT_TURNS_IN_FULL) // SHORTEN_EVERY_TURNS * SHORTEN_EVERY_TURNS
    fewer = _shortened_before(messages, starts[in_blocks] if in_blocks > 0 else 0)
    return fewer[cut:] if estimate_tokens(fewer[cut:]) <= budget_tokens else shortest[cut:]
