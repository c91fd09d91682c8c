"""`shopagent models [--check]` against the fake provider, through a temporary shopagent.toml."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.fake_provider import FakeProvider, call, quota_exhausted, say
from tests.providers.conftest import write_config
from ui.cli import app


def run(*args: str):
    return CliRunner().invoke(app, ["models", *args], env={"COLUMNS": "250"})


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
                "shop-ds": {
                    "profile": "deepseek",
                    "base_url": good.base_url,
                    "model": "m",
                    "api_key_env": "SHOP_DS_KEY",
                },
                "shop-glm": {
                    "profile": "glm",
                    "base_url": broke.base_url,
                    "model": "m",
                    "api_key_env": "SHOP_GLM_KEY",
                },
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
