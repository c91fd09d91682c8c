"""Offline token estimates, for providers that report no usage.

Counts with the o200k BPE (bpe-openai ships its vocabulary, so nothing is downloaded). Other
models' tokenizers differ by a few percent: results are marked as estimates wherever shown.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from typing import Any

MESSAGE_OVERHEAD = 4
"""Tokens a chat template adds around each message (role markers, separators)."""


@lru_cache(maxsize=1)
def _encoding() -> Any:
    # Importing loads the vocabularies (a few seconds: only when first needed), with an
    # importlib API that warns on recent Pythons.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import bpe_openai

        return bpe_openai.get_encoding("o200k_base")


def count_tokens(text: str) -> int:
    """Tokens in `text`."""
    return len(_encoding().encode_ordinary(text)) if text else 0


def estimate_prompt_tokens(messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> int:
    """Tokens of a chat request: every message's text and tool calls, and the tool schemas."""
    total = count_tokens(json.dumps(tools, ensure_ascii=False)) if tools else 0
    for message in messages:
        total += MESSAGE_OVERHEAD
        for key, value in message.items():
            if key == "tool_calls":
                total += count_tokens(json.dumps(value, ensure_ascii=False))
            elif key != "role" and isinstance(value, str):
                total += count_tokens(value)
    return total


def estimate_completion_tokens(content: str, reasoning: str, calls: list[tuple[str, str]]) -> int:
    """Tokens of a reply: its text, its reasoning and each (name, arguments) tool call."""
    return (
        count_tokens(content)
        + count_tokens(reasoning)
        + sum(
            count_tokens(name) + count_tokens(arguments) + MESSAGE_OVERHEAD
            for name, arguments in calls
        )
    )
