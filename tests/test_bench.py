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


def test_agent_turns_benchmark_measures_a_whole_purchase():
    from bench import agent_turns

    figures = agent_turns.run(argparse.Namespace(rounds=1))
    assert figures["turns"] == 6
    assert figures["median_ms_per_turn"] > 0
    assert figures["model_calls_per_purchase"] == 11
    o200k = figures["prompt_tokens_last_call_per_turn"]["o200k"]
    assert len(o200k) == 6 and o200k == sorted(o200k)  # the conversation only grows


def test_scenarios_benchmark_times_a_run_in_two_workers():
    from bench import scenarios

    figures = scenarios.run(argparse.Namespace(file=None, model="offline", workers=2))
    assert figures["scenarios"] >= 4 and figures["seconds"] > 0
    assert figures["passed"] + figures["failed"] == figures["scenarios"]
