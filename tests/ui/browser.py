"""Run the real app in a subprocess and drive it with Playwright and Debian's Chromium.

Shared by the browser test and by `python -m tests.ui.screenshots`, which regenerates the
screenshots in docs/. Never downloads a browser: it uses /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

REPO = Path(__file__).resolve().parents[2]
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
VIEWPORT = {"width": 1440, "height": 960}
STEP_TIMEOUT_MS = 90_000  # one agent turn on a busy 2-core machine, with room to spare
SERVER_START_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    for name in ("SHOPAGENT_DATABASE_URL", "SHOPAGENT_MODEL", "OPENAI_API_KEY"):
        env.pop(name, None)  # the offline demo model over a SQLite file in `home`
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        # Its own process group: `shopagent ui` runs streamlit as a child, stopped with it.
        server = subprocess.Popen(
            command(port),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(server, url, log)
            yield url
        finally:
            _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def _wait_until_healthy(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"streamlit did not answer at {url} in {SERVER_START_SECONDS}s:\n{log.read_text()}"
    )


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Chromium from Debian's package."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )


def open_app(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    return page


def settle(page: Page) -> None:
    """Wait until the script run is over (Streamlit shows a status widget while running)."""
    page.get_by_test_id("stStatusWidgetRunningIcon").wait_for(state="detached")
    page.wait_for_timeout(400)  # let the last deltas paint before a screenshot


def say(page: Page, text: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")


def buy_by_typing_and_clicking(page: Page, shots: Path) -> None:
    """Search, add two products by their cards, check out, confirm; screenshots along the way.

    Saves chat-cards.png, cart.png, confirmation.png and paid.png in `shots`.
    """
    shots.mkdir(parents=True, exist_ok=True)
    say(page, "wireless earbuds under 600")
    adds = page.get_by_role("button", name="Add to cart")
    adds.first.wait_for()
    settle(page)
    # Show the question, the reply and its cards together (the chat scrolls to the bottom).
    question = page.get_by_test_id("stChatMessage").first
    for _ in range(2):  # once more after the chat's own scrolling has settled
        question.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(600)
    page.screenshot(path=shots / "chat-cards.png")

    adds.nth(0).click()
    page.locator(".st-key-side-panel").get_by_role("button", name="Remove").first.wait_for()
    settle(page)
    adds.nth(1).click()
    page.locator(".st-key-side-panel").get_by_role("button", name="Remove").nth(1).wait_for()
    settle(page)
    # "Added to your cart" notes fade by themselves; keep them out of the picture.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stToast\"]')")
    page.screenshot(path=shots / "cart.png")

    page.get_by_role("button", name="Checkout").click()
    confirm = page.get_by_role("button", name=re.compile("Confirm and pay"))
    confirm.wait_for()
    settle(page)
    page.locator(".st-key-confirmation-card").scroll_into_view_if_needed()
    page.screenshot(path=shots / "confirmation.png")

    confirm.click()
    page.get_by_text(re.compile(r"Order #\d+ paid")).wait_for()
    settle(page)
    page.screenshot(path=shots / "paid.png")
