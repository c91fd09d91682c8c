"""What must hold in the store whatever happened: checked after fuzzing and after every step."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine
from sqlmodel import Session, select

from store.models import CartLine, Order, OrderLine, OrderStatus, Payment, PaymentStatus, Variant


def assert_store_invariants(engine: Engine, initial_stock: dict[int, int] | None = None) -> None:
    """Stock never negative; totals are the sum of lines; one succeeded charge per paid order;
    carts reference existing variants; with `initial_stock`, stock moved only with paid orders."""
    with Session(engine) as s:
        stock_of = dict(s.exec(select(Variant.id, Variant.stock)).all())  # columns: many rows
        assert all(stock >= 0 for stock in stock_of.values()), "negative stock"
        for line in s.exec(select(CartLine)):
            assert line.variant_id in stock_of, f"cart line {line.id} has no variant"
            assert line.quantity >= 1
        lines_of: dict[int, list[OrderLine]] = {}
        for line in s.exec(select(OrderLine)):
            lines_of.setdefault(line.order_id, []).append(line)
        succeeded = Counter(
            p.order_id
            for p in s.exec(select(Payment).where(Payment.status == PaymentStatus.succeeded))
        )
        sold: Counter[int] = Counter()
        for order in s.exec(select(Order)):
            lines = lines_of.get(order.id, [])
            assert lines, f"order {order.id} has no lines"
            assert order.subtotal == sum(li.unit_price * li.quantity for li in lines)
            assert order.total == order.subtotal + order.shipping
            expected = 1 if order.status == OrderStatus.paid else 0
            assert succeeded[order.id] == expected, (order.id, order.status, succeeded[order.id])
            if order.status == OrderStatus.paid:
                for li in lines:
                    sold[li.variant_id] += li.quantity
        if initial_stock is not None:
            for variant_id, stock in initial_stock.items():
                assert stock_of[variant_id] + sold[variant_id] == stock, variant_id
