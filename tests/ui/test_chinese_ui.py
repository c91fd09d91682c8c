"""A Chinese-speaking customer reads Chinese all the way through (issue 11, item 4).

The cart panel, the payment confirmation card and the orders panel show the product's Chinese
title and its option names and values in Chinese; a product without a Chinese title shows
the original.
"""

from __future__ import annotations

import pytest

import store
from store import locale
from store.models import Variant
from tests.ui.test_app import cart_of, click, keys, orders_of, send, start, texts


@pytest.fixture
def chen_at_checkout():
    at = start()
    at.selectbox(key="customer").select("chen").run()
    send(at, "帮我找300元以内的无线耳机")
    send(at, "加第一个，白色")
    (line,) = cart_of("chen").lines
    assert line.title_zh and line.options, "a product with a Chinese title and options"
    return at, line


def _chinese_line(line) -> list[str]:
    """What a Chinese line must show: the Chinese title, option names and values."""
    return [
        line.title_zh,
        *(locale.option_name(name, "zh") for name in line.options),
        *(locale.option_value(value, "zh") for value in line.options.values()),
    ]


def test_the_cart_shows_the_chinese_title_and_options(chen_at_checkout):
    at, line = chen_at_checkout

    shown = texts(at)

    for text in _chinese_line(line):
        assert text in shown, text
    assert "White" not in shown and "Color" not in shown


def test_the_confirmation_and_the_order_show_them_too(chen_at_checkout):
    at, line = chen_at_checkout
    send(at, "结账")
    assert "confirm-payment" in keys(at)
    card = "\n".join(m.value for m in at.markdown if "×" in m.value)

    for text in _chinese_line(line):
        assert text in card, text

    click(at, "confirm-payment")
    (order,) = orders_of("chen")
    receipt = [m.value for m in at.markdown if m.value.startswith(f"{line.quantity} × ")]
    assert any(line.title_zh in r and "白色" in r for r in receipt), receipt
    assert order.lines[0].title_zh == line.title_zh


def test_the_carts_warnings_are_in_chinese(chen_at_checkout):
    at, line = chen_at_checkout
    with store.session_scope() as session:
        variant = session.get(Variant, line.variant_id)
        assert variant is not None
        variant.stock = 0
        session.add(variant)

    at.run()

    warnings = [w.value for w in at.warning]
    assert warnings == [f"{line.title_zh} 已经缺货：请删除它或换一个款式。"], warnings


def test_an_option_or_title_without_chinese_falls_back_to_the_original():
    assert locale.localized("Obscure Import", None, "zh") == "Obscure Import"
    assert locale.option_value("Sky Blue", "zh") == "Sky 蓝色"
    assert locale.option_value("Zorblax", "zh") == "Zorblax"


def test_the_product_cards_variant_picker_shows_chinese_values():
    at = start()
    at.selectbox(key="customer").select("chen").run()
    send(at, "帮我找300元以内的无线耳机")

    pickers = [box for box in at.selectbox if str(box.key).endswith("-variant-zh")]
    labels = [label for box in pickers for label in box.options]

    assert labels, "the earbuds have colour variants"
    assert any("白色" in label for label in labels), labels
    assert not any("White" in label or "Black" in label for label in labels), labels
