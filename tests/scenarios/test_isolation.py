"""Scenario runs never touch the user's shop: each plays on a fresh copy of the seeded demo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent.scenarios import ShopTemplate, run_scenarios, shop_template
from store import get_engine, make_engine
from store.models import Order, Preference
from store.settings import reset_settings
from tests.scenarios.conftest import write
from ui.cli import app

ROOT = Path(__file__).parents[2]

REMEMBER_AND_BUY = """\
- name: remembers a size
  steps:
    - say: remember my shoe size is 43
      expect: {preference: {key_any: [shoe], value_contains: "43"}}
- name: buys earbuds
  steps:
    - say: wireless earbuds under 300
    - say: add the first one in white
    - say: check out
    - confirm: true
      expect: {order_status: paid}
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_users_shop_is_byte_for_byte_untouched(tmp_path):
    home = Path(os.environ["SHOPAGENT_HOME"])
    # The user has shopped: an order, checkpoints, a secret key in their data directory.
    chat = CliRunner().invoke(
        app,
        ["chat", "--model", "offline"],
        input="wireless earbuds under 300\nadd the first one in white\ncheck out\ny\nexit\n",
    )
    assert chat.exit_code == 0, chat.output
    get_engine().dispose()
    before = snapshot(home)
    assert "shop.db" in before and "shop.checkpoints.db" in before

    path = write(tmp_path, "s.yaml", REMEMBER_AND_BUY)
    result = CliRunner().invoke(app, ["scenario", "run", str(path), "--model", "offline"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 passed, 0 failed"

    assert snapshot(home) == before
    with Session(get_engine()) as s:
        assert len(s.exec(select(Order)).all()) == 1  # only the user's own order
        assert not s.exec(select(Preference).where(Preference.value == "43")).all()


def test_each_scenario_starts_from_the_seeded_shop(tmp_path):
    # The second play would see the first's preference and order if shops were shared.
    path = write(
        tmp_path,
        "s.yaml",
        REMEMBER_AND_BUY + REMEMBER_AND_BUY.replace("- name: ", "- name: again "),
    )
    report = run_scenarios([path], models=["offline"])
    assert report.closing_line == "4 passed, 0 failed"


def test_templates_are_removed_after_the_run(tmp_path):
    with shop_template() as template:
        folder = Path(template.workdir)
        with template.copy() as engine:
            copy = Path(engine.url.database)
            assert copy.exists() and copy.parent.parent == folder
        assert not copy.exists()
    assert not folder.exists()


@pytest.mark.postgres
def test_a_postgresql_store_gets_a_template_database_per_run(
    postgres_database, monkeypatch, tmp_path
):
    monkeypatch.setenv("SHOPAGENT_DATABASE_URL", postgres_database)
    reset_settings()
    made: list[str] = []
    real_copy = ShopTemplate.copy

    def copy(self):  # note each clone's database (other test sessions share the server)
        made.append(self.url)
        return real_copy(self)

    monkeypatch.setattr(ShopTemplate, "copy", copy)
    engine = make_engine(postgres_database)
    try:
        before = sorted(inspect(engine).get_table_names())
        report = run_scenarios([write(tmp_path, "s.yaml", REMEMBER_AND_BUY)], models=["offline"])
        assert report.closing_line == "2 passed, 0 failed"
        assert sorted(inspect(engine).get_table_names()) == before  # never written
        assert len(made) == 2 and all("shopagent_template_" in url for url in made)
        template = make_url(made[0]).database
        with engine.connect() as conn:
            left = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :name"),
                {"name": f"{template}%"},
            ).all()
        assert left == []  # the template and its clones are dropped
    finally:
        engine.dispose()


def test_store_current_plays_on_the_users_store_when_asked(tmp_path):
    seeded = CliRunner().invoke(app, ["seed"])
    assert seeded.exit_code == 0, seeded.output
    path = write(tmp_path, "s.yaml", REMEMBER_AND_BUY)
    result = CliRunner().invoke(
        app, ["scenario", "run", str(path), "--model", "offline", "--store", "current"]
    )
    assert result.exit_code == 0, result.output
    with Session(get_engine()) as s:
        assert len(s.exec(select(Order)).all()) == 1  # the scenario's order, in the user's shop
        assert s.exec(select(Preference).where(Preference.value == "43")).all()
