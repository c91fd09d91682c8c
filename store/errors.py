"""Domain errors: expected failures a caller (or the model) can act on.

Each carries a short machine `code` and a human message that says what went wrong
and what to do. Programming errors are not StoreErrors: they raise as usual.
"""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    """Base class of expected, explainable store failures."""

    code = "store_error"

    def __init__(
        self,
        message: str,
        *,
        model_message: str | None = None,
        catalog_data: Any = None,
        **details: Any,
    ) -> None:
        """An error; `message` is for people.

        Args:
            message: What went wrong and what to do, for people (may name products).
            model_message: The same without seller-written text, for the model; default
                `message` (when it quotes no seller text).
            catalog_data: Seller-written text the model may need (titles, option values),
                kept apart so it reaches the model marked as data.
            **details: Machine-readable facts (ids, counts).
        """
        super().__init__(message)
        self.message = message
        self.model_message = model_message or message
        if catalog_data is not None:
            details = {**details, "catalog_data": catalog_data}
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """The JSON the model reads: seller-written text only under `catalog_data`."""
        return {"error": self.code, "message": self.model_message, **self.details}


class NotFound(StoreError):
    """A product, variant, order, address or method that does not exist for this customer."""

    code = "not_found"


class InvalidRequest(StoreError):
    """A request that cannot be carried out as asked (bad quantity, empty cart...)."""

    code = "invalid_request"


class VariantRequired(StoreError):
    """The product has several variants and the request did not say which one."""

    code = "variant_required"


class OutOfStock(StoreError):
    """Not enough stock for the requested quantity."""

    code = "out_of_stock"


class PriceChanged(StoreError):
    """A price changed between adding to the cart and checking out."""

    code = "price_changed"


class CouponUnavailable(StoreError):
    """A coupon or red packet that cannot be used now (expired, used up, conditions unmet)."""

    code = "coupon_unavailable"


class InvalidState(StoreError):
    """The order or payment is not in a state that allows this action."""

    code = "invalid_state"


class ConfirmationError(StoreError):
    """A payment confirmation token is missing, expired or bound to another summary."""

    code = "confirmation_invalid"


class IdempotencyConflict(StoreError):
    """The idempotency key was already used for a different payment request."""

    code = "idempotency_conflict"


class ForeignConversation(StoreError):
    """A conversation thread that belongs to another customer: nothing of it is read or written."""

    code = "foreign_conversation"


class InvalidThreadId(InvalidRequest, ValueError):
    """A conversation id the store cannot hold (empty, over 100 characters, unprintable)."""

    code = "invalid_thread_id"


class ConversationBusy(StoreError):
    """Another message of the same conversation is still being answered."""

    code = "conversation_busy"


class ImportFailed(StoreError):
    """A catalog file could not be imported; nothing from it was written."""

    code = "import_failed"
