"""The runner: repeats and pass^k, several models side by side, JUnit, JSON, the CLI's report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from agent.scenarios import run_scenarios
from tests.fake_provider import FakeProvider, say
from tests.providers.conftest import write_config
from tests.scenarios.conftest import endpoints, write
from ui.cli import app

GREETING = """\
- name: greets back
  tags: [chit-chat, en]
  steps:
    - say: hello
      expect: {reply_any: [hello]}
- name: says sorry
  tags: [chit-chat, en]
  steps:
    - say: you lost my parcel
      expect: {reply_any: [sorry]}
"""


def test_pass_hat_k_on_a_scenario_that_fails_one_repeat_in_three(fake, tmp_path):
    path = write(tmp_path, "g.yaml", GREETING)
    # Played in order: greets back ×3, then says sorry ×3.
    fake.script(say("hello"), say("hm?"), say("hello"), *[say("sorry about that")] * 3)
    report = run_scenarios([path], models=["fake"], repeat=3, endpoints=endpoints(fake=fake))

    assert [r.passed for r in report.results] == [True, False, True, True, True, True]
    rates = report.per_scenario()
    assert (rates["greets back"].passed, rates["greets back"].total) == (2, 3)
    assert rates["says sorry"].rate == 1.0
    # tau-bench: mean over scenarios of C(c, k) / C(n, k).
    hat = report.pass_hat_k()
    assert hat[1] == pytest.approx((2 / 3 + 1) / 2)
    assert hat[2] == pytest.approx((1 / 3 + 1) / 2)
    assert hat[3] == pytest.approx(0.5)
    assert report.closing_line == "5 passed, 1 failed"
    (failure,) = report.results[1].failures
    assert str(failure).endswith("got 'hm?' at step 1")


def test_two_endpoints_side_by_side_in_the_cli(tmp_path, monkeypatch):
    path = write(tmp_path, "g.yaml", GREETING)
    with FakeProvider() as good, FakeProvider() as bad:
        write_config(
            tmp_path / "shopagent.toml",
            {
                "good": {"profile": "generic", "base_url": good.base_url, "model": "m"},
                "bad": {"profile": "generic", "base_url": bad.base_url, "model": "m"},
            },
        )
        monkeypatch.setenv("SHOPAGENT_CONFIG", str(tmp_path / "shopagent.toml"))
        good.script(say("hello"), say("sorry!"))
        bad.script(say("hello"), say("not my problem"))
        junit, out = tmp_path / "junit.xml", tmp_path / "run.json"
        result = CliRunner().invoke(
            app,
            [
                "scenario", "run", str(path), "--model", "good", "--model", "bad",
                "--junit", str(junit), "--json", str(out),
            ],
            env={"COLUMNS": "200"},
        )  # fmt: skip
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "3 passed, 1 failed"
    models = {line.split("│")[1].strip(): line for line in lines if line.count("│") == 7}
    assert "2/2 (100%)" in models["good"] and "1.00" in models["good"]
    assert "1/2 (50%)" in models["bad"] and "0.50" in models["bad"]
    tags = next(line for line in lines if line.startswith("│ chit-chat"))
    assert "2/2 (100%)" in tags and "1/2 (50%)" in tags
    assert "expected a reply with one of ['sorry'], got 'not my problem' at step 1" in result.output

    suites = ET.parse(junit).getroot()
    assert [s.get("name") for s in suites] == ["good", "bad"]
    assert [(s.get("tests"), s.get("failures")) for s in suites] == [("2", "0"), ("2", "1")]
    failed = suites[1].find("testcase[@name='says sorry']/failure")
    assert failed is not None and "got 'not my problem'" in failed.get("message", "")

    data = json.loads(out.read_text())
    assert [(r["model"], r["passed"]) for r in data["results"]] == [
        ("good", True), ("good", True), ("bad", True), ("bad", False),
    ]  # fmt: skip


def test_tags_pick_scenarios_and_workers_play_in_parallel(tmp_path):
    path = write(
        tmp_path,
        "t.yaml",
        GREETING + "- name: search\n  tags: [search]\n  steps:\n    - say: wireless earbuds\n"
        "      expect: {calls: [search_products]}\n"
        "- name: search zh\n  tags: [search, zh]\n  steps:\n    - say: 无线耳机\n"
        "      expect: {calls: [search_products]}\n",
    )
    report = run_scenarios([path], models=["offline"], tags=["search"], workers=2)
    assert [r.name for r in report.results] == ["search", "search zh"]
    assert report.closing_line == "2 passed, 0 failed"
    assert report.by_tag()["zh"].total == 1


def test_an_unknown_customer_fails_that_scenario_only(tmp_path):
    path = write(
        tmp_path,
        "c.yaml",
        "- name: nobody\n  customer: zoe\n  steps: [{say: hi}]\n"
        "- name: alice\n  steps: [{say: hi}]\n",
    )
    report = run_scenarios([path], models=["offline"])
    assert [r.passed for r in report.results] == [False, True]
    assert "zoe" in report.results[0].problems[0]


def test_an_unknown_model_stops_before_anything_plays(tmp_path):
    path = write(tmp_path, "g.yaml", GREETING)
    result = CliRunner().invoke(app, ["scenario", "run", str(path), "--model", "nope"])
    assert result.exit_code == 1
    assert "nope" in result.output and "passed" not in result.output
