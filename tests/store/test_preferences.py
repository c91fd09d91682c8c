from __future__ import annotations

import pytest
from sqlmodel import select

from store.errors import InvalidRequest, NotFound
from store.models import Preference
from store.preferences import forget_preference, recall_preferences, remember_preference
from tests.store.factories import make_customer


@pytest.mark.parametrize("key", ["shoe_size", "Shoe size", "shoeSize", " shoe-size ", "SHOE SIZE"])
def test_keys_are_normalised_to_snake_case(session, key):
    alice = make_customer(session, "alice")

    view = remember_preference(session, customer_id=alice.id, key=key, value="  42 ")

    assert (view.key, view.value) == ("shoe_size", "42")
    assert [(p.key, p.value) for p in recall_preferences(session, customer_id=alice.id)] == [
        ("shoe_size", "42")
    ]


def test_remembering_again_overwrites_one_row(session):
    alice = make_customer(session, "alice")
    first = remember_preference(session, customer_id=alice.id, key="budget", value="500 CNY")
    second = remember_preference(session, customer_id=alice.id, key="Budget", value="800 CNY")

    rows = session.exec(select(Preference).where(Preference.customer_id == alice.id)).all()

    assert [(r.key, r.value) for r in rows] == [("budget", "800 CNY")]
    assert second.updated_at >= first.updated_at


def test_recall_is_sorted_and_per_customer(session):
    alice, bob = make_customer(session, "alice"), make_customer(session, "bob")
    remember_preference(session, customer_id=alice.id, key="shoe size", value="42")
    remember_preference(session, customer_id=alice.id, key="favourite brands", value="Li-Ning")
    remember_preference(session, customer_id=bob.id, key="shoe size", value="39")
    remember_preference(session, customer_id=alice.id, key="鞋码", value="42码")

    alices = recall_preferences(session, customer_id=alice.id)

    assert [(p.key, p.value) for p in alices] == [
        ("favourite_brands", "Li-Ning"),
        ("shoe_size", "42"),
        ("鞋码", "42码"),
    ]
    assert [(p.key, p.value) for p in recall_preferences(session, customer_id=bob.id)] == [
        ("shoe_size", "39")
    ]


def test_forget_reports_whether_something_was_forgotten(session):
    alice, bob = make_customer(session, "alice"), make_customer(session, "bob")
    remember_preference(session, customer_id=alice.id, key="budget", value="500")
    remember_preference(session, customer_id=bob.id, key="budget", value="900")

    assert forget_preference(session, customer_id=alice.id, key="Budget") is True
    assert forget_preference(session, customer_id=alice.id, key="budget") is False
    assert recall_preferences(session, customer_id=alice.id) == []
    assert [p.value for p in recall_preferences(session, customer_id=bob.id)] == ["900"]


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("budget", "   ", "value is empty"),
        ("  --- ", "42", "not a usable preference name"),
        ("x" * 101, "42", "at most 100"),
        ("notes", "x" * 501, "under 500"),
    ],
)
def test_bad_preferences_are_refused_and_nothing_is_stored(session, key, value, problem):
    alice = make_customer(session, "alice")

    with pytest.raises(InvalidRequest, match=problem):
        remember_preference(session, customer_id=alice.id, key=key, value=value)

    assert recall_preferences(session, customer_id=alice.id) == []


def test_unknown_customer_has_no_memory(session):
    with pytest.raises(NotFound):
        remember_preference(session, customer_id=7, key="budget", value="1")
    with pytest.raises(NotFound):
        recall_preferences(session, customer_id=7)
