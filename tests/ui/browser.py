"""Run the real app in a subprocess and drive it with Playwright and Debian's Chromium.

Shared by the browser test and by `python -m tests.ui.screenshots`, which regenerates the
screenshots in docs/. Never downloads a browser: it uses /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, Playwright, expect
from sqlmodel import select

from tests.servers import REPO, free_port, running

APP = REPO / "ui" / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STEP_TIMEOUT_MS = 90_000  # one agent turn on a busy 2-core machine, with room to spare
SERVER_START_SECONDS = 90
CHAT = "[class*='st-key-chatpane-']"  # the chat's scrolling pane (its key counts the turns)
expect.set_options(timeout=STEP_TIMEOUT_MS)  # conditions, waited for generously


def streamlit_command(port: int) -> list[str]:
    """`streamlit run ui/app.py`, headless, on `port`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]


def cli_command(port: int) -> list[str]:
    """`shopagent ui --port PORT`."""
    return [sys.executable, "-c", "from ui.cli import main; main()", "ui", "--port", str(port)]


@contextmanager
def running_app(
    home: Path, log: Path, command: Callable[[int], list[str]] = streamlit_command
) -> Iterator[str]:
    """The app on a free local port over the store in `home`; yields its URL."""
    port = free_port()
    env = {**os.environ, "SHOPAGENT_HOME": str(home)}
    # No display: `shopagent ui` leaves the browser closed, as on a server.
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    for name in ("SHOPAGENT_DATABASE_URL", "SHOPAGENT_MODEL", "OPENAI_API_KEY"):
        env.pop(name, None)  # the offline demo model over a SQLite file in `home`
    url = f"http://127.0.0.1:{port}"
    # Its own process group: `shopagent ui` runs streamlit as a child, stopped with it.
    with running(command(port), log, _healthy(url), env=env, start_seconds=SERVER_START_SECONDS):
        yield url


def _healthy(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                return bool(response.read() == b"ok")
        except OSError:
            return False

    return check


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Chromium from Debian's package."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )


@dataclass(frozen=True)
class Screen:
    """A browser window size the app is tried at."""

    name: str
    width: int
    height: int

    @property
    def phone(self) -> bool:
        """Narrow enough for the one-pane-at-a-time layout."""
        return self.width < 640


DESKTOP = Screen("desktop", 1400, 1000)
PHONE = Screen("phone", 390, 844)


def open_app(browser: Browser, url: str, screen: Screen = DESKTOP) -> Page:
    page = browser.new_page(
        viewport={"width": screen.width, "height": screen.height},
        is_mobile=screen.phone,
        has_touch=screen.phone,
    )
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    settle(page)
    return page


def settle(page: Page) -> None:
    """Wait until the script run is over (Streamlit shows a status widget while running)."""
    page.get_by_test_id("stStatusWidgetRunningIcon").wait_for(state="detached")
    page.wait_for_timeout(400)  # let the last deltas paint before a screenshot


def paid(page: Page) -> Locator:
    """The chat's marks of paid orders."""
    return page.locator(CHAT).get_by_test_id("stAlertContentSuccess")


def replies(page: Page) -> Locator:
    """The assistant's messages in the chat."""
    return page.locator(CHAT).get_by_test_id("stChatMessage")


def say(page: Page, text: str) -> None:
    """Type a message and wait until its reply is there (one more message in the chat)."""
    before = replies(page).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    wait_for_more_messages(page, before)


def click(page: Page, button: Locator) -> None:
    """Click a button and wait for the run it starts to end."""
    button.click()
    page.wait_for_timeout(300)  # the run starts after the click's round trip
    settle(page)


def wait_for_more_messages(page: Page, before: int) -> None:
    page.wait_for_function(
        "([n, pane]) => document.querySelectorAll(`${pane} .stChatMessage`).length > n",
        arg=[before, CHAT],
    )
    settle(page)


def newest_reply_in_view(page: Page) -> None:
    """The newest message is on screen (at least partly), and so is the input below it."""
    expect(replies(page).last).to_be_in_viewport()
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_in_viewport()


def sign_in(page: Page, screen: Screen, name: str) -> None:
    """Pick a demo customer in the sidebar (opened first on a phone, where it starts closed)."""
    if screen.phone:
        page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile(name)).click()
    settle(page)
    if screen.phone:
        sidebar.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
        settle(page)


def show_panel(page: Page, screen: Screen, tab: str) -> Locator:
    """The side panel showing `tab` (on a phone, switched to first); returns the panel."""
    panel = page.locator(".st-key-side-panel")
    if screen.phone:
        page.locator(".st-key-pane-switch").get_by_role("radio").nth(1).click()
        settle(page)
    panel.get_by_role("tab", name=re.compile(tab)).click()
    return panel


def show_chat(page: Page, screen: Screen) -> None:
    if screen.phone:
        page.locator(".st-key-pane-switch").get_by_role("radio").first.click()
        settle(page)


def show_from_the_start(page: Page) -> None:
    """Scroll the chat back to its first message (for a picture of question, reply and cards)."""
    first = replies(page).first
    for _ in range(2):  # once more after the chat's own scrolling has settled
        first.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)


def shot(page: Page, path: Path) -> None:
    """A screenshot once the run is over and the notes that fade by themselves are gone."""
    settle(page)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stToast\"]')")
    page.wait_for_timeout(300)
    page.screenshot(path=path)


def buy_by_typing(page: Page, screen: Screen, shots: Path) -> None:
    """English, as alice: search, add, check out and pay by typing; then decline a second
    checkout and pay that waiting order from the Orders panel.

    Saves typing-cards.png, typing-cart.png, typing-confirmation.png and typing-paid.png.
    """
    shots.mkdir(parents=True, exist_ok=True)
    say(page, "I'm looking for wireless earbuds under 600 yuan")
    expect(page.get_by_role("button", name="Add to cart").first).to_be_visible()
    if screen.phone:
        newest_reply_in_view(page)
    shot(page, shots / "typing-cards.png")

    say(page, "ok add the first one to my cart")
    # It comes in colours: the reply asks which, and offers the answers as quick replies.
    chip = page.locator(".st-key-quick-chips").get_by_role("button").first
    expect(chip).to_contain_text("Black")
    before = replies(page).count()
    chip.click()
    wait_for_more_messages(page, before)
    if screen.phone:
        newest_reply_in_view(page)
        expect(page.locator(".st-key-pane-switch")).to_contain_text("1 item")
    else:
        expect(page.locator(".st-key-side-panel")).to_contain_text("1 item")
    show_from_the_start(page)
    shot(page, shots / "typing-cart.png")
    say(page, "that's all, check out please")
    confirm = page.get_by_role("button", name=re.compile("Confirm and pay"))
    expect(confirm).to_be_visible()
    if screen.phone:
        newest_reply_in_view(page)
    expect(page.locator(CHAT)).not_to_contain_text(re.compile(r"\bid \d+"))
    confirm.scroll_into_view_if_needed()  # the cart picture scrolled the chat to its start
    shot(page, shots / "typing-confirmation.png")
    click(page, confirm)
    expect(paid(page).last).to_contain_text(re.compile(r"Paid! .* order #\d+"))
    if screen.phone:
        newest_reply_in_view(page)

    # A second order, declined: it waits, and the Orders panel pays it.
    click(page, page.get_by_role("button", name="Add to cart").last)
    say(page, "check out")
    click(page, page.get_by_role("button", name="Decline"))
    expect(page.get_by_test_id("stAlertContentWarning").last).to_contain_text("nothing was charged")
    orders = show_panel(page, screen, "Orders")
    click(page, orders.get_by_role("button", name=re.compile(r"^Pay ")).first)
    confirm = page.get_by_role("button", name=re.compile("Confirm and pay"))
    expect(confirm).to_be_visible()  # the same confirmation card, in the chat
    if screen.phone:
        newest_reply_in_view(page)
    click(page, confirm)
    expect(paid(page)).to_have_count(2)
    shot(page, shots / "typing-paid.png")


def buy_by_clicking(page: Page, screen: Screen, shots: Path) -> None:
    """Chinese, as chen (shoe size 42 remembered, a card that asks for a one-time code):
    search by typing, then add from the card, check out from the cart, confirm and enter
    the code by clicking.

    Saves clicking-cards.png, clicking-cart.png, clicking-code.png and clicking-paid.png.
    """
    shots.mkdir(parents=True, exist_ok=True)
    give_code_card("chen")  # the app has seeded the store by now
    sign_in(page, screen, "chen")
    expect(page.get_by_test_id("stChatInputTextArea")).to_have_attribute(
        "placeholder", re.compile("例如：300元以内")
    )
    say(page, "我想买一双跑步鞋")
    picker = page.locator(CHAT).get_by_test_id("stSelectbox").first
    # The remembered size, preselected (in stock).
    expect(picker.get_by_role("combobox")).to_have_value(re.compile(r"· 42 —"))
    if screen.phone:
        newest_reply_in_view(page)
    shot(page, shots / "clicking-cards.png")

    click(page, page.get_by_role("button", name="加入购物车").first)
    panel = show_panel(page, screen, "购物车")
    expect(panel).to_contain_text("尺码: 42")
    if not screen.phone:
        show_from_the_start(page)
    shot(page, shots / "clicking-cart.png")
    click(page, panel.get_by_role("button", name="结算"))
    confirm = page.get_by_role("button", name=re.compile("确认支付"))
    expect(confirm).to_be_visible()  # on a phone the chat came back into view
    if screen.phone:
        newest_reply_in_view(page)
    click(page, confirm)

    form = page.locator(".st-key-confirmation-card")
    expect(form).to_contain_text("请输入银行发给你的验证码")
    expect(form).not_to_contain_text("submit")
    shot(page, shots / "clicking-code.png")
    form.get_by_role("textbox").fill("123")
    click(page, form.get_by_role("button", name="用这个验证码付款"))
    expect(paid(page).last).to_contain_text("支付成功")
    if screen.phone:
        newest_reply_in_view(page)
    shot(page, shots / "clicking-paid.png")


def give_code_card(handle: str) -> None:
    """Arrange: the customer pays by default with the mock bank's card that asks for a code."""
    import store
    from store.models import PaymentMethod

    with store.session_scope() as session:
        customer = store.get_customer(session, handle)
        for method in session.exec(
            select(PaymentMethod).where(PaymentMethod.customer_id == customer.id)
        ).all():
            method.is_default = False
            session.add(method)
        session.add(
            PaymentMethod(
                customer_id=customer.id,
                kind="card",
                label="Visa ···3220",
                card_number="4000000000003220",
                is_default=True,
            )
        )
