"""The shipped scenario scripts pass with the offline demo model; bad files get clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.scenario import Scenario, run_scenario

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def test_scenarios_are_shipped():
    assert len(SCENARIOS) >= 4


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenario_passes_offline(path):
    report = run_scenario(Scenario.load(path), model="offline")
    problems = {t.step: t.problems for t in report.turns if t.problems}
    assert report.passed, problems
    assert report.usage.prompt_tokens > 0


def test_a_failed_expectation_is_reported_not_raised(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\nsteps:\n  - say: wireless earbuds\n    expect: {tools: [checkout]}\n"
        "  - confirm: true\n"
    )
    report = run_scenario(Scenario.load(path), model="offline")
    assert not report.passed
    assert "expected tools ['checkout'], got ['search_products']" in report.turns[0].problems
    assert "Nothing is waiting" in report.turns[1].problems[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name: x\nsteps: []\n", "steps"),
        ("name: x\nsteps:\n  - say: hi\n    confirm: true\n", "exactly one"),
        ("name: x\nsteps:\n  - shout: hi\n", "shout"),
        ("name: [unclosed\n", "not a valid scenario"),
    ],
)
def test_invalid_scenario_files_say_what_is_wrong(tmp_path, text, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match="not a valid scenario") as info:
        Scenario.load(path)
    assert fragment in str(info.value)
