"""Checkout under concurrent shoppers: purchases per second, p50/p95, and the store's invariants.

K shoppers (threads sharing one engine, or processes with an engine each) buy at once on a fresh
SQLite file and on a throwaway PostgreSQL database. A purchase is what the tools do for one:
add to cart, check out, the payment summary with its confirmation token, and the charge. One
product of the eight is scarce, so shoppers race for its last units; a purchase that finds it
sold out (at any step) puts things back and counts as sold out, not as a purchase. After each
run the invariants are checked (no oversell, one succeeded charge per paid order, totals equal
the sum of lines). Beside them, a floor: the same writes for as many purchases in one
raw-driver transaction, the most the database could do without a store in between.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, make_url
from sqlmodel import Session, col, func, select

NAME = "checkout"
QUICK = {"shoppers": "1,4,16", "purchases": 32}

_PRODUCTS = 8
_SCARCE_SHARE = 16  # the scarce product holds one unit per this many purchases of the run
_WALLET_BALANCE = 2_000_000_000
_DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--shoppers", default="1,4,16,64", help="comma-separated numbers of concurrent shoppers"
    )
    parser.add_argument(
        "--purchases", type=int, default=256, help="purchases per run, shared by the shoppers"
    )
    parser.add_argument(
        "--modes", default="threads,processes", help="threads, processes or both (comma-separated)"
    )
    parser.add_argument(
        "--databases", default="sqlite,postgres", help="sqlite, postgres or both (comma-separated)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SHOPAGENT_BENCH_POSTGRES_URL", _DEFAULT_POSTGRES),
        help="a PostgreSQL server's URL; the benchmark creates and drops its own database there",
    )


# --- the shop -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shop:
    """What the shoppers buy from: customer ids, the variants' (product, variant) ids, stock."""

    customers: list[int]
    items: list[tuple[int, int]]
    stock: dict[int, int]


def _seed(engine: Engine, *, shoppers: int, purchases: int) -> Shop:
    from store.models import Address, Customer, PaymentMethod, PaymentMethodKind, Product, Variant

    customers, items, stock = [], [], {}
    with Session(engine, expire_on_commit=False) as session:
        for n in range(shoppers):
            customer = Customer(handle=f"shopper-{n}", name=f"Shopper {n}")
            session.add(customer)
            session.flush()
            assert customer.id is not None
            customers.append(customer.id)
            session.add(
                Address(
                    customer_id=customer.id,
                    label="Home",
                    recipient=customer.name,
                    line1="1 Xueyuan Road",
                    city="Beijing",
                    is_default=True,
                )
            )
            # Half pay by card (no balance to move), half from a wallet (a debit per purchase).
            method = (
                PaymentMethod(kind=PaymentMethodKind.card, card_number="4242424242424242")
                if n % 2 == 0
                else PaymentMethod(kind=PaymentMethodKind.alipay, wallet_balance=_WALLET_BALANCE)
            )
            method.customer_id, method.label, method.is_default = customer.id, "pay", True
            session.add(method)
        for n in range(_PRODUCTS):
            product = Product(title_en=f"Bench product {n}")
            session.add(product)
            session.flush()
            assert product.id is not None
            units = max(1, purchases // _SCARCE_SHARE) if n == 0 else purchases * 2
            variant = Variant(product_id=product.id, sku=f"BENCH-{n}", price=1000 + n, stock=units)
            session.add(variant)
            session.flush()
            assert variant.id is not None
            items.append((product.id, variant.id))
            stock[variant.id] = units
        session.commit()
    return Shop(customers, items, stock)


# --- one purchase, as the tools make it -----------------------------------------------------------


def _purchase(engine: Engine, customer_id: int, product_id: int, variant_id: int) -> bool:
    """Add, check out, confirm, pay; False when the item sold out on the way (all put back)."""
    from store import OutOfStock, PaymentStatus
    from tools import ToolContext, charge
    from tools.cart import add_to_cart
    from tools.orders import cancel_order, checkout
    from tools.payment import pay_order

    def ctx() -> ToolContext:  # a tool call carries the agent's call mark, as in a conversation
        return ToolContext(engine=engine, customer_id=customer_id, call_key=uuid.uuid4().hex)

    try:
        add_to_cart(ctx(), product_id=product_id, variant_id=variant_id)
    except OutOfStock:
        return False
    try:
        order = checkout(ctx())
    except OutOfStock:
        _clear_cart(engine, customer_id)
        return False
    request = pay_order(ctx(), order_id=order.id)
    # The human's confirmation charges outside any tool call: no call mark.
    confirmed = ToolContext(engine=engine, customer_id=customer_id)
    result = charge(confirmed, request, idempotency_key=uuid.uuid4().hex)
    if result.status != PaymentStatus.succeeded:
        if result.failure_code != "out_of_stock":
            raise SystemExit(f"payment failed: {result.message}")
        cancel_order(ctx(), order_id=order.id)
        return False
    return True


def _clear_cart(engine: Engine, customer_id: int) -> None:
    from store import clear_cart, session_scope

    with session_scope(engine) as session:
        clear_cart(session, customer_id=customer_id)


@dataclass
class ShopperRun:
    """One shopper's timings (monotonic clock, comparable across processes on one machine).

    Beside them, what its purchases cost the shopper's thread: statements sent, transactions
    begun, CPU seconds (its own thread's, so threads sharing a process are told apart).
    """

    started: float = 0.0
    ended: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    sold_out: int = 0
    statements: int = 0
    transactions: int = 0
    cpu_s: float = 0.0


_TALLY = threading.local()  # the current thread's statements and transactions


def _tally(engine: Engine) -> None:
    """Count, per thread, the statements and transactions the engine runs."""

    def statement(*_args: Any) -> None:
        _TALLY.statements = getattr(_TALLY, "statements", 0) + 1

    def transaction(*_args: Any) -> None:
        _TALLY.transactions = getattr(_TALLY, "transactions", 0) + 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", transaction)


def _shop(
    engine: Engine, shop: Shop, slot: int, count: int, wait: Callable[[], object]
) -> ShopperRun:
    rng = random.Random(slot)
    customer_id = shop.customers[slot]
    run = ShopperRun()
    wait()
    _TALLY.statements = _TALLY.transactions = 0
    cpu = time.thread_time()
    run.started = time.monotonic()
    for _ in range(count):
        product_id, variant_id = rng.choice(shop.items)
        start = time.perf_counter()
        if _purchase(engine, customer_id, product_id, variant_id):
            run.latencies_ms.append((time.perf_counter() - start) * 1000)
        else:
            run.sold_out += 1
    run.ended = time.monotonic()
    run.cpu_s = time.thread_time() - cpu
    run.statements, run.transactions = _TALLY.statements, _TALLY.transactions
    return run


def _shares(purchases: int, shoppers: int) -> list[int]:
    return [purchases // shoppers + (1 if n < purchases % shoppers else 0) for n in range(shoppers)]


def _run_threads(url: str, shop: Shop, shoppers: int, purchases: int) -> list[ShopperRun]:
    from store.db import make_engine

    engine = make_engine(url, **_pool(shoppers, url))
    _tally(engine)
    barrier = threading.Barrier(shoppers)
    runs: list[ShopperRun] = [ShopperRun() for _ in range(shoppers)]
    errors: list[BaseException] = []

    def work(slot: int, count: int) -> None:
        try:
            runs[slot] = _shop(engine, shop, slot, count, barrier.wait)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            barrier.abort()

    threads = [
        threading.Thread(target=work, args=(slot, count))
        for slot, count in enumerate(_shares(purchases, shoppers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    if errors:
        raise errors[0]
    return runs


def _pool(shoppers: int, url: str) -> dict[str, Any]:
    """Threads share one engine: one pooled connection per shopper (PostgreSQL)."""
    if make_url(url).get_backend_name() == "sqlite":
        return {}
    return {"pool_size": shoppers, "max_overflow": 0}


def _process_worker(
    url: str, shop: Shop, slot: int, count: int, barrier: Any, results: Any
) -> None:
    from store.db import make_engine

    engine = make_engine(url)
    _tally(engine)
    with engine.connect():  # connect before the clock starts
        pass
    try:
        results.put((slot, _shop(engine, shop, slot, count, barrier.wait)))
    except BaseException as exc:
        barrier.abort()
        results.put((slot, repr(exc)))
        raise
    finally:
        engine.dispose()


def _run_processes(url: str, shop: Shop, shoppers: int, purchases: int) -> list[ShopperRun]:
    # Forked, so each shopper starts with the store already imported (no spawn cost).
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(shoppers)
    results = context.Queue()
    workers = [
        context.Process(target=_process_worker, args=(url, shop, slot, count, barrier, results))
        for slot, count in enumerate(_shares(purchases, shoppers))
    ]
    for worker in workers:
        worker.start()
    collected = dict(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    failures = [value for value in collected.values() if isinstance(value, str)]
    if failures:
        raise SystemExit(f"a shopper process failed: {failures[0]}")
    return [collected[slot] for slot in range(shoppers)]


# --- invariants -----------------------------------------------------------------------------------


def _violations(engine: Engine, shop: Shop) -> dict[str, int]:
    """How many times each invariant is broken (all zero when the store held)."""
    from store.models import (
        Order,
        OrderLine,
        OrderStatus,
        Payment,
        PaymentStatus,
        Variant,
    )

    with Session(engine) as session:
        sold: dict[int, int] = dict(
            session.exec(  # type: ignore[arg-type]
                select(OrderLine.variant_id, func.sum(OrderLine.quantity))
                .join(Order, col(Order.id) == OrderLine.order_id)
                .where(Order.status == OrderStatus.paid)
                .group_by(OrderLine.variant_id)
            ).all()
        )
        stock = dict(session.exec(select(Variant.id, Variant.stock)).all())
        oversold = sum(
            1
            for variant_id, start in shop.stock.items()
            if stock[variant_id] < 0 or start - stock[variant_id] != sold.get(variant_id, 0)
        )
        succeeded = dict(
            session.exec(
                select(Payment.order_id, func.count())
                .where(Payment.status == PaymentStatus.succeeded)
                .group_by(Payment.order_id)
            ).all()
        )
        statuses = dict(session.exec(select(Order.id, Order.status)).all())
        charges = sum(
            1
            for order_id, status in statuses.items()
            if succeeded.get(order_id, 0) != (1 if status == OrderStatus.paid else 0)
        )
        line_sums = dict(
            session.exec(
                select(
                    OrderLine.order_id, func.sum(col(OrderLine.unit_price) * OrderLine.quantity)
                ).group_by(OrderLine.order_id)
            ).all()
        )
        totals = session.exec(select(Order.id, Order.subtotal, Order.shipping, Order.total)).all()
        wrong_totals = sum(
            1
            for order_id, subtotal, shipping, total in totals
            if subtotal != line_sums.get(order_id, 0) or total != subtotal + shipping
        )
        paid = sum(1 for status in statuses.values() if status == OrderStatus.paid)
    return {
        "oversold_variants": oversold,
        "paid_orders_without_one_charge": charges,
        "orders_whose_total_is_not_their_lines": wrong_totals,
        "paid_orders": paid,
    }


# --- the floor: the same writes in one raw-driver transaction ------------------------------------

_FLOOR_WRITES = (
    "INSERT INTO cart (customer_id, updated_at) VALUES (:customer, :now) "
    "ON CONFLICT (customer_id) DO NOTHING",
    "INSERT INTO cartline (cart_id, variant_id, quantity, seen_price, added_at) "
    "SELECT id, :variant, 1, :price, :now FROM cart WHERE customer_id = :customer",
    "INSERT INTO shop_order (customer_id, status, currency, subtotal, shipping, total, address, "
    "payment_method_id, created_at) VALUES (:customer, 'awaiting_payment', 'CNY', :price, 0, "
    ":price, '{}', :method, :now)",
    "INSERT INTO orderline (order_id, product_id, variant_id, sku, title, options, unit_price, "
    "quantity) SELECT max(id), :product, :variant, 'sku', 'title', '{}', :price, 1 "
    "FROM shop_order WHERE customer_id = :customer",
    "DELETE FROM cartline WHERE cart_id IN (SELECT id FROM cart WHERE customer_id = :customer)",
    "INSERT INTO payment (order_id, customer_id, payment_method_id, idempotency_key, "
    "request_fingerprint, amount, currency, status, created_at, updated_at) "
    "SELECT max(id), :customer, :method, :key, 'f', :price, 'CNY', 'pending', :now, :now "
    "FROM shop_order WHERE customer_id = :customer",
    "UPDATE variant SET stock = stock - 1 WHERE id = :variant AND stock >= 1",
    "UPDATE payment SET status = 'succeeded', updated_at = :now WHERE idempotency_key = :key",
    "UPDATE shop_order SET status = 'paid', paid_at = :now WHERE id = "
    "(SELECT max(id) FROM shop_order WHERE customer_id = :customer)",
)


def _floor(engine: Engine, shop: Shop, purchases: int) -> float:
    """Purchases per second when one raw-driver transaction makes all their writes."""
    from store.models import PaymentMethod, utcnow

    with Session(engine) as session:
        methods = dict(session.exec(select(PaymentMethod.customer_id, PaymentMethod.id)).all())
    postgres = engine.dialect.name == "postgresql"
    writes = [re.sub(r":(\w+)", r"%(\1)s", sql) if postgres else sql for sql in _FLOOR_WRITES]
    rng = random.Random(0)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        start = time.perf_counter()
        if not postgres:
            cursor.execute("BEGIN")
        for n in range(purchases):
            customer = shop.customers[n % len(shop.customers)]
            product, variant = rng.choice(shop.items[1:])  # plenty in stock: every write lands
            params = {
                "customer": customer,
                "method": methods[customer],
                "product": product,
                "variant": variant,
                "price": 1000,
                "key": f"floor-{n}",
                "now": utcnow(),
            }
            for sql in writes:
                cursor.execute(sql, params)
        raw.commit()
        seconds = time.perf_counter() - start
    finally:
        raw.close()
    return purchases / seconds


# --- databases ------------------------------------------------------------------------------------


@contextmanager
def _database(kind: str, postgres_url: str) -> Iterator[str]:
    """The URL of a fresh, empty store of `kind`, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="shopagent-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'store.db'}"
        return
    import psycopg

    server = make_url(postgres_url)
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"bench_checkout_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _fresh_shop(url: str, shoppers: int, purchases: int) -> tuple[Engine, Shop]:
    from store.db import init_db, make_engine

    engine = make_engine(url)
    init_db(engine)
    return engine, _seed(engine, shoppers=shoppers, purchases=purchases)


def _one_run(
    kind: str, mode: str, shoppers: int, purchases: int, postgres_url: str
) -> dict[str, Any]:
    with _database(kind, postgres_url) as url:
        engine, shop = _fresh_shop(url, shoppers, purchases)
        engine.dispose()  # the shoppers open their own connections (and forked ones must)
        runner = _run_threads if mode == "threads" else _run_processes
        runs = runner(url, shop, shoppers, purchases)
        seconds = max(r.ended for r in runs) - min(r.started for r in runs)
        latencies = sorted(ms for r in runs for ms in r.latencies_ms)
        violations = _violations(engine, shop)
        engine.dispose()
    paid = violations.pop("paid_orders")
    attempts = sum(len(r.latencies_ms) + r.sold_out for r in runs)
    return {
        "purchases": len(latencies),
        "sold_out": sum(r.sold_out for r in runs),
        "paid_orders": paid,
        "seconds": round(seconds, 2),
        "purchases_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "statements_per_purchase": round(sum(r.statements for r in runs) / attempts, 1),
        "transactions_per_purchase": round(sum(r.transactions for r in runs) / attempts, 1),
        "cpu_ms_per_purchase": round(sum(r.cpu_s for r in runs) * 1000 / attempts, 1),
        "violations": violations,
    }


def _percentile(sorted_values: list[float], pct: int) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[pct - 1]


def _floor_run(kind: str, purchases: int, postgres_url: str) -> float:
    with _database(kind, postgres_url) as url:
        engine, shop = _fresh_shop(url, 1, purchases)
        try:
            return round(_floor(engine, shop, purchases), 1)
        finally:
            engine.dispose()


def run(args: argparse.Namespace) -> dict[str, Any]:
    import store  # noqa: F401  (imported once here, so forked shoppers start with it loaded)
    import tools  # noqa: F401

    shoppers = [int(k) for k in args.shoppers.split(",")]
    figures: dict[str, Any] = {"purchases_per_run": args.purchases}
    for kind in args.databases.split(","):
        per_db: dict[str, Any] = {
            "floor_purchases_per_s": _floor_run(kind, args.purchases, args.postgres_url)
        }
        for mode in args.modes.split(","):
            per_db[mode] = {
                f"K={k}": _one_run(kind, mode, k, args.purchases, args.postgres_url)
                for k in shoppers
            }
        figures[kind] = per_db
    figures["violations_total"] = sum(
        sum(r["violations"].values())
        for kind in args.databases.split(",")
        for mode in args.modes.split(",")
        for r in figures[kind][mode].values()
    )
    return figures
