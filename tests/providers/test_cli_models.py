"""`shopagent models [--check]` against the fake provider, through a temporary shopagent.toml."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from tests.fake_provider import FakeProvider, call, quota_exhausted, say
from tests.providers.conftest import write_config
from ui.cli import app


def run(*args: str):
    return CliRunner().invoke(app, ["models", *args], env={"COLUMNS": "250"})


def endpoint(profile: str, base_url: str, key_env: str) -> dict[str, str]:
    """A shopagent.toml endpoint of `profile` at `base_url`, keyed by `key_env`."""
    return {"profile": profile, "base_url": base_url, "model": "m", "api_key_env": key_env}


def test_models_lists_presets_and_which_have_keys(monkeypatch):
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    result = run()
    assert result.exit_code == 0, result.output
    lines = {
        line.split("│")[1].strip(): line
        for line in result.output.splitlines()
        if line.count("│") > 5
    }
    assert "offline (default)" in lines and "built in" in lines["offline (default)"]
    assert (
        "DEEPSEEK_API_KEY ✓" in lines["deepseek"] and "0.28, 0.028, 0.42 USD" in lines["deepseek"]
    )
    assert "MOONSHOT_API_KEY missing" in lines["kimi"]
    assert "not needed" in lines["ollama"]
    assert "presets only" in result.output


def test_models_check_reports_what_works(clean_config, monkeypatch):
    with FakeProvider("deepseek") as good, FakeProvider("glm") as broke:
        write_config(
            clean_config / "shopagent.toml",
            {
                "shop-ds": endpoint("deepseek", good.base_url, "SHOP_DS_KEY"),
                "shop-glm": endpoint("glm", broke.base_url, "SHOP_GLM_KEY"),
            },
        )
        monkeypatch.setenv("SHOP_DS_KEY", "k")
        monkeypatch.setenv("SHOP_GLM_KEY", "k")
        good.script(call("add_numbers", {"a": 2, "b": 3}), say("5"))
        broke.script(quota_exhausted())
        result = run("--check")
    assert result.exit_code == 1, result.output
    rows = {
        line.split("│")[1].strip(): line
        for line in result.output.splitlines()
        if line.count("│") > 5
    }
    assert "ok: tool call add_numbers" in rows["shop-ds"]
    assert "failed:" in rows["shop-glm"] and "no quota" in rows["shop-glm"]
    assert (
        "skipped" in rows["deepseek"] and "skipped" in rows["ollama"]
    )  # no key / not ours to probe
    assert (
        len(good.requests) == 2 and good.requests[0]["tool_choice"] == "auto"
    )  # thinking: no forcing
    assert good.requests[1]["messages"][2]["reasoning_content"]  # the round trip echoed reasoning
    assert str(clean_config / "shopagent.toml") in result.output.replace("\n", "")


def test_models_with_a_broken_file_says_what_to_fix(clean_config):
    (clean_config / "shopagent.toml").write_text("[models.x]\nbase_url = \n", encoding="utf-8")
    result = run()
    assert result.exit_code == 1 and "not valid TOML" in result.output and "line 2" in result.output


def test_models_json_lists_every_endpoint_for_scripts(clean_config, monkeypatch):
    with FakeProvider("deepseek") as good:
        write_config(
            clean_config / "shopagent.toml",
            {"shop-ds": endpoint("deepseek", good.base_url, "SHOP_DS_KEY")},
        )
        monkeypatch.setenv("SHOP_DS_KEY", "k")
        good.script(call("add_numbers", {"a": 2, "b": 3}), say("5"))
        result = CliRunner().invoke(app, ["models", "--json", "--check"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["offline"]["default"] is True and "check" not in rows["offline"]
    assert rows["siliconflow"]["key_env"] == "SILICONFLOW_API_KEY"
    assert rows["siliconflow"]["has_key"] is False
    assert rows["shop-ds"]["check"]["ok"] is True


def test_piped_models_output_is_not_cut_to_80_columns(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    piped = subprocess.run(
        [sys.executable, "-c", "from ui.cli import main; main()", "models"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    names = [line.split("│")[1].strip() for line in piped.stdout.splitlines() if "│" in line]
    assert "siliconflow" in names
    assert "https://api.siliconflow.cn/v1" in piped.stdout
