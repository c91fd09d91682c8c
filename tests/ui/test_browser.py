"""A purchase in the real app, in headless Chromium from Debian's package (never a download)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import store
from store import OrderStatus, PaymentStatus
from tests.ui.browser import (
    CHROMIUM,
    REPO,
    buy_by_typing_and_clicking,
    launch_chromium,
    open_app,
    running_app,
)

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("SHOPAGENT_TEST_ARTIFACTS", REPO / "test-artifacts")) / "browser"


@pytest.fixture
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's Chromium is not at {CHROMIUM}: `apt-get install chromium` "
            "(.ci/run installs it; under CI a skip fails the run)"
        )
    return CHROMIUM


def test_a_customer_buys_by_typing_and_clicking(chromium_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    home = Path(os.environ["SHOPAGENT_HOME"])  # the test's own home (tests/conftest.py)
    with running_app(home, ARTIFACTS / "streamlit.log") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = open_app(browser, url)
            buy_by_typing_and_clicking(page, ARTIFACTS)
        finally:
            browser.close()

    with store.session_scope() as session:  # the same SQLite file the app wrote
        alice = store.get_customer(session, "alice")
        (order,) = store.list_orders(session, customer_id=alice.id)
        cart = store.view_cart(session, customer_id=alice.id)
    assert order.status == OrderStatus.paid
    assert order.payment_status == PaymentStatus.succeeded
    assert len(order.lines) == 2, "both products added from their cards were bought"
    assert not cart.lines
    assert (ARTIFACTS / "paid.png").stat().st_size > 10_000
