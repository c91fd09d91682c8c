"""Reading the quantities a query bounds or maximises, and those a product title states."""

from __future__ import annotations

import pytest

from store.quantities import Bound, Extreme, quantities


@pytest.mark.parametrize(
    ("query", "bound", "left"),
    [
        ("xbox with at least 512gb disk space", Bound("storage", ">=", 512.0), "xbox with"),
        ("HDMI cables longer than 3 metres", Bound("length", ">", 3000.0), "hdmi cables"),
        ("DDR4 clocking higher than 3000 MHz", Bound("clock", ">", 3000.0), "ddr4"),
        ("an SSD of 1TB or more", Bound("storage", ">=", 1000.0), "an ssd of"),
        ("a cable of exactly 1,5 m", Bound("length", "==", 1500.0), "a cable of"),
        ("monitor under 30 inch", Bound("screen size", "<", 30.0), "monitor"),
    ],
)
def test_a_bound_is_read_and_its_words_leave_the_query(query, bound, left):
    asks = quantities().read(query)
    assert asks.bounds == [bound]
    assert " ".join(asks.text.split()) == left


def test_a_number_without_a_comparison_is_no_bound():
    asks = quantities().read("Kingston 1TB NV2 M.2 NVMe SSD")
    assert asks.bounds == [] and asks.extreme is None
    assert "1tb" in asks.text


def test_a_superlative_takes_the_dimension_the_query_names():
    assert quantities().read("the largest MX500").extreme == Extreme("storage", most=True)
    speed = quantities().read("SSDs with the highest read speed")
    assert speed.extreme == Extreme("transfer rate", most=True)
    assert "read" not in speed.text
    assert quantities().read("the highest rated mouse").extreme is None  # no dimension named


def test_a_title_states_its_quantities_in_base_units():
    measures = quantities().measures("Team 1TB MP44 M.2 NVMe SSD, M.2 2280, R/W 7400/6500 MB/s")
    assert measures == {"storage": [1000.0], "transfer rate": [7400.0, 6500.0]}  # M.2: no metres
    assert quantities().bare_numbers("Crucial 8GB DDR4 3200 UDIMM") == [3200.0]
