"""`shopagent search`: choices and prices typed by a person."""

from __future__ import annotations

from typer.testing import CliRunner

from ui.cli import app

runner = CliRunner()


def test_a_wrong_sort_says_which_ones_exist():
    result = runner.invoke(app, ["search", "earbuds", "--sort", "cheapest"])
    assert result.exit_code == 1
    assert "--sort must be relevance or price_asc or price_desc or rating" in result.output


def test_a_budget_in_yen_is_not_read_as_cents():
    result = runner.invoke(
        app, ["search", "--max-price", "300", "--currency", "JPY", "--sort", "price_asc", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "[]"  # 300 minor units: below every demo price
    result = runner.invoke(app, ["search", "--max-price", "300", "--sort", "price_asc", "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() != "[]"
