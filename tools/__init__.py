"""The assistant's hands: one typed, documented function per tool, and their registry.

Importing this package registers every tool on `REGISTRY`, in a stable order.
"""

from tools import (  # noqa: F401  (registers the tools)
    account,
    cart,
    catalog,
    orders,
    payment,
    promotions,
)
from tools.orders import RefundRequest, not_refunded, present_refund, refund
from tools.payment import (
    PaymentRequest,
    charge,
    new_idempotency_key,
    not_charged,
    present_payment,
    submit_code,
)
from tools.registry import (
    REGISTRY,
    Tool,
    ToolContext,
    ToolError,
    ToolOutcome,
    ToolRegistry,
    compact_json,
    tool,
)

__all__ = [
    "REGISTRY",
    "PaymentRequest",
    "RefundRequest",
    "Tool",
    "ToolContext",
    "ToolError",
    "ToolOutcome",
    "ToolRegistry",
    "charge",
    "compact_json",
    "new_idempotency_key",
    "not_charged",
    "not_refunded",
    "present_payment",
    "present_refund",
    "refund",
    "submit_code",
    "tool",
]
