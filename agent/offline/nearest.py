"""The nearest in price, when the shop has the kind asked for but none in the price range.

"No electric toothbrush under ¥200; the cheapest is the Philips Sonicare 9000 at ¥899": the
demo searches again just past each bound (the cheapest above a ceiling, the priciest below a
floor) and names what those searches found, so every price it says comes from a tool result.
"""

from __future__ import annotations

from agent.offline import toolnames
from agent.offline.calls import Call, Result

# The bound a search had, the bound its neighbour search gets instead, and its order; the one
# below first, so a band's neighbours read from cheaper to dearer.
_PAST_BOUNDS = (("min_price", "max_price", "price_desc"), ("max_price", "min_price", "price_asc"))


def neighbour_searches(search: Call) -> list[Call]:
    """Searches for the product just past each price bound of the search (none without one)."""
    arguments = search.arguments
    same = {k: v for k, v in arguments.items() if k not in ("min_price", "max_price", "sort")}
    return [
        Call(
            toolnames.SEARCH,
            {**same, past: arguments[bound], "sort": order, "limit": 1},
        )
        for bound, past, order in _PAST_BOUNDS
        if arguments.get(bound) is not None
    ]


def found_none_in_range(result: Result | None) -> bool:
    """Whether a search in a price range found nothing, though the shop sells the kind."""
    return (
        result is not None
        and result.call.name == toolnames.SEARCH
        and not result.error
        and not result.get("catalog_data")
        and not result.get("not_sold")
        and bool(neighbour_searches(result.call))
    )
