"""Confirmation tokens: proof that the customer confirmed exactly one summary, recently.

A payment and a refund each need one. The token signs the action with the summary, so a
payment's token can never confirm a refund, nor one order's the other's; the store checks it
against the summary as it is now, so a changed order needs a new confirmation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from pathlib import Path

from store.errors import ConfirmationError, InvalidRequest
from store.settings import get_settings
from store.views import PaymentSummary, RefundSummary

Summary = PaymentSummary | RefundSummary
"""What a customer confirms: a charge, or a refund."""

_WHAT = {"pay": "the payment summary", "refund": "the refund summary"}


def issue_confirmation_token(summary: Summary, *, ttl_seconds: int = 600) -> str:
    """A token that the customer confirmed exactly `summary`, valid for `ttl_seconds`.

    Each token is new (a nonce): the card shown now never shares its token with an earlier
    card of the same summary, so an answer to that earlier card names something else.
    """
    if ttl_seconds < 0:
        raise InvalidRequest(f"ttl_seconds must be 0 or more (got {ttl_seconds}).")
    expires = int(time.time()) + ttl_seconds
    nonce = secrets.token_hex(8)
    return f"{expires}.{nonce}.{_signature(summary, expires, nonce)}"


def verify_confirmation(token: str, summary: Summary) -> None:
    """Check that the customer confirmed exactly this summary, recently enough.

    Raises:
        ConfirmationError: if the token is missing, forged, expired, for another summary or
            for another action.
    """
    what = _WHAT[summary.action]
    text = (token or "").strip()
    expires, nonce, signature = [*text.split(".", 2), "", ""][:3]
    if "." not in text:
        raise ConfirmationError(
            f"No confirmation: show {what} and go on only after the customer confirms."
        )
    expected = _signature(summary, int(expires), nonce) if expires.isdigit() and signature else ""
    if not expected or not hmac.compare_digest(signature.encode(), expected.encode()):
        raise ConfirmationError(
            "The confirmation does not match the order as it is now (items, total, address or "
            f"payment method changed) or is not genuine. Show {what} again and ask the customer "
            "to confirm."
        )
    if time.time() >= int(expires):
        raise ConfirmationError(
            f"The customer's confirmation has expired. Show {what} again and ask them to confirm."
        )


def _signature(summary: Summary, expires: int, nonce: str) -> str:
    """HMAC-SHA256 over the canonical JSON of the action, the summary, expiry time and nonce.

    Whether the method is the customer's default changes nothing that is charged, so choosing
    another default card leaves a pending confirmation valid.
    """
    what = summary.model_dump(mode="json", exclude={"payment_method": {"is_default"}})
    payload = {"action": summary.action, "summary": what, "expires": expires, "nonce": nonce}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_secret_key(), canonical.encode(), hashlib.sha256).hexdigest()


def _secret_key() -> bytes:
    """SHOPAGENT_SECRET_KEY, else a random key kept in the store's home (created once, 0600)."""
    settings = get_settings()
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value().encode()
    path = settings.home / "secret.key"
    if not path.exists():
        _create_key_file(path)
    return path.read_text().strip().encode()


def _create_key_file(path: Path) -> None:
    """Write a new random key to `path` unless another process wins the race to create it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32))
        # A hard link appears complete and atomically, and never replaces an existing key.
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
