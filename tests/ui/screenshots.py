"""Regenerate the README screenshots: `python -m tests.ui.screenshots [OUT_DIR]` (default docs/).

Runs the app over a throwaway store with the offline model, buys two products the way the
browser test does, and keeps chat-cards.png, cart.png and confirmation.png.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.ui.browser import (
    REPO,
    buy_by_typing_and_clicking,
    launch_chromium,
    open_app,
    running_app,
)

KEPT = ("chat-cards.png", "cart.png", "confirmation.png")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with running_app(work / "home", work / "streamlit.log") as url, sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                buy_by_typing_and_clicking(open_app(browser, url), work / "shots")
            finally:
                browser.close()
        out.mkdir(parents=True, exist_ok=True)
        for name in KEPT:
            shutil.copyfile(work / "shots" / name, out / name)
            print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
