"""The one stream writer and the client's stream reader agree, whatever the pieces."""

from __future__ import annotations

import pytest

from agent.model.sse import ChunkWriter
from agent.model.stream import Reader
from agent.providers import GENERIC


def split_every(size: int):
    return lambda text: [text[i : i + size] for i in range(0, len(text), size)]


@pytest.mark.parametrize(
    ("content", "arguments", "size"),
    [
        ("", [], 1),
        ("Hello there, 你好！", [], 3),
        ("", ['{"query": "跑鞋", "max_price": 300}'], 1),
        ("Adding both.", ['{"product_id": 12}', "", '{"options": {"size": "42"}}'], 5),
    ],
)
def test_what_the_writer_streams_the_reader_reads_back(content, arguments, size):
    writer = ChunkWriter(id="c", model="m")
    calls = [(f"call_{i}", f"tool_{i}", a) for i, a in enumerate(arguments)]
    chunks = [writer.opening(""), *writer.texts(split_every(size)(content))]
    chunks += [*writer.calls(calls, split_every(size)), writer.chunk({}, "stop")]
    chunks.append(writer.usage({"prompt_tokens": 7, "completion_tokens": 2}))

    reader = Reader(GENERIC, None)
    for chunk in chunks:
        reader.read_usage(chunk.get("usage"))
        for choice in chunk["choices"]:
            reader.add_message(choice["delta"])
    turn = reader.turn()

    assert turn.content == content
    assert [(c.id, c.name, c.arguments) for c in turn.tool_calls] == [
        (i, n, a or "{}") for i, n, a in calls
    ]
    assert turn.usage.prompt_tokens == 7
