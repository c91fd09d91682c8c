"""The shipped scenarios: those tagged `offline` pass with the offline demo model; the others
pass against the fake provider replaying a scripted model (tests/data/scenario_replays.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.scenarios import load_scenarios, run_scenarios
from tests.fake_provider import FakeProvider
from tests.scenarios.conftest import endpoints
from tests.scenarios.replay import replies

ROOT = Path(__file__).parents[2]
SHIPPED = load_scenarios([ROOT / "scenarios"])
REPLAYS = yaml.safe_load((ROOT / "tests" / "data" / "scenario_replays.yaml").read_text("utf-8"))
OFFLINE = [s for s in SHIPPED if "offline" in s.tags]


def test_the_suite_covers_simple_to_hard_in_both_languages():
    assert len(SHIPPED) >= 24
    tags = {tag for s in SHIPPED for tag in s.tags}
    assert {"en", "zh", "budget", "compare", "cart-edit", "decline-retry", "one-time-code"} <= tags
    assert {"orders", "safety", "injection", "preference"} <= tags
    # Every scenario runs in the tests: on the offline demo, or replayed.
    assert {s.name for s in SHIPPED} == {s.name for s in OFFLINE} | set(REPLAYS)


def test_the_offline_ones_pass_on_the_offline_demo():
    report = run_scenarios(OFFLINE, models=["offline"])
    problems = {r.name: r.problems for r in report.results if not r.passed}
    assert report.failed == 0, problems
    assert all(r.usage.prompt_tokens > 0 for r in report.results)


@pytest.mark.parametrize("name", sorted(REPLAYS))
def test_the_others_pass_with_a_scripted_model(name):
    (scenario,) = [s for s in SHIPPED if s.name == name]
    with FakeProvider() as fake:
        fake.script(*replies(REPLAYS[name]))
        report = run_scenarios([scenario], models=["fake"], endpoints=endpoints(fake=fake))
    (result,) = report.results
    assert result.passed, result.problems


def test_a_failed_expectation_is_reported_not_raised(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\nsteps:\n  - say: wireless earbuds\n    expect: {tools: [checkout]}\n"
        "  - confirm: true\n"
    )
    (result,) = run_scenarios([path], models=["offline"]).results
    assert not result.passed
    first, second = (turn.failures for turn in result.turns)
    assert str(first[0]) == "tools: expected ['checkout'], got ['search_products'] at step 1"
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
