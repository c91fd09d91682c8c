"""Finding 6: reads never hold SQLite's write lock, so a long search cannot block a purchase.

Before the fix every transaction, searches included, began with BEGIN IMMEDIATE: a reader
holding its transaction open made another customer's add-to-cart wait 30 s and fail with
"database is locked".
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

import store
from store import read_scope, session_scope
from tests.shop import build_shop
from tools import REGISTRY


def test_a_reader_in_the_middle_of_a_search_does_not_block_a_writer(sqlite_engine):
    engine = sqlite_engine
    shop = build_shop(engine)
    results: list[object] = []

    def bob_adds_to_cart() -> None:
        outcome = REGISTRY.get("add_to_cart").run(
            shop.ctx(shop.bob), {"product_id": shop.earbuds.id}
        )
        results.append(outcome)

    with read_scope(engine) as reader:
        hits = store.search_products(reader, "wireless earbuds")  # the reader's snapshot is open
        assert [hit.id for hit in hits] == [shop.earbuds.id]
        writer = threading.Thread(target=bob_adds_to_cart)
        writer.start()
        writer.join(timeout=25)  # the busy timeout is 30 s: a blocked writer is still waiting
        finished_while_reading = not writer.is_alive()
        # The reader still sees its snapshot: Bob's cart line is not in it.
        assert reader.exec(text("SELECT count(*) FROM cartline")).one()[0] == 0
    writer.join()
    assert finished_while_reading
    assert results and results[0].ok, results
    engine.dispose()


def test_read_only_tools_run_while_another_connection_holds_the_write_lock(sqlite_engine):
    engine = sqlite_engine
    shop = build_shop(engine)
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _fail_at_once(dbapi_connection, _record) -> None:  # instead of waiting for the lock
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    arguments = {
        "search_products": {"query": "earbuds"},
        "get_product_details": {"product_id": shop.shoe.id},
        "compare_products": {"product_ids": [shop.shoe.id, shop.earbuds.id]},
        "get_order_status": {"order_id": 1},
    }
    read_only = [tool for tool in REGISTRY if tool.read_only]
    assert len(read_only) >= 9
    with session_scope(engine) as holder:
        holder.exec(text("SELECT 1"))  # BEGIN IMMEDIATE: this session holds the write lock
        for tool in read_only:
            outcome = tool.run(shop.ctx(), arguments.get(tool.name, {}))
            assert outcome.ok or '"not_found"' in outcome.content, (tool.name, outcome.content)
        with pytest.raises(OperationalError, match="locked"):  # a writer would have to wait
            REGISTRY.get("add_to_cart").run(shop.ctx(), {"product_id": shop.earbuds.id})
    engine.dispose()
