"""Token estimates: the one place that counts tokens without a provider's word for it.

Two counters for one walk over a request. `count_tokens` uses the o200k BPE (bpe-openai ships
its vocabulary, so nothing is downloaded, but loading it takes seconds): for the usage and cost
of providers that report none. `quick_count` needs no vocabulary: for what runs before every
model call (the history budget) and for the offline demo's reported usage. Other models'
tokenizers differ: results are marked as estimates wherever shown.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Callable
from functools import lru_cache
from typing import Any

MESSAGE_OVERHEAD = 4
"""Tokens a chat template adds around each message (role markers, separators)."""

Count = Callable[[str], int]

_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@lru_cache(maxsize=1)
def _encoding() -> Any:
    # Importing loads the vocabularies (a few seconds: only when first needed), with an
    # importlib API that warns on recent Pythons.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import bpe_openai

        return bpe_openai.get_encoding("o200k_base")


def count_tokens(text: str) -> int:
    """Tokens in `text`, with the o200k BPE."""
    return len(_encoding().encode_ordinary(text)) if text else 0


def quick_count(text: str) -> int:
    """About one token per Chinese character and per four other characters; nothing to load."""
    cjk = len(_CJK_CHAR.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)


def estimate_prompt_tokens(
    messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, count: Count = count_tokens
) -> int:
    """Tokens of a chat request: every message's text and tool calls, and the tool schemas."""
    total = count(json.dumps(tools, ensure_ascii=False)) if tools else 0
    for message in messages:
        total += MESSAGE_OVERHEAD
        for key, value in message.items():
            if key == "tool_calls":
                total += count(json.dumps(value, ensure_ascii=False))
            elif key != "role" and isinstance(value, str):
                total += count(value)
    return total


def estimate_completion_tokens(
    content: str, reasoning: str, calls: list[tuple[str, str]], *, count: Count = count_tokens
) -> int:
    """Tokens of a reply: its text, its reasoning and each (name, arguments) tool call."""
    return (
        count(content)
        + count(reasoning)
        + sum(count(name) + count(arguments) + MESSAGE_OVERHEAD for name, arguments in calls)
    )
