"""Per-turn overhead: shopagent vs LangGraph's prebuilt agent vs the raw SDK, one instant model.

A 6-turn purchase on the demo shop (search, details, add, cart, checkout + pay, confirm; 11
model calls) runs in three lanes against one instant fake server over localhost HTTP, the lanes
interleaved round by round (their order rotating) so load on the machine falls on all alike:

- shopagent: `ShoppingAgent` with its SQLite store and SQLite checkpoints;
- prebuilt: `create_react_agent` + `ChatOpenAI` + `SqliteSaver`, the same tools and prompt;
- raw: the floor, the `openai` SDK making the turn's streamed calls (as many as the agents
  make) and nothing else.

What is measured is everything but the model: the graph, the tools, the store, the
checkpoints, the HTTP client. Median and p95 ms per turn, and the ratios between lanes; also
the process's CPU ms per turn (all its threads, the fake server's included, which costs every
lane the same per call), which a machine loaded by others disturbs far less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.fake_server import Answer, InstantServer, Step, say, tool

NAME = "overhead"
QUICK = {"rounds": 2}
LANES = ("shopagent", "prebuilt", "raw")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=8, help="purchases per lane")


def last_tool_result(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON of the newest tool message in a request."""
    message = next(m for m in reversed(body["messages"]) if m["role"] == "tool")
    return json.loads(message["content"])  # type: ignore[no-any-return]


def _pay(body: dict[str, Any]) -> Answer:
    return {"tools": [("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]})]}


def purchase(product_id: int, variant_id: int) -> list[tuple[str | None, list[Step]]]:
    """(the customer's text, or None for confirming the payment; the model's steps) per turn."""
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
        ("check out and pay", [tool("checkout", {}), _pay]),
        (None, [say("Paid.")]),
    ]


Turn = Callable[[str | None], None]
"""Plays one turn of a lane: the customer's text, or None to confirm the payment."""


def _shopagent_lane(engine: Any, base_url: str) -> Callable[[], Turn]:
    from agent import AgentRuntime, ModelEndpoint, ShoppingAgent
    from agent.config import ModelClients
    from agent.providers import GENERIC

    endpoint = ModelEndpoint(
        name="shopagent", base_url=base_url, model="shopagent", profile=GENERIC, max_retries=0
    )
    runtime = AgentRuntime(engine=engine, clients=ModelClients({"shopagent": endpoint}))

    def new_purchase() -> Turn:
        agent = ShoppingAgent("alice", model="shopagent", runtime=runtime)

        def turn(text: str | None) -> None:
            reply = agent.confirm() if text is None else agent.send(text)
            if reply.error:
                raise SystemExit(f"shopagent turn failed: {reply.error}")

        return turn

    return new_purchase


def _prebuilt_lane(engine: Any, base_url: str, home: Path) -> Callable[[], Turn]:
    from bench.prebuilt import PrebuiltAgent

    def new_purchase() -> Turn:
        agent = PrebuiltAgent(
            engine, "alice", base_url=base_url, model="prebuilt", checkpoints=home / "prebuilt.db"
        )

        def turn(text: str | None) -> None:
            if text is None:
                agent.resume({"confirm": True})
            else:
                agent.send(text)

        return turn

    return new_purchase


def _raw_lane(
    base_url: str, tools: list[dict[str, Any]], replies_left: Callable[[], int]
) -> Callable[[], Turn]:
    import openai

    client = openai.OpenAI(api_key="not-needed", base_url=base_url, max_retries=0)

    def new_purchase() -> Turn:
        messages: list[dict[str, Any]] = [{"role": "system", "content": "You are shopagent."}]

        def turn(text: str | None) -> None:
            messages.append({"role": "user", "content": text or "yes"})
            while replies_left():  # one call per scripted reply: as many as the agents make
                stream = client.chat.completions.create(
                    model="raw",
                    messages=messages,  # type: ignore[arg-type]
                    tools=tools,  # type: ignore[arg-type]
                    stream=True,
                    stream_options={"include_usage": True},
                )
                for _chunk in stream:
                    pass

        return turn

    return new_purchase


def _summary(ms: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(statistics.quantiles(ms, n=20)[-1], 2),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="shopagent-bench-"))
    os.environ["SHOPAGENT_HOME"] = str(home)
    import store
    from tools import REGISTRY

    engine = store.get_engine()
    store.seed_if_empty(engine)
    with store.session_scope(engine) as session:
        hit = store.search_products(session, "wireless earbuds", limit=1)[0]
        variant = max(store.get_product(session, hit.id).variants, key=lambda v: v.stock)
    turns = purchase(hit.id, variant.id)
    per_turn: dict[str, list[float]] = {lane: [] for lane in LANES}
    cpu_per_turn: dict[str, list[float]] = {lane: [] for lane in LANES}
    calls: dict[str, int] = {}
    with InstantServer() as server:
        lanes = {
            "shopagent": _shopagent_lane(engine, server.base_url),
            "prebuilt": _prebuilt_lane(engine, server.base_url, home),
            "raw": _raw_lane(server.base_url, REGISTRY.schemas(), lambda: len(server.steps)),
        }
        for round_no in range(args.rounds + 1):  # round 0 warms up every lane, not counted
            order = LANES[round_no % 3 :] + LANES[: round_no % 3]
            for lane in order:
                play = lanes[lane]()
                sent_before = len(server.requests)
                for text, steps in turns:
                    server.script(*(steps if lane != "raw" else [say("ok")] * len(steps)))
                    start, cpu = time.perf_counter(), time.process_time()
                    play(text)
                    if round_no:
                        per_turn[lane].append((time.perf_counter() - start) * 1000)
                        cpu_per_turn[lane].append((time.process_time() - cpu) * 1000)
                if server.steps:
                    raise SystemExit(f"{lane} left {len(server.steps)} model replies unused")
                calls[lane] = len(server.requests) - sent_before
    figures: dict[str, Any] = {lane: _summary(per_turn[lane]) for lane in LANES}
    for lane in LANES:
        figures[lane]["median_cpu_ms"] = round(statistics.median(cpu_per_turn[lane]), 2)
        figures[lane]["model_calls_per_purchase"] = calls[lane]
    for name, key in (("ratios", "median_ms"), ("cpu_ratios", "median_cpu_ms")):
        median = {lane: figures[lane][key] for lane in LANES}
        figures[name] = {
            "shopagent_vs_prebuilt": round(median["shopagent"] / median["prebuilt"], 2),
            "shopagent_vs_raw": round(median["shopagent"] / median["raw"], 2),
            "prebuilt_vs_raw": round(median["prebuilt"] / median["raw"], 2),
        }
    figures["turns_per_lane"] = len(per_turn["shopagent"])
    figures["setup"] = "6-turn purchase, instant fake model over localhost HTTP, SQLite"
    return figures
