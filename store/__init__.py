"""The shop's memory: catalog, search, carts, orders, mock payments, import and demo data.

Other packages import from here, not from the modules behind it.
"""

from store.cart import add_to_cart, clear_cart, remove_cart_line, update_cart_line, view_cart
from store.catalog import get_product, list_categories, product_ids_by_source
from store.conversations import list_conversations, touch_conversation
from store.customers import (
    format_address,
    get_customer,
    list_addresses,
    list_customers,
    list_payment_methods,
)
from store.db import get_engine, init_db, is_postgres, make_engine, read_scope, session_scope
from store.demo import seed_demo, seed_if_empty
from store.errors import (
    ConfirmationError,
    IdempotencyConflict,
    ImportFailed,
    InvalidRequest,
    InvalidState,
    NotFound,
    OutOfStock,
    PriceChanged,
    StoreError,
    VariantRequired,
)
from store.images import product_image_path
from store.importer import import_catalog
from store.models import OrderStatus, PaymentMethodKind, PaymentStatus
from store.money import format_money, parse_money
from store.orders import cancel_order, checkout, get_order, list_orders, refund_order
from store.payments import issue_confirmation_token, pay_order, payment_summary, submit_payment_code
from store.preferences import forget_preference, recall_preferences, remember_preference
from store.search import search_catalog, search_products
from store.views import (
    AddressView,
    CartLineView,
    CartView,
    CategorySuggestion,
    ConversationView,
    CustomerView,
    ImportIssue,
    ImportReport,
    OrderLineView,
    OrderView,
    PaymentMethodView,
    PaymentResult,
    PaymentSummary,
    PreferenceView,
    ProductDetail,
    ProductHit,
    SearchFilters,
    SearchResult,
    SortOrder,
    VariantView,
)

__all__ = [
    "AddressView",
    "CartLineView",
    "CategorySuggestion",
    "CartView",
    "ConfirmationError",
    "ConversationView",
    "CustomerView",
    "IdempotencyConflict",
    "ImportFailed",
    "ImportIssue",
    "ImportReport",
    "InvalidRequest",
    "InvalidState",
    "NotFound",
    "OrderLineView",
    "OrderStatus",
    "OrderView",
    "OutOfStock",
    "PaymentMethodKind",
    "PaymentMethodView",
    "PaymentResult",
    "PaymentStatus",
    "PaymentSummary",
    "PreferenceView",
    "PriceChanged",
    "ProductDetail",
    "ProductHit",
    "SearchFilters",
    "SearchResult",
    "SortOrder",
    "StoreError",
    "VariantRequired",
    "VariantView",
    "add_to_cart",
    "cancel_order",
    "checkout",
    "clear_cart",
    "forget_preference",
    "format_address",
    "format_money",
    "get_customer",
    "get_engine",
    "get_order",
    "get_product",
    "import_catalog",
    "init_db",
    "is_postgres",
    "issue_confirmation_token",
    "list_addresses",
    "list_categories",
    "list_conversations",
    "list_customers",
    "list_orders",
    "list_payment_methods",
    "make_engine",
    "parse_money",
    "pay_order",
    "product_ids_by_source",
    "payment_summary",
    "product_image_path",
    "read_scope",
    "recall_preferences",
    "refund_order",
    "remove_cart_line",
    "remember_preference",
    "search_catalog",
    "search_products",
    "seed_demo",
    "seed_if_empty",
    "session_scope",
    "submit_payment_code",
    "touch_conversation",
    "update_cart_line",
    "view_cart",
]
