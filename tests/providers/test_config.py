"""Configuration: presets, shopagent.toml, keys from the environment or .env, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent.config import (
    OFFLINE,
    ConfigError,
    list_endpoints,
    load_configuration,
    resolve_endpoint,
)
from agent.providers import PROFILES
from store.settings import reset_settings
from tests.providers.conftest import write_config

ROOT = Path(__file__).resolve().parents[2]


def test_every_preset_names_a_profile_and_every_profile_has_a_preset():
    endpoints = load_configuration().endpoints
    assert {
        "openai",
        "deepseek",
        "qwen",
        "kimi",
        "glm",
        "qianfan",
        "doubao",
        "minimax",
        "siliconflow",
        "hunyuan",
        "ollama",
        "vllm",
        "llamacpp",
        "lmstudio",
        "custom",
    } == set(endpoints)
    assert {config.profile for config in endpoints.values()} == set(PROFILES)


def test_model_names_and_provider_names_live_only_in_data():
    """Model names change often: the presets hold them; code never branches on a provider."""
    models = {c.model for c in load_configuration().endpoints.values() if c.model}
    sources = [
        p
        for folder in ("agent", "tools", "ui", "store")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "providers.py"
    ]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for model in models:
            assert f'"{model}' not in text and f"'{model}" not in text, f"{path} names {model}"
        for name in set(PROFILES) - {"generic"}:
            assert not re.search(rf"""==\s*["']{name}["']""", text), f"{path} branches on {name}"


def test_the_offline_demo_is_the_default_even_with_keys_around(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    assert resolve_endpoint().offline
    assert [e.name for e in list_endpoints() if e.default] == [OFFLINE]


def test_shopagent_model_picks_a_preset_in_one_line(monkeypatch):
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    monkeypatch.setenv("SHOPAGENT_MODEL", "deepseek")
    reset_settings()
    endpoint = resolve_endpoint()
    assert (endpoint.name, endpoint.profile.name, endpoint.api_key) == (
        "deepseek",
        "deepseek",
        "sk-test",
    )
    assert endpoint.base_url == "https://api.deepseek.com"
    assert endpoint.price_input is not None and endpoint.price_currency == "USD"
    assert resolve_endpoint("offline").offline  # an explicit name (--model) wins


def test_keys_and_the_choice_can_come_from_a_dotenv_file(clean_config, monkeypatch):
    (clean_config / ".env").write_text(
        "QWEN_UNUSED=1\nDASHSCOPE_API_KEY=from-dotenv\nSHOPAGENT_MODEL=qwen\n", encoding="utf-8"
    )
    reset_settings()
    endpoint = resolve_endpoint()
    assert (endpoint.name, endpoint.api_key) == ("qwen", "from-dotenv")
    monkeypatch.setenv("DASHSCOPE_API_KEY", "from-environment")
    assert resolve_endpoint("qwen").api_key == "from-environment"


def test_missing_key_says_which_variable_to_set():
    with pytest.raises(ConfigError) as raised:
        resolve_endpoint("kimi")
    assert "MOONSHOT_API_KEY" in raised.value.message and ".env" in raised.value.message


def test_wrong_name_suggests_the_closest_one():
    with pytest.raises(ConfigError, match="Unknown model 'deepsek'. Did you mean 'deepseek'"):
        resolve_endpoint("deepsek")


def test_custom_comes_from_the_openai_variables(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-custom")
    with pytest.raises(ConfigError, match="OPENAI_MODEL"):
        resolve_endpoint("custom")
    monkeypatch.setenv("OPENAI_MODEL", "my-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    endpoint = resolve_endpoint("custom")
    assert (endpoint.model, endpoint.base_url, endpoint.profile.name) == (
        "my-model",
        "http://127.0.0.1:9/v1",
        "generic",
    )


def test_a_file_overrides_presets_adds_endpoints_and_sets_the_default(clean_config, monkeypatch):
    write_config(
        clean_config / "shopagent.toml",
        {
            "deepseek": {
                "model": "deepseek-v4-pro",
                "prices": {"input": 1, "output": 2, "currency": "CNY"},
            },
            "my-gateway": {
                "profile": "generic",
                "base_url": "http://127.0.0.1:9/v1",
                "model": "m",
                "api_key_env": "GATEWAY_KEY",
                "extra_body": {"top_k": 20},
                "thinking": False,
            },
        },
        default="my-gateway",
    )
    monkeypatch.setenv("GATEWAY_KEY", "k")
    monkeypatch.setenv("DEEPSEEK_API_KEY", "k")
    gateway = resolve_endpoint()
    assert (gateway.name, gateway.extra_body, gateway.thinking) == (
        "my-gateway",
        {"top_k": 20},
        False,
    )
    deepseek = resolve_endpoint("deepseek")
    assert deepseek.model == "deepseek-v4-pro" and deepseek.base_url == "https://api.deepseek.com"
    assert (deepseek.price_input, deepseek.price_cached_input, deepseek.price_currency) == (
        1,
        None,
        "CNY",
    )
    assert {e.name: e.in_file for e in list_endpoints()}["my-gateway"]


def test_file_lookup_order(clean_config, tmp_path, monkeypatch):
    user_file = tmp_path / "xdg" / "shopagent" / "shopagent.toml"
    user_file.parent.mkdir(parents=True)
    write_config(user_file, {}, default="glm")
    assert load_configuration().path == user_file
    here = write_config(clean_config / "shopagent.toml", {}, default="qwen")
    assert load_configuration().default == "qwen" and load_configuration().path == here
    named = write_config(tmp_path / "elsewhere.toml", {}, default="kimi")
    monkeypatch.setenv("SHOPAGENT_CONFIG", str(named))
    assert load_configuration().default == "kimi"
    monkeypatch.setenv("SHOPAGENT_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="missing.toml, which is not a file"):
        load_configuration()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[models.deepseek]\nmodel = deepseek-v4-pro\n", r"not valid TOML: .*line 2"),
        (
            '[models.deepseek]\nmodle = "x"\n',
            r"\[models.deepseek\]: unknown field 'modle' \(did you mean 'model'\?\)",
        ),
        (
            '[models.mine]\nprofile = "deepsek"\nbase_url = "http://x"\nmodel = "m"\n',
            r"\[models.mine\]: profile: unknown profile 'deepsek'; use one of .*deepseek",
        ),
        ("[models.mine]\ntimeout = -1\n", r"timeout: Input should be greater than 0"),
        ("[models.mine]\nprices = { input = 1 }\n", r"prices.output: Field required"),
        ('model = "deepseek"\n', r"unknown field 'model'.*allowed: default, models"),
        ('[models]\ndeepseek = "x"\n', r"models.deepseek must be a table"),
        ('default = "nope"\n', r"default = 'nope' names no endpoint"),
        ('[models.offline]\nmodel = "x"\n', r"\[models.offline\] is the built-in demo"),
    ],
)
def test_malformed_files_say_exactly_what_to_fix(text, expected, clean_config):
    path = clean_config / "shopagent.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        resolve_endpoint()
    assert re.search(expected, raised.value.message), raised.value.message
    assert str(path) in raised.value.message


def test_list_endpoints_tells_which_have_keys_never_the_keys(monkeypatch):
    monkeypatch.setenv("ZHIPUAI_API_KEY", "secret-value")
    infos = {e.name: e for e in list_endpoints()}
    assert list(infos)[0] == OFFLINE and infos[OFFLINE].offline
    assert infos["glm"].has_key and infos["glm"].key_env == "ZHIPUAI_API_KEY"
    assert not infos["deepseek"].has_key
    assert infos["ollama"].has_key and infos["ollama"].key_env is None  # local: no key needed
    assert "secret-value" not in repr(list_endpoints())
    assert "secret-value" not in repr(resolve_endpoint("glm"))


def test_the_example_file_is_valid(monkeypatch):
    monkeypatch.setenv("SHOPAGENT_CONFIG", str(ROOT / "shopagent.example.toml"))
    configuration = load_configuration()
    assert configuration.endpoints["deepseek"].model == "deepseek-v4-pro"
    assert configuration.endpoints["deepseek"].base_url == "https://api.deepseek.com"  # from preset
    assert configuration.endpoints["my-gateway"].extra_body == {"top_k": 20}


def test_the_readme_table_matches_the_presets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Models") :]
    for name, config in load_configuration().endpoints.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}` |"))
        for value in (
            config.base_url_env if config.model_env == "OPENAI_MODEL" else config.base_url,
            config.model or config.model_env,
            config.api_key_env or "none",
        ):
            assert f"`{value}`" in row or f"| {value} |" in row, (name, value, row)
