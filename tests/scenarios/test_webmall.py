"""WebMall tasks on a tiny fixture of the four shops: product lists, carts and paid orders."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.scenarios.webmall import Task, load_tasks, run_webmall
from tests.fake_provider import FakeProvider, call, calls, last_tool_result, say
from tests.scenarios.conftest import add_first, endpoints, pay_latest
from ui.cli import app

FIXTURE = Path(__file__).parents[1] / "data" / "webmall"
CATALOG, TASKS = FIXTURE / "catalog", FIXTURE / "tasks.json"


def found(body, word: str) -> list[dict]:
    return [p for p in last_tool_result(body)["catalog_data"] if word in p["title"]]


def list_titles(word: str):
    return lambda body: say("Offers: " + "; ".join(p["title"] for p in found(body, word)))


def add_each(word: str, only: int | None = None):
    return lambda body: calls(
        *[("add_to_cart", {"product_id": p["id"]}) for p in found(body, word)[:only]]
    )


def script(fake: FakeProvider, *, ssds: int | None = None) -> None:
    fake.script(
        call("search_products", {"query": "Corvex Nova 7 gaming mouse"}),
        list_titles("Nova 7"),
        call("search_products", {"query": "Vireo 1TB NVMe SSD"}),
        add_each("Vireo", ssds),
        say("Both are in your cart."),
        call("search_products", {"query": "brightline 27in ips monitor 165hz"}),
        add_first({}),
        call("checkout", {}),
        pay_latest,  # the task asks to pay: the runner confirms as the human
        say("Paid."),
    )


def test_a_perfect_run_solves_every_kind_of_task():
    with FakeProvider() as fake:
        script(fake)
        report = run_webmall(CATALOG, TASKS, model="fake", endpoints=endpoints(fake=fake))
    assert [(s.answer_type, s.passed, s.f1) for s in report.scores] == [
        ("string", True, 1.0),
        ("cart", True, 1.0),
        ("checkout", True, 1.0),
    ]
    checkout = report.scores[2]
    assert [t.action for t in checkout.turns][1] == "[confirm]"
    assert checkout.found == ["Brightline 27in IPS Monitor 165Hz"]
    assert report.closing_line == "3 passed, 0 failed"


def test_half_a_cart_scores_precision_one_recall_one_half():
    with FakeProvider() as fake:
        script(fake, ssds=1)
        report = run_webmall(CATALOG, TASKS, model="fake", endpoints=endpoints(fake=fake))
    cart = report.scores[1]
    assert (cart.precision, cart.recall, cart.f1, cart.passed) == (1.0, 0.5, 0.667, False)
    assert report.by_type()["cart"]["passed"] == 0


def test_tasks_read_as_a_customer_would_type_them():
    checkout = load_tasks(TASKS)[2]
    message = checkout.message()
    assert '"brightline 27in ips monitor 165hz" (shop webmall_2)' in message
    assert "Ada Lovelace" in message and "4242424242424242" in message and "{{" not in message
    assert checkout.shopper.startswith("webmall-") and load_tasks(TASKS)[0].shopper == "webmall"


def test_the_cli_scores_the_offline_demo_honestly(tmp_path):
    out = tmp_path / "webmall.json"
    result = CliRunner().invoke(
        app,
        ["scenario", "webmall", "--catalog", str(CATALOG), "--tasks", str(TASKS),
         "--model", "offline", "--json", str(out)],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "by task type" in result.output and "Fixture_Checkout_Task1" in result.output
    last = result.output.splitlines()[-1]
    passed, failed = (int(part.split()[0]) for part in last.split(", "))
    assert passed + failed == 3 and out.exists()


def test_a_bad_task_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "tasks.json"
    bad.write_text('[{"id": "x"}]')
    with pytest.raises(ValueError, match="not a WebMall task file"):
        load_tasks(bad)
    assert Task.model_fields["answers"].is_required()
