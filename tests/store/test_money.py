"""Money: integer minor units, by each currency's own exponent (yen and won have no cents)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from store.money import to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (129.99, "CNY", 12999),
        ("300", "USD", 30000),
        (Decimal("0.5"), "EUR", 50),
        (1500, "JPY", 1500),
        (12000, "KRW", 12000),
        (99.5, "JPY", 100),  # rounded to the nearest whole yen, never multiplied by 100
    ],
)
def test_major_units_become_minor_units_by_the_currency(amount, currency, minor):
    assert to_minor(amount, currency) == minor
