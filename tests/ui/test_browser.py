"""Purchases in the real app, in headless Chromium from Debian's package (never a download).

At a desktop size and at a phone size: by typing in English (a waiting order paid from the
Orders panel), and by clicking in Chinese (the remembered size preselected, the one-time-code
form in the shopper's words).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import store
from store import OrderStatus, PaymentStatus
from tests.ui.browser import (
    CHROMIUM,
    DESKTOP,
    PHONE,
    REPO,
    Screen,
    buy_by_clicking,
    buy_by_typing,
    launch_chromium,
    open_app,
    running_app,
)

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("SHOPAGENT_TEST_ARTIFACTS", REPO / "test-artifacts")) / "browser"
SCREENS = pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=lambda s: s.name)


@pytest.fixture
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's Chromium is not at {CHROMIUM}: `apt-get install chromium` "
            "(.ci/run installs it; under CI a skip fails the run)"
        )
    return CHROMIUM


def run_in_browser(screen: Screen, flow: Callable[..., None], shots: Path) -> None:
    from playwright.sync_api import sync_playwright

    home = Path(os.environ["SHOPAGENT_HOME"])  # the test's own home (tests/conftest.py)
    with running_app(home, shots / "streamlit.log") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = open_app(browser, url, screen)
            try:
                flow(page, screen, shots)
            except Exception:
                page.screenshot(path=shots / "failure.png")
                raise
        finally:
            browser.close()


def orders_of(handle: str) -> tuple[list[store.OrderView], store.CartView]:
    with store.session_scope() as session:  # the same SQLite file the app wrote
        customer = store.get_customer(session, handle)
        orders = store.list_orders(session, customer_id=customer.id)
        return orders, store.view_cart(session, customer_id=customer.id)


@SCREENS
def test_a_customer_buys_by_typing_in_english(chromium_path: Path, screen: Screen) -> None:
    run_in_browser(screen, buy_by_typing, ARTIFACTS / f"typing-{screen.name}")

    orders, cart = orders_of("alice")
    assert [o.status for o in orders] == [OrderStatus.paid, OrderStatus.paid]
    assert all(o.payment_status == PaymentStatus.succeeded for o in orders)
    assert not cart.lines


@SCREENS
def test_a_customer_buys_by_clicking_in_chinese(chromium_path: Path, screen: Screen) -> None:
    run_in_browser(screen, buy_by_clicking, ARTIFACTS / f"clicking-{screen.name}")

    (order,), cart = orders_of("chen")
    assert order.status == OrderStatus.paid
    assert [line.options.get("size") for line in order.lines] == ["42"], "the remembered size"
    assert not cart.lines
