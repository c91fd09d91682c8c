"""The brain: a LangGraph agent that shops with tools over any OpenAI-compatible model."""

# Names load on first use, so a command that needs little (`shopagent --help`) imports little.
# They are declared once, in __init__.pyi, which type checkers read too.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
