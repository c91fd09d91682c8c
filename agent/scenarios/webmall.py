"""WebMall tasks as scenarios: the four shops imported into a fresh store, each task scored.

WebMall (University of Mannheim) gives four WooCommerce shops and tasks with known answers, a
product being `(shop, csv_id)`. Shop n is imported as seller `webmall_n`, so an answer is the
product with that seller and external id. Each task is sent as one customer message on its own
copy of the store, then scored the way WebMall scores it:

- product-list tasks ("string"): the products the assistant reports (those the catalog tools
  returned whose title or id the reply names) against the answers: precision, recall, F1;
- cart tasks: the products in the cart against the answers;
- checkout tasks: the products of paid orders, paid by the given card and shipped to the given
  address. The human's confirmation is given, as the task asks to pay.

A task passes when its set matches the answers exactly (F1 = 1, and address and card hold).
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine

import store
from agent.api import AgentRuntime, Reply, ShoppingAgent
from agent.config import ModelClients
from agent.model import ModelEndpoint
from agent.scenarios.expect import shown_ids
from agent.scenarios.isolation import fresh_template
from agent.scenarios.play import play_step
from agent.scenarios.report import Rate, TurnReport
from agent.scenarios.spec import Step
from store.demo import DemoAddress, DemoCustomer, DemoPaymentMethod, add_customers

SHOPPER = "webmall"
"""Handle of the shopper of tasks that name no user details."""

_PAGE = re.compile(r"\{\{URL_(\d+)\}\}/product/([\w-]+)/?")
_FIELD = re.compile(r"\{\{(\w+)\}\}")
_COUNTRIES = {"usa": "US", "united states": "US", "germany": "DE", "uk": "GB", "china": "CN"}
_MOST_CONFIRMATIONS = 3


class Answer(BaseModel):
    """One expected product: shop number and its row id in that shop's CSV."""

    model_config = ConfigDict(extra="ignore")

    shop: int
    csv_id: str
    name: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """(seller, external id) in our store."""
        return (f"webmall_{self.shop}", self.csv_id)


class Task(BaseModel):
    """A WebMall task."""

    model_config = ConfigDict(extra="ignore")

    id: str
    category: str
    task: str
    answer_type: Literal["string", "cart", "checkout"]
    answers: list[Answer]
    user_details: dict[str, str] | None = None
    payment_info: dict[str, str] | None = None

    @property
    def shopper(self) -> str:
        """The handle of the customer playing it (one per set of user details)."""
        if not self.user_details:
            return SHOPPER
        digest = hashlib.sha1(json.dumps(self.user_details, sort_keys=True).encode()).hexdigest()
        return f"{SHOPPER}-{digest[:8]}"

    def message(self) -> str:
        """The task as a customer would type it: pages named by product and shop, fields filled."""

        def page(match: re.Match[str]) -> str:
            return f'"{match.group(2).replace("-", " ")}" (shop webmall_{match.group(1)})'

        values = {**(self.user_details or {}), **(self.payment_info or {})}
        text = _PAGE.sub(page, self.task)
        return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text).strip()


class TaskScore(BaseModel):
    """How one task went."""

    id: str
    category: str
    answer_type: str
    precision: float
    recall: float
    f1: float
    passed: bool
    found: list[str] = Field(description="Titles the assistant reported, carted or ordered.")
    expected: list[str]
    problems: list[str] = Field(default_factory=list)
    turns: list[TurnReport]
    seconds: float


class WebMallReport(BaseModel):
    """Every task's score and the figures over them."""

    model: str
    scores: list[TaskScore]
    seconds: float

    def by_type(self) -> dict[str, dict[str, float]]:
        """Per answer type: tasks, exact matches, mean precision, recall and F1."""
        figures: dict[str, dict[str, float]] = {}
        for kind in ("string", "cart", "checkout"):
            scores = [s for s in self.scores if s.answer_type == kind]
            if scores:
                figures[kind] = {
                    "tasks": len(scores),
                    "passed": sum(s.passed for s in scores),
                    "precision": round(statistics.mean(s.precision for s in scores), 3),
                    "recall": round(statistics.mean(s.recall for s in scores), 3),
                    "f1": round(statistics.mean(s.f1 for s in scores), 3),
                }
        return figures

    @property
    def rate(self) -> Rate:
        """Tasks solved exactly."""
        return Rate(passed=sum(s.passed for s in self.scores), total=len(self.scores))

    @property
    def closing_line(self) -> str:
        """The last line: "N passed, N failed", like a scenario run."""
        return f"{self.rate.passed} passed, {self.rate.total - self.rate.passed} failed"


def load_tasks(path: Path) -> list[Task]:
    """Read a WebMall task file (a JSON list).

    Raises:
        ValueError: naming the file and what is wrong.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Task.model_validate(item) for item in data]
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a WebMall task file: {exc}") from None


def catalog_files(folder: Path) -> list[Path]:
    """The shops' CSV exports in a catalog folder (webmall_1.csv ... webmall_4.csv)."""
    files = sorted(folder.glob("webmall_*.csv"))
    if not files:
        raise ValueError(f"{folder}: no webmall_N.csv files; point --catalog at the shops' CSVs")
    return files


def prepare_store(files: list[Path], tasks: list[Task]) -> Callable[[Engine], None]:
    """What a fresh WebMall store holds: the shops' products and the tasks' shoppers."""

    def prepare(engine: Engine) -> None:
        for path in files:
            with store.session_scope(engine) as session:
                report = store.import_catalog(session, path, fmt="woocommerce", skip_invalid=True)
            if not report.committed:
                raise ValueError(f"{path}: the import failed: {report.errors[:3]}")
        shoppers = {task.shopper: _shopper(task) for task in tasks}
        add_customers(engine, list(shoppers.values()))

    return prepare


def _shopper(task: Task) -> DemoCustomer:
    details = task.user_details or {}
    card = (task.payment_info or {}).get("card", "4242424242424242").replace(" ", "")
    country = details.get("country", "DE")
    return DemoCustomer(
        handle=task.shopper,
        name=details.get("name", "WebMall Shopper"),
        email=details.get("email"),
        language="en",
        addresses=[
            DemoAddress(
                label="Home",
                recipient=details.get("name", "WebMall Shopper"),
                line1=f"{details.get('street', 'Main Street')} {details.get('house_number', '1')}",
                city=details.get("city", "Mannheim"),
                province=details.get("state"),
                postcode=details.get("zip"),
                country=_COUNTRIES.get(country.lower(), country[:2].upper()),
                is_default=True,
            )
        ],
        payment_methods=[
            DemoPaymentMethod(
                kind=store.PaymentMethodKind.card,
                label=f"Visa ···{card[-4:]}",
                card_number=card,
                is_default=True,
            )
        ],
    )


def run_webmall(
    catalog: Path,
    tasks_file: Path,
    *,
    model: str | None = None,
    endpoints: dict[str, ModelEndpoint] | None = None,
    on_score: Callable[[TaskScore], None] | None = None,
) -> WebMallReport:
    """Import the shops into a fresh store once, then play and score every task on a copy."""
    tasks = load_tasks(tasks_file)
    files = catalog_files(catalog)
    clients = ModelClients(dict(endpoints or {}))
    model = clients.endpoint(model).name
    started = time.perf_counter()
    scores = []
    with fresh_template(prepare_store(files, tasks)) as template:
        with template.copy() as engine, store.session_scope(engine) as session:
            keys = [answer.key for task in tasks for answer in task.answers]
            ids = store.product_ids_by_source(session, keys)
        for task in tasks:
            with template.copy() as engine, AgentRuntime(engine=engine, clients=clients) as rt:
                score = play_task(task, rt, model, ids)
            if on_score:
                on_score(score)
            scores.append(score)
    return WebMallReport(
        model=model, scores=scores, seconds=round(time.perf_counter() - started, 2)
    )


def play_task(
    task: Task, runtime: AgentRuntime, model: str, ids: dict[tuple[str, str], int]
) -> TaskScore:
    """Send the task, answer confirmations as the task asks, and score the outcome."""
    started = time.perf_counter()
    agent = ShoppingAgent(task.shopper, model=model, runtime=runtime)
    turns: list[TurnReport] = []
    replies: list[Reply] = []
    for step in _steps(task, replies):
        turn, reply = play_step(agent, step, len(turns) + 1)
        turns.append(turn)
        replies.append(reply)
    expected = {ids[a.key] for a in task.answers if a.key in ids}
    found, problems = _found(task, agent, replies)
    precision, recall, f1 = _scores(found, expected)
    titles = _titles(runtime.engine, found | expected)
    return TaskScore(
        id=task.id,
        category=task.category,
        answer_type=task.answer_type,
        precision=precision,
        recall=recall,
        f1=f1,
        passed=bool(expected) and found == expected and not problems,
        found=[titles[i] for i in sorted(found)],
        expected=[titles[i] for i in sorted(expected)],
        problems=problems,
        turns=turns,
        seconds=round(time.perf_counter() - started, 3),
    )


def _steps(task: Task, replies: list[Reply]) -> Iterator[Step]:
    """The message, then for each payment that waits: confirm (checkout tasks) or decline."""
    yield Step(say=task.message())
    for _ in range(_MOST_CONFIRMATIONS):
        pending = replies[-1].pending if replies else None
        if pending is None or pending.kind != "confirm_payment":
            return
        yield Step(confirm=True) if task.answer_type == "checkout" else Step(decline=True)


def _found(task: Task, agent: ShoppingAgent, replies: list[Reply]) -> tuple[set[int], list[str]]:
    engine, customer = agent.runtime.engine, agent.customer.id
    if task.answer_type == "string":
        return _reported(engine, replies), []
    with store.session_scope(engine) as session:
        if task.answer_type == "cart":
            cart = store.view_cart(session, customer_id=customer)
            return {line.product_id for line in cart.lines}, []
        orders = store.list_orders(session, customer_id=customer, limit=100)
    paid = [o for o in orders if o.status == store.OrderStatus.paid]
    problems = []
    card = (task.payment_info or {}).get("card", "")[-4:]
    for order in paid:
        method = order.payment_method.label if order.payment_method else ""
        if card and card not in method:
            problems.append(f"order {order.id} was paid with {method!r}, not the card ···{card}")
        city = (task.user_details or {}).get("city")
        if city and city.lower() not in json.dumps(order.address).lower():
            problems.append(f"order {order.id} does not ship to {city}")
    if not paid:
        problems.append("no paid order")
    return {line.product_id for order in paid for line in order.lines}, problems


def _reported(engine: Engine, replies: list[Reply]) -> set[int]:
    """Products the catalog tools returned that the last reply names by title or id."""
    text = replies[-1].text.lower() if replies else ""
    candidates = {i for reply in replies for i in shown_ids(reply)}
    titles = _titles(engine, candidates)
    return {
        i
        for i in candidates
        if titles[i].lower() in text or re.search(rf"(?:\bid\s*|#){i}\b", text)
    }


def _titles(engine: Engine, ids: set[int]) -> dict[int, str]:
    with store.session_scope(engine) as session:
        return {i: store.get_product(session, i).title for i in ids}


def _scores(found: set[int], expected: set[int]) -> tuple[float, float, float]:
    hits = len(found & expected)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)
