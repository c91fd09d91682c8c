"""The checkout and start-up benchmarks run end to end on small sizes; the invariants they
check catch a broken store; `python -m bench` records full runs and draws their charts."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlmodel import Session, select

from bench import __main__ as bench_main
from bench import checkout, record
from store.models import Order, Payment, Variant


def _args(databases: str, url: str = "") -> argparse.Namespace:
    return argparse.Namespace(
        shoppers="1,3",
        purchases=12,
        modes="threads,processes",
        databases=databases,
        postgres_url=url,
    )


def _check(figures: dict, database: str) -> None:
    assert figures["violations_total"] == 0
    assert figures[database]["floor_purchases_per_s"] > 0
    for mode in ("threads", "processes"):
        for run in figures[database][mode].values():
            assert run["purchases"] + run["sold_out"] == 12
            assert run["paid_orders"] == run["purchases"] > 0
            assert 0 < run["p50_ms"] <= run["p95_ms"]
            assert set(run["violations"].values()) == {0}


def test_checkout_benchmark_on_sqlite_holds_the_invariants():
    _check(checkout.run(_args("sqlite")), "sqlite")


@pytest.mark.postgres
def test_checkout_benchmark_on_postgres_holds_the_invariants(postgres_database):
    # The benchmark makes (and drops) its own databases on the server this one is on.
    _check(checkout.run(_args("postgres", postgres_database)), "postgres")


def test_the_invariants_catch_oversell_a_second_charge_and_a_wrong_total(tmp_path):
    engine, shop = checkout._fresh_shop(f"sqlite:///{tmp_path / 'shop.db'}", 2, 8)
    product_id, variant_id = shop.items[1]
    for customer_id in shop.customers:
        assert checkout._purchase(engine, customer_id, product_id, variant_id)
    assert set(checkout._violations(engine, shop).values()) == {0, 2}  # two paid orders
    with Session(engine) as session:
        variant = session.get(Variant, variant_id)
        variant.stock -= 1  # a unit gone without an order
        first, second = session.exec(select(Payment)).all()
        second.order_id = first.order_id  # one order charged twice, the other not at all
        order = session.exec(select(Order)).first()
        order.total += 1
        session.add_all([variant, second, order])
        session.commit()
    assert checkout._violations(engine, shop) == {
        "oversold_variants": 1,
        "paid_orders_without_one_charge": 2,
        "orders_whose_total_is_not_their_lines": 1,
        "paid_orders": 2,
    }


def test_a_full_run_is_recorded_and_charted_and_a_quick_one_is_not(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(record, "RESULTS", tmp_path)
    small = ["--shoppers", "1,2", "--modes", "threads", "--databases", "sqlite", "--json"]
    bench_main.main(["checkout", "--quick", "--purchases", "4", *small])
    quick = json.loads(capsys.readouterr().out)
    assert quick["purchases_per_run"] == 4  # a given option wins over the quick sizes
    assert list(quick["sqlite"]["threads"]) == ["K=1", "K=2"]
    assert not list(tmp_path.iterdir())
    bench_main.main(["checkout", "--purchases", "4", *small])
    figures = json.loads(capsys.readouterr().out)
    (line,) = record.runs("checkout")
    assert line["figures"] == figures and line["options"]["purchases"] == 4
    assert line["date"][:2] == "20"
    assert (tmp_path / "checkout.png").read_bytes()[:4] == b"\x89PNG"
