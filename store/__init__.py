"""The shop's memory: catalog, search, carts, orders, mock payments, import and demo data.

Other packages import from here, not from the modules behind it.
"""

# Names load on first use, so a command that needs little (`shopagent --help`) imports little.
# They are declared once, in __init__.pyi, which type checkers read too.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
