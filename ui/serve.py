"""The process behind `shopagent ui`: Streamlit's server, with the app's imports done meanwhile.

Streamlit runs the app's script only when a browser connects, so the first visitor would wait
for everything the script imports (LangGraph, the SDK, the store, the offline model, jieba's
dictionary): seconds. Here a thread loads them while the server starts; script runs share the
process's modules, so the first page is drawn as fast as any later one. A visitor who comes
sooner simply waits on the import in progress (Python's import lock), never on a second one.
"""

from __future__ import annotations

import sys
import threading


def warm_up() -> None:
    """Load what the app's first run needs, so it is not loaded while a visitor waits."""
    import agent.offline  # noqa: F401  (the demo model; its number parsers compile patterns)
    import ui.components.chat
    import ui.components.panel
    import ui.components.promotions
    import ui.components.sidebar  # noqa: F401  (each pulls in its share of agent and store)
    from store.text import tokenize

    tokenize("热身")  # jieba loads its dictionary on the first Chinese word


def main() -> None:
    """`python -m ui.serve ARGS`: `streamlit run ARGS`, warming up beside it."""
    from streamlit.web import cli

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
