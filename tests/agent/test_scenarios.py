"""The shipped scenario scripts pass with the offline demo model, each on a fresh demo shop."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.scenarios import load_scenarios, run_scenarios

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def test_scenarios_are_shipped():
    assert len(SCENARIOS) >= 4


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenario_passes_offline(path):
    report = run_scenarios([path], models=["offline"])
    problems = {r.name: r.problems for r in report.results if not r.passed}
    assert report.failed == 0, problems
    assert all(r.usage.prompt_tokens > 0 for r in report.results)


def test_a_failed_expectation_is_reported_not_raised(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\nsteps:\n  - say: wireless earbuds\n    expect: {tools: [checkout]}\n"
        "  - confirm: true\n"
    )
    (result,) = run_scenarios([path], models=["offline"]).results
    assert not result.passed
    first, second = (turn.failures for turn in result.turns)
    assert str(first[0]) == ("tools: expected ['checkout'], got ['search_products'] at step 1")
    assert "Nothing is waiting" in str(second[0])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name: x\nsteps: []\n", "either `steps` or a `goal`"),
        ("name: x\nsteps:\n  - say: hi\n    confirm: true\n", "exactly one"),
        ("name: x\nsteps:\n  - shout: hi\n", "shout"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_invalid_scenario_files_say_what_is_wrong(tmp_path, text, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match="invalid scenario files") as info:
        load_scenarios([path])
    assert fragment in str(info.value) and str(path) in str(info.value)
