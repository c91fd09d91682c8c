"""Regenerate the README screenshots: `python -m tests.ui.screenshots [OUT_DIR]` (default docs/).

Runs the app over a throwaway store with the offline model and buys the way the browser tests
do, at a desktop and a phone size, in English (typing) and Chinese (clicking); keeps one
picture of each. Chinese text needs a CJK font in the system (`apt-get install fonts-noto-cjk`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.ui.browser import (
    DESKTOP,
    PHONE,
    REPO,
    buy_by_clicking,
    buy_by_typing,
    launch_chromium,
    open_app,
    running_app,
)

FESTIVAL = "2027-02-01T10:00:00+08:00"

# (screen, flow, the flow's picture, the name it gets in docs/)
KEPT = (
    (DESKTOP, buy_by_typing, "typing-cart.png", "desktop-en.png"),
    (DESKTOP, buy_by_clicking, "clicking-cart.png", "desktop-zh.png"),
    (DESKTOP, buy_by_typing, "typing-confirmation.png", "confirmation.png"),
    (PHONE, buy_by_typing, "typing-confirmation.png", "phone-en.png"),
    (PHONE, buy_by_clicking, "clicking-cards.png", "phone-zh.png"),
)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs"
    out.mkdir(parents=True, exist_ok=True)
    runs = dict.fromkeys((screen, flow) for screen, flow, _, _ in KEPT)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        # One throwaway shop for every run; the flows arrange it through the store as well.
        home = Path(tmp) / "home"
        os.environ["SHOPAGENT_HOME"] = str(home)
        os.environ.pop("SHOPAGENT_DATABASE_URL", None)
        # Inside the demo's Spring Festival campaign, so the pictures show its banner and discounts.
        os.environ["SHOPAGENT_NOW"] = FESTIVAL
        browser = launch_chromium(playwright)
        try:
            for number, (screen, flow) in enumerate(runs):
                shots = Path(tmp) / f"shots-{number}"
                with running_app(home, shots / "streamlit.log") as url:
                    flow(open_app(browser, url, screen), screen, shots)
                for kept_screen, kept_flow, picture, name in KEPT:
                    if (kept_screen, kept_flow) == (screen, flow):
                        shutil.copyfile(shots / picture, out / name)
                        print(f"wrote {out / name}")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
