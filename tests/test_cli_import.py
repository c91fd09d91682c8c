from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

import store
from store.models import Product
from ui.cli import app

DATA = Path(__file__).parent / "data" / "catalog"
runner = CliRunner()


@pytest.fixture
def cli_engine(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The CLI on the test store (no demo data)."""
    monkeypatch.setattr(store, "get_engine", lambda: engine)  # the CLI calls store.get_engine
    return engine


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["catalog", "import", *args])
    return result.exit_code, " ".join(result.output.split())  # rich wraps long lines


def products(engine: Engine) -> list[tuple[str, str | None, str]]:
    with Session(engine) as session:
        return sorted(
            session.exec(select(Product.seller, Product.external_id, Product.currency)).all()
        )


def test_import_reports_what_each_file_did(cli_engine: Engine) -> None:
    code, output = run(str(DATA / "woo_shop.csv"), str(DATA / "shop.json"))

    assert code == 0, output
    assert (
        "woo_shop.csv: imported (seller woo_shop): 6 new, 0 updated, 6 skipped, 0 errors" in output
    )
    assert "shop.json: imported (seller shop): 2 new" in output
    assert "line 6 skipped: draft" in output
    assert len(products(cli_engine)) == 8

    code, output = run(str(DATA / "woo_shop.csv"))
    assert code == 0, output
    assert "0 new, 6 updated" in output
    assert len(products(cli_engine)) == 8


def test_invalid_rows_fail_the_file_and_are_listed(cli_engine: Engine) -> None:
    code, output = run(str(DATA / "woo_broken.csv"))

    assert code == 1
    assert "not imported" in output and "5 errors" in output
    assert "line 5: Regular price: not a price: '12,3x'" in output
    assert "line 12: has 13 cells" in output
    assert "--skip-invalid" in output
    assert products(cli_engine) == []


def test_skip_invalid_seller_and_currency_options(cli_engine: Engine) -> None:
    code, output = run(
        str(DATA / "woo_broken.csv"), "--skip-invalid", "--seller", "acme", "--currency", "usd"
    )

    assert code == 0, output
    assert "(seller acme): 3 new" in output
    assert "line 7 skipped: invalid: Parent id:999" in output
    assert products(cli_engine) == [
        ("acme", "301", "USD"),
        ("acme", "302", "USD"),
        ("acme", "307", "USD"),
    ]


def test_files_that_cannot_be_read_fail_with_a_message(cli_engine: Engine, tmp_path: Path) -> None:
    not_csv = tmp_path / "notes.csv"
    not_csv.write_text("hello\nworld\n", encoding="utf-8")

    code, output = run(str(not_csv), str(DATA / "shop.json"))

    assert code == 1
    assert "notes.csv lacks the column(s) ID, Name, Regular price" in output
    assert [seller for seller, _, _ in products(cli_engine)] == ["shop", "shop"]

    code, output = run(str(DATA / "shop.json"), "--format", "xml")
    assert code == 1 and "--format must be woocommerce or json" in output
