"""The fixed choices the store accepts, as types.

Light to import, so the CLI can declare its options without loading the store.
"""

from typing import Literal

SortOrder = Literal["relevance", "price_asc", "price_desc", "rating"]
CatalogFormat = Literal["woocommerce", "json"]
