"""Every `expect` key, holding and not holding, judged on the shop's state after the step."""

from __future__ import annotations

from agent.scenarios import run_scenarios
from tests.scenarios.conftest import (
    PURCHASE,
    PURCHASE_EXPECTING_THE_OPPOSITE,
    endpoints,
    script_purchase,
    write,
)

EVERY_KEY = {
    "tools",
    "calls",
    "no_calls",
    "pending",
    "pending_method",
    "text_contains",
    "reply_any",
    "reply_none",
    "shown.none",
    "shown.min",
    "shown.max",
    "shown.max_price",
    "shown.min_price",
    "shown.category_any",
    "shown.title_any",
    "cart.empty",
    "cart.lines",
    "cart.quantity",
    "cart.title_any",
    "cart.option",
    "order_status",
    "preference",
}


def test_every_key_holds_on_a_purchase(fake, tmp_path):
    script_purchase(fake)
    report = run_scenarios(
        [write(tmp_path, "p.yaml", PURCHASE)], endpoints=endpoints(fake=fake), models=["fake"]
    )
    (result,) = report.results
    assert result.passed, result.problems
    assert [len(turn.tools) for turn in result.turns] == [1, 1, 1, 2, 1]
    assert result.usage.prompt_tokens > 0


def test_every_key_fails_when_the_shop_says_otherwise(fake, tmp_path):
    script_purchase(fake)
    path = write(tmp_path, "p.yaml", PURCHASE_EXPECTING_THE_OPPOSITE)
    (result,) = run_scenarios([path], endpoints=endpoints(fake=fake), models=["fake"]).results
    assert not result.passed
    assert {failure.key for failure in result.failures} == EVERY_KEY
    by_key = {failure.key: failure for failure in result.failures}
    assert str(by_key["cart.quantity"]) == (
        "cart.quantity: expected 3 units in the cart, got 2 at step 3"
    )
    assert by_key["pending_method"].got == "'Visa ···4242'"
    assert [f.step for f in result.failures if f.key == "order_status"] == [4, 5]


def test_confirming_when_nothing_waits_is_a_failed_expectation(fake, tmp_path):
    fake.script(
        __import__("tests.fake_provider", fromlist=["say"]).say("Hello!"),
    )
    path = write(
        tmp_path, "s.yaml", "name: x\nsteps:\n  - say: hi\n  - confirm: true\n    expect: {}\n"
    )
    (result,) = run_scenarios([path], endpoints=endpoints(fake=fake), models=["fake"]).results
    (failure,) = result.failures
    assert failure.step == 2 and failure.key == "step"
    assert "expected a confirmation, got none" in str(failure)
    assert "model" not in str(failure)
