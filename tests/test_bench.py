"""The search benchmarks run end to end on small inputs and report their figures."""

from __future__ import annotations

import argparse

from bench import search_latency, search_quality


def test_latency_benchmark_reports_percentiles_per_kind_and_build_time():
    args = argparse.Namespace(products=300, repeat=1, seed=3)
    figures = search_latency.run(args)
    assert figures["products"] == 300
    assert figures["runs"] == len(search_latency.QUERIES)
    assert set(figures["by_kind"]) == {"text", "filtered", "sorted", "browse"}
    assert 0 < figures["p50_ms"] <= figures["p95_ms"]
    assert set(figures["build_seconds"]) == {"insert", "index", "total"}


def test_quality_scores_count_answers_in_the_top_ten():
    answers = {(1, "a"), (2, "b")}
    ranked = [(3, "x"), (2, "b")] + [(4, str(n)) for n in range(20)] + [(1, "a")]
    assert search_quality._scores(ranked, answers) == (0.5, 0.5)
    assert search_quality._scores([], answers) == (0.0, 0.0)


def test_overhead_benchmark_times_three_lanes_on_the_same_purchase():
    from bench import overhead

    figures = overhead.run(argparse.Namespace(rounds=1))
    assert figures["turns_per_lane"] == 6
    for lane in overhead.LANES:
        assert 0 < figures[lane]["median_ms"] <= figures[lane]["p95_ms"]
    # The same decisions drive both agents: every scripted reply was used, none was missing.
    assert figures["shopagent"]["model_calls_per_purchase"] == 11
    assert figures["prebuilt"]["model_calls_per_purchase"] == 11
    assert figures["raw"]["model_calls_per_purchase"] == 11  # as many calls, each turn
    assert figures["ratios"]["shopagent_vs_raw"] > 0


def test_tokens_benchmark_counts_both_agents_on_the_same_scenarios():
    from bench import tokens

    figures = tokens.run(argparse.Namespace(limit=2))
    assert figures["tasks_compared"] == 2, figures["not_compared"]
    for lane in ("shopagent", "prebuilt"):
        for counted in ("o200k", "deepseek", "qwen"):
            lane_figures = figures[lane][counted]
            assert lane_figures["prompt_tokens_per_task"] > lane_figures["uncached_tokens_per_task"]
            assert 0 < lane_figures["prefix_share_from_call_2"] < 1
        assert set(figures[lane]["prompt_cost"]) >= {"openai", "deepseek", "qwen"}


def test_the_prebuilt_agent_plays_a_scenario_in_the_same_shop_as_ours():
    """Same campaigns (the scenario's clock) and a confirmed refund refunds, in both lanes."""
    import tempfile
    from pathlib import Path

    import yaml

    from agent.scenarios import load_scenarios
    from agent.scenarios.isolation import fresh_template
    from bench import tokens
    from bench.fake_server import InstantServer

    wanted = {"en refund a paid order": '"status":"refunded"', "问优惠": "春节满300减50"}
    scenarios = [s for s in load_scenarios([tokens.SHIPPED]) if any(w in s.name for w in wanted)]
    assert len(scenarios) == 2
    replays = yaml.safe_load(tokens.REPLAYS.read_text("utf-8"))
    home = Path(tempfile.mkdtemp())
    with InstantServer() as server, fresh_template() as template:
        for scenario in scenarios:
            ours, theirs, problem = tokens.play_both(server, template, home, scenario, replays)
            assert problem is None
            seen = next(text for name, text in wanted.items() if name in scenario.name)
            last = theirs[-1]["messages"]
            assert any(seen in str(m.get("content")) for m in last if m["role"] == "tool")
            assert len(ours) == len(theirs)


def test_a_request_shares_its_unchanged_start_with_the_previous_one():
    from bench import tokens

    def encode(text):
        return list(text.encode())

    tools = [{"type": "function"}]
    first = {"tools": tools, "messages": [{"role": "user", "content": "a"}]}
    second = {"tools": tools, "messages": [*first["messages"], {"role": "user", "content": "b"}]}
    counted = tokens.count_task([first, second], encode)
    assert counted["cached"][0] == 0
    assert counted["cached"][1] == len(encode(tokens.request_text(first)))


def test_scenarios_benchmark_times_a_run_in_two_workers():
    from bench import scenarios

    figures = scenarios.run(argparse.Namespace(file=None, model="offline", workers=2))
    assert figures["scenarios"] >= 4 and figures["seconds"] > 0
    assert figures["passed"] + figures["failed"] == figures["scenarios"]
