"""The tools the demo calls, by the names they are registered under (their functions' names)."""

from tools import account, cart, catalog, orders, payment, promotions

SEARCH = catalog.search_products.__name__
DETAILS = catalog.get_product_details.__name__
COMPARE = catalog.compare_products.__name__
ADD = cart.add_to_cart.__name__
UPDATE = cart.update_cart_item.__name__
REMOVE = cart.remove_from_cart.__name__
VIEW_CART = cart.view_cart.__name__
CHECKOUT = orders.checkout.__name__
ORDER_STATUS = orders.get_order_status.__name__
LIST_ORDERS = orders.list_orders.__name__
CANCEL = orders.cancel_order.__name__
REFUND = orders.refund_order.__name__
PAY = payment.pay_order.__name__
ADDRESSES = account.list_addresses.__name__
METHODS = account.list_payment_methods.__name__
REMEMBER = account.remember_preference.__name__
RECALL = account.recall_preferences.__name__
FORGET = account.forget_preference.__name__
LIST_PROMOTIONS = promotions.list_promotions.__name__
APPLY_COUPON = promotions.apply_coupon.__name__
REMOVE_COUPON = promotions.remove_coupon.__name__
