"""The shop's memory: catalog, search, carts, orders, mock payments, import and demo data."""
