"""One settings object: the environment, then `.env`, then shopagent.toml, for store and agent."""

from __future__ import annotations

import pytest

from agent.config import resolve_endpoint
from store.db import make_engine
from store.settings import ConfigError, Settings, get_settings, reset_settings


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for variable in ("SHOPAGENT_CONFIG", "SHOPAGENT_MODEL", "SHOPAGENT_MAX_STEPS"):
        monkeypatch.delenv(variable, raising=False)
    reset_settings()
    yield tmp_path
    reset_settings()


def test_the_store_reads_its_database_from_a_dotenv_file(workdir):
    url = f"sqlite:///{workdir / 'from-dotenv.db'}"
    (workdir / ".env").write_text(f"SHOPAGENT_DATABASE_URL={url}\n", encoding="utf-8")
    reset_settings()
    engine = make_engine()
    assert engine.url.render_as_string() == url
    engine.dispose()


def test_the_environment_wins_over_dotenv_and_the_file(workdir, monkeypatch):
    (workdir / ".env").write_text("SHOPAGENT_MAX_STEPS=3\nSOME_KEY=from-dotenv\n", "utf-8")
    (workdir / "shopagent.toml").write_text('default = "deepseek"\n', encoding="utf-8")
    assert Settings().max_steps == 3
    assert Settings().variable("SOME_KEY") == "from-dotenv"
    assert Settings().file.default == "deepseek"
    monkeypatch.setenv("SHOPAGENT_MAX_STEPS", "5")
    monkeypatch.setenv("SOME_KEY", "from-environment")
    assert Settings().max_steps == 5
    assert Settings().variable("SOME_KEY") == "from-environment"
    assert Settings().variable("UNSET_KEY") is None


def test_a_broken_file_leaves_the_store_working_and_the_models_say_what_to_fix(workdir):
    path = workdir / "shopagent.toml"
    path.write_text("[models.x]\nbase_url = \n", encoding="utf-8")
    assert get_settings().resolved_database_url().startswith("sqlite:///")
    with pytest.raises(ConfigError, match="not valid TOML"):
        get_settings().file.checked()
    with pytest.raises(ConfigError) as raised:
        resolve_endpoint()
    assert str(path) in raised.value.message and "line 2" in raised.value.message


def test_the_file_holds_only_the_model_tables(workdir):
    (workdir / "shopagent.toml").write_text('database_url = "sqlite://"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown field 'database_url'.*allowed: default, models"):
        Settings().file.checked()
