"""`shopagent chat` typed by a person, with the offline demo model, in English and Chinese."""

from __future__ import annotations

from sqlmodel import Session, select
from typer.testing import CliRunner

from store import get_engine
from store.models import Customer, Order, OrderStatus
from ui.cli import app


def orders_of(handle: str) -> list[Order]:
    with Session(get_engine()) as s:
        customer = s.exec(select(Customer).where(Customer.handle == handle)).one()
        return list(s.exec(select(Order).where(Order.customer_id == customer.id)).all())


def chat(user: str, *lines: str):
    result = CliRunner().invoke(
        app, ["chat", "--model", "offline", "--user", user], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_english_purchase_with_confirmation_prompt():
    out = chat(
        "alice",
        "wireless earbuds under 300",
        "add the first one in white",
        "check out",
        "y",
        "exit",
    )
    assert "rule-based" in out  # the offline demo says what it is
    assert "→ search_products" in out and "→ pay_order" in out
    assert "Pay now? [y/N]" in out
    assert [o.status for o in orders_of("alice")] == [OrderStatus.paid]


def test_chinese_purchase_with_confirmation_prompt():
    out = chat("chen", "帮我找300元以内的无线耳机", "加第一个，白色", "结账", "是", "退出")
    assert "→ add_to_cart" in out
    assert [o.status for o in orders_of("chen")] == [OrderStatus.paid]


def test_declining_at_the_prompt_charges_nothing():
    chat(
        "alice",
        "wireless earbuds under 300",
        "add the first one in white",
        "check out",
        "n",
        "exit",
    )
    assert [o.status for o in orders_of("alice")] == [OrderStatus.awaiting_payment]


def test_a_refund_asks_at_the_prompt_too():
    buy = ["wireless earbuds under 300", "add the first one in white", "check out", "y"]
    out = chat("alice", *buy, "refund my order", "n", "refund my order", "y", "exit")
    assert out.count("Refund now? [y/N]") == 2
    assert "Confirm refund of order #1" in out and "¥299.00" in out
    assert [o.status for o in orders_of("alice")] == [OrderStatus.refunded]


def test_unknown_model_is_a_clear_error():
    result = CliRunner().invoke(app, ["chat", "--model", "no-such-model"], input="exit\n")
    assert result.exit_code == 1
    assert "no-such-model" in result.output


def test_unknown_customer_is_a_clear_error():
    result = CliRunner().invoke(app, ["chat", "--user", "nobody"], input="exit\n")
    assert result.exit_code == 1
    assert "nobody" in result.output


def test_scenario_run_reports_each_turn_and_fails_on_a_broken_expectation(tmp_path):
    from pathlib import Path

    shipped = Path(__file__).parents[1] / "scenarios" / "purchase_en.yaml"
    result = CliRunner().invoke(
        app, ["scenario", "run", str(shipped), "--model", "offline", "--verbose"]
    )
    assert result.exit_code == 0, result.output
    assert "passed" in result.output and "search_products" in result.output

    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nsteps:\n  - say: hello\n    expect: {tools: [checkout]}\n")
    result = CliRunner().invoke(app, ["scenario", "run", str(broken), "--model", "offline"])
    assert result.exit_code == 1
    assert "tools: expected ['checkout']" in result.output


def test_seed_reports_what_it_loaded_then_that_it_is_there():
    first = CliRunner().invoke(app, ["seed"])
    assert first.exit_code == 0 and "loaded" in first.output and "products" in first.output
    again = CliRunner().invoke(app, ["seed"])
    assert "already loaded" in again.output
