"""The scenario format: one or many per file, all files validated first, errors with lines."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from agent.scenarios import ScenarioFileError, json_schema, load_scenarios
from tests.scenarios.conftest import PURCHASE, write
from ui.cli import app

TWO = """\
- name: first
  tags: [search, en]
  steps:
    - say: hi
- name: second
  customer: chen
  steps:
    - say: 你好
      expect: {reply_any: [你好]}
"""

BAD = """\
- name: fine
  steps:
    - say: hi
- name: typo in a check
  steps:
    - say: hi
      expect:
        shown: {mim: 1}
- name: two actions
  steps:
    - say: hi
      confirm: true
"""


def test_a_file_holds_one_scenario_or_a_list(tmp_path):
    one = write(tmp_path, "one.yaml", PURCHASE)
    two = write(tmp_path, "two.yaml", TWO)
    scenarios = load_scenarios([one, two])
    assert [s.name for s in scenarios] == ["purchase", "first", "second"]
    assert scenarios[1].tags == ["search", "en"] and scenarios[2].customer == "chen"
    assert scenarios[2].source == f"{two}:5"


def test_a_folder_means_its_yaml_files(tmp_path):
    write(tmp_path, "b.yaml", TWO)
    write(tmp_path, "a.yml", PURCHASE)
    write(tmp_path, "notes.txt", "not a scenario")
    assert [s.name for s in load_scenarios([tmp_path])] == ["purchase", "first", "second"]


def test_every_file_is_checked_and_each_error_names_file_scenario_and_line(tmp_path):
    good = write(tmp_path, "good.yaml", TWO)
    bad = write(tmp_path, "bad.yaml", BAD)
    broken = write(tmp_path, "broken.yaml", "- name: x\n  steps: [\n")
    with pytest.raises(ScenarioFileError) as info:
        load_scenarios([good, bad, broken])
    problems = info.value.problems
    assert len(problems) == 3, problems
    assert problems[0].startswith(f"{bad}:8: scenario 'typo in a check': steps.0.expect.shown.mim")
    assert problems[1].startswith(f"{bad}:11: scenario 'two actions': steps.0")
    assert "exactly one of" in problems[1]
    assert problems[2].startswith(f"{broken}:3: not valid YAML")


def test_names_must_be_unique_across_files(tmp_path):
    a = write(tmp_path, "a.yaml", TWO)
    b = write(tmp_path, "b.yaml", TWO)
    with pytest.raises(ScenarioFileError, match="already used at"):
        load_scenarios([a, b])


def test_a_goal_needs_success_and_excludes_steps(tmp_path):
    path = write(tmp_path, "g.yaml", "name: g\ngoal: buy socks\n")
    with pytest.raises(ScenarioFileError, match="needs `success`"):
        load_scenarios([path])


def test_the_cli_plays_nothing_when_any_file_is_invalid(tmp_path):
    good = write(tmp_path, "good.yaml", TWO)
    bad = write(tmp_path, "bad.yaml", BAD)
    result = CliRunner().invoke(app, ["scenario", "run", str(good), str(bad), "--model", "offline"])
    assert result.exit_code == 1
    assert "bad.yaml:8" in result.output and "Nothing was played" in result.output
    assert "passed" not in result.output


def test_schema_command_prints_a_json_schema_every_shipped_file_satisfies(tmp_path):
    result = CliRunner().invoke(app, ["scenario", "schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema == json_schema()
    expect = schema["$defs"]["Expect"]["properties"]
    assert {"calls", "no_calls", "pending_method", "shown", "cart", "preference"} <= set(expect)
    jsonschema.validate(yaml.safe_load(TWO), schema)
    jsonschema.validate(yaml.safe_load(PURCHASE), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(BAD), schema)
