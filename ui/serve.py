"""The process behind `shopagent ui`: Streamlit's server, the app's first run prepared meanwhile.

Streamlit runs the app's script only when a browser connects, so the first visitor would wait
for everything the script imports (LangGraph, the SDK, the store, the offline model, jieba's
dictionary) and builds once per process (the store's engine and search index, the agent's
runtime, the model probes' HTTP client): seconds. Here a thread does it while the server starts;
script runs share the process's modules and `st.cache_resource`, so the first page is drawn as
fast as any later one. A visitor who comes sooner waits on the work in progress (Python's import
lock, the cache's lock for that value), never on a second copy of it.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import threading


def warm_up() -> None:
    """Load and build what the app's first run needs, so a visitor does not wait for it."""
    import streamlit.emojis  # noqa: F401  (its pattern is compiled at the first icon in a label)

    import agent.offline  # noqa: F401  (the demo model; its number parsers compile patterns)
    import store.promotions  # noqa: F401  (the banner's; with the cart and prices it needs)
    import ui.components.chat
    import ui.components.panel
    import ui.components.promotions
    import ui.components.sidebar  # noqa: F401  (each pulls in its share of agent and store)
    from store.text import tokenize
    from ui.components.models import probe_client
    from ui.components.state import runtime

    tokenize("热身")  # jieba loads its dictionary on the first Chinese word
    probe_client()
    with contextlib.suppress(Exception):  # a store that cannot open: the first page says why
        runtime()  # the engine, its schema and search index checked, the demo shop, the graph
    # Streamlit's first element looks at the stack (`inspect.stack`, to tell a REPL), and
    # inspect's first look maps the file of every module loaded: 0.3 s, done here instead.
    inspect.stack()


def main() -> None:
    """`python -m ui.serve ARGS`: `streamlit run ARGS`, warming up beside it."""
    from streamlit.web import cli

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
