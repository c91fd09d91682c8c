"""The engine has no side effects: no demo data of its own, no hooks on other databases."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlmodel import Session, select

import store
from store.models import Customer, Product
from tests.store.factories import make_product


def test_the_configured_store_starts_empty_until_a_start_point_seeds_it():
    engine = store.get_engine()
    with Session(engine) as session:
        assert session.exec(select(Product.id)).first() is None
        assert session.exec(select(Customer.id)).first() is None
    assert store.seed_if_empty(engine) is True
    with Session(engine) as session:
        assert session.exec(select(Product.id)).first() is not None


def test_a_session_on_another_database_is_left_alone(tmp_path):
    other = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with other.begin() as conn:  # a table that happens to share the store's queue name
        conn.execute(text("CREATE TABLE search_pending (kind TEXT, ref INTEGER)"))
        conn.execute(text("INSERT INTO search_pending VALUES ('product', 1)"))
    with Session(other) as session:
        session.execute(text("INSERT INTO search_pending VALUES ('product', 2)"))
        session.commit()
    with other.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_pending")).scalar_one() == 2
    other.dispose()


def test_the_store_indexes_its_changes_at_commit(engine):
    with Session(engine) as session:
        product_id = make_product(session, title="Quokka plush toy").id
    with engine.connect() as conn:
        pending = conn.execute(text("SELECT count(*) FROM search_pending")).scalar_one()
    assert pending == 0  # indexed in the writing transaction, not left for the next search
    with Session(engine) as session:
        assert [hit.id for hit in store.search_products(session, "quokka")] == [product_id]
