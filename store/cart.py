"""The customer's cart: which variants, how many, priced by the store at every look."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from store.bounds import storable_id
from store.customers import customer_found, no_such_customer, require_customer
from store.db import dialect_name, execute_core, insert_for
from store.errors import InvalidRequest, NotFound, OutOfStock, VariantRequired
from store.models import Cart, CartLine, Product, Variant, utcnow
from store.money import format_money
from store.pricing import Item, Quote, discount_views, hint_views, load_offer, price
from store.views import CartLineView, CartView

# What an empty cart reports as its currency: the catalog's default.
_DEFAULT_CURRENCY: str = Product.model_fields["currency"].default

# The cart's statements are built once, with parameters: building one costs more CPU than
# running it, and a built statement keeps its compiled-cache key.
_CART_ROWS = (
    select(CartLine, Variant, Product)
    .join(Cart, col(Cart.id) == CartLine.cart_id)
    .join(Variant, col(Variant.id) == CartLine.variant_id)
    .join(Product, col(Product.id) == Variant.product_id)
    .where(Cart.customer_id == bindparam("customer_id"))
    .order_by(col(CartLine.id))
    .execution_options(populate_existing=True)
)
_PRODUCT_WITH_VARIANTS = (
    select(Product, Variant)
    .outerjoin(Variant, col(Variant.product_id) == Product.id)
    .where(col(Product.id) == bindparam("product_id"))
    .order_by(col(Variant.id))
    .execution_options(populate_existing=True)
)
# On the table: the lines it deletes stay in the session unsynchronised (the caller commits
# next), and the ORM's bulk path would cost more than the statement.
_CARTS, _CART_LINES = Cart.__table__, CartLine.__table__  # type: ignore[attr-defined]
_EMPTY_CART = delete(_CART_LINES).where(
    _CART_LINES.c.cart_id.in_(
        select(_CARTS.c.id).where(_CARTS.c.customer_id == bindparam("customer_id"))
    )
)


@cache
def _cart_upsert(dialect: str) -> Any:
    """The cart's upsert for `dialect`: made if missing, its `updated_at` set (and row locked).

    On the table, not the model: no Cart object is needed, and the ORM's bulk path costs more
    than the statement.
    """
    upsert = insert_for(dialect)(_CARTS).values(
        customer_id=bindparam("customer_id"), updated_at=bindparam("now")
    )
    return upsert.on_conflict_do_update(
        index_elements=["customer_id"], set_={"updated_at": upsert.excluded.updated_at}
    ).returning(_CARTS.c.id)


@dataclass(frozen=True)
class CartRow:
    """A cart line with its variant and product, as read now."""

    line: CartLine
    variant: Variant
    product: Product

    @property
    def name(self) -> str:
        """How people recognise the item: "Runner (size 42)"."""
        return describe(self.product, self.variant)

    @property
    def price_changed(self) -> bool:
        """Whether the price moved since the customer added the item."""
        return self.line.seen_price != self.variant.price


def add_to_cart(
    session: Session,
    *,
    customer_id: int,
    product_id: int,
    variant_id: int | None = None,
    options: dict[str, str] | None = None,
    quantity: int = 1,
) -> CartView:
    """Put `quantity` of a product's variant in the cart (on top of any already there).

    The variant is given by id or by options such as {"size": "42"}; a product with one
    variant needs neither.

    Raises:
        NotFound: if the product or variant does not exist.
        VariantRequired: if the product has several variants and the request does not pick one.
        InvalidRequest: for a quantity below 1, or a product in another currency than the cart.
        OutOfStock: if the cart would hold more than is in stock.
    """
    _require_positive(quantity)
    cart_id = lock_cart(session, customer_id=customer_id)  # and checks the customer exists
    found = _product_with_variants(session, product_id)
    if found is None:
        raise NotFound(
            f"No product {product_id}; search the catalog for the right id.", product_id=product_id
        )
    product, variants = found
    variant = _choose_variant(product, variants, variant_id, options)
    rows = cart_rows(session, customer_id=customer_id)
    other_currencies = {r.product.currency for r in rows} - {product.currency}
    if other_currencies:
        raise InvalidRequest(
            f"Your cart is in {', '.join(sorted(other_currencies))} and product {product_id} is "
            f"priced in {product.currency}; one order is paid in one currency. Check out or "
            "clear the cart first.",
            product_id=product_id,
        )
    line = next((r.line for r in rows if r.variant.id == variant.id), None)
    wanted = quantity + (line.quantity if line else 0)
    _require_stock(product, variant, wanted)
    if line is None:
        assert variant.id is not None
        line = CartLine(
            cart_id=cart_id, variant_id=variant.id, quantity=wanted, seen_price=variant.price
        )
        session.add(line)
        session.flush()  # the view names the line by its id
        rows.append(CartRow(line, variant, product))  # the newest line: last, as cart_rows
    else:
        # seen_price stays what the customer saw first, so a later change is still reported.
        line.quantity = wanted
        session.add(line)
    return _commit_with_view(session, customer_id, rows)


def update_cart_line(
    session: Session, *, customer_id: int, line_id: int, quantity: int
) -> CartView:
    """Set a line's quantity; 0 removes the line.

    Raises:
        NotFound: if the line is not in the customer's cart.
        InvalidRequest: for a negative quantity.
        OutOfStock: if the quantity is more than is in stock.
    """
    if quantity == 0:
        return remove_cart_line(session, customer_id=customer_id, line_id=line_id)
    _require_positive(quantity)
    lock_cart(session, customer_id=customer_id)
    row = _row_of(session, customer_id, line_id)
    _require_stock(row.product, row.variant, quantity)
    row.line.quantity = quantity
    session.add(row.line)
    return _commit_with_view(session, customer_id)


def remove_cart_line(session: Session, *, customer_id: int, line_id: int) -> CartView:
    """Take a line out of the cart.

    Raises:
        NotFound: if the line is not in the customer's cart.
    """
    lock_cart(session, customer_id=customer_id)
    session.delete(_row_of(session, customer_id, line_id).line)
    return _commit_with_view(session, customer_id)


def view_cart(session: Session, *, customer_id: int) -> CartView:
    """The cart priced now, with a warning for every price change and stock shortfall."""
    return _view(session, customer_id, cart_rows(session, customer_id=customer_id))


def _commit_with_view(
    session: Session, customer_id: int, rows: list[CartRow] | None = None
) -> CartView:
    """Commit a change to the cart, returning the cart as it is after it.

    The view is read inside the change's own transaction (one transaction, not two); `rows`
    are the cart's rows as the change left them, when the caller already holds them.
    """
    if rows is None:
        rows = cart_rows(session, customer_id=customer_id)
    view = _view(session, customer_id, rows)
    session.commit()
    return view


def _view(session: Session, customer_id: int, rows: Sequence[CartRow]) -> CartView:
    lines, warnings = [], []
    for row in rows:
        line, variant, product = row.line, row.variant, row.product
        assert line.id is not None and variant.id is not None and product.id is not None
        if row.price_changed:
            warnings.append(
                f"{row.name} now costs {format_money(variant.price, product.currency)} "
                f"(was {format_money(line.seen_price, product.currency)} when added)."
            )
        if line.quantity > variant.stock:
            warnings.append(shortage_message(product, variant, line.quantity))
        lines.append(
            CartLineView(
                line_id=line.id,
                product_id=product.id,
                variant_id=variant.id,
                sku=variant.sku,
                title=product.title_en,
                title_zh=product.title_zh,
                options=variant.options,
                quantity=line.quantity,
                unit_price=variant.price,
                line_total=variant.price * line.quantity,
                currency=product.currency,
                stock=variant.stock,
                price_was=line.seen_price if row.price_changed else None,
            )
        )
    currency = rows[0].product.currency if rows else _DEFAULT_CURRENCY
    quote = quote_cart(session, customer_id=customer_id, rows=rows, currency=currency)
    return CartView(
        lines=lines,
        item_count=sum(line.quantity for line in lines),
        subtotal=quote.subtotal,
        currency=currency,
        warnings=warnings,
        discounts=discount_views(quote.discounts),
        total=quote.total,
        coupon=quote.coupon.code if quote.coupon else None,
        coupon_note=quote.coupon_note,
        hints=hint_views(quote.hints),
    )


def quote_cart(
    session: Session, *, customer_id: int, rows: Sequence[CartRow], currency: str
) -> Quote:
    """The cart's lines priced now, with the promotions that apply (store/pricing.py)."""
    offer = load_offer(session, customer_id=customer_id, currency=currency)
    return price(cart_items(rows), offer, currency)


def cart_items(rows: Sequence[CartRow]) -> list[Item]:
    """Cart lines as pricing sees them, keyed by line id."""
    return [
        Item(
            key=row.line.id or 0,
            category_id=row.product.category_id,
            brand=row.product.brand,
            amount=row.variant.price * row.line.quantity,
        )
        for row in rows
    ]


def clear_cart(session: Session, *, customer_id: int) -> None:
    """Empty the cart; commits."""
    empty_cart(session, customer_id=customer_id)
    session.commit()


# --- helpers for checkout -----------------------------------------------------------------------


def cart_rows(session: Session, *, customer_id: int) -> list[CartRow]:
    """The cart's lines with their variants and products, freshly read, oldest line first."""
    require_customer(session, customer_id)
    found = session.exec(_CART_ROWS, params={"customer_id": customer_id})
    return [CartRow(line, variant, product) for line, variant, product in found]


def lock_cart(session: Session, *, customer_id: int) -> int:
    """The id of the customer's cart, created on first use, locked until commit (PostgreSQL).

    One change to a cart at a time: two first add-to-carts at once make one cart (not an
    IntegrityError), and two checkouts of one cart make one order. SQLite's BEGIN IMMEDIATE
    already runs writers one at a time.

    It checks the customer too (`require_customer`), with no statement of its own: the cart's
    foreign key refuses a customer who does not exist.

    Raises:
        NotFound: if there is no such customer (the transaction is then spoilt: roll it back).
    """
    if not storable_id(customer_id):
        raise no_such_customer(customer_id)
    # One statement: an upsert's update locks the row it finds, as SELECT ... FOR UPDATE would.
    upsert = _cart_upsert(dialect_name(session))
    params = {"customer_id": customer_id, "now": utcnow()}
    try:
        cart_id: int = execute_core(session, upsert, params).scalar_one()
    except IntegrityError:  # the only constraint it can break: cart.customer_id's foreign key
        raise no_such_customer(customer_id) from None
    customer_found(session, customer_id)
    return cart_id


def empty_cart(session: Session, *, customer_id: int) -> None:
    """Delete the cart's lines, without committing (checkout does it in its own transaction)."""
    execute_core(session, _EMPTY_CART, {"customer_id": customer_id})


def describe(product: Product, variant: Variant) -> str:
    """A product and its variant's options for people: "Runner (size 42, colour black)"."""
    options = ", ".join(f"{name} {value}" for name, value in variant.options.items())
    return f"{product.title_en} ({options})" if options else product.title_en


def shortage_message(
    product: Product, variant: Variant, wanted: int, *, for_model: bool = False
) -> str:
    """What to tell a customer who wants more than is in stock (the model: no seller text)."""
    name = (
        f"variant {variant.id} of product {product.id}" if for_model else describe(product, variant)
    )
    if variant.stock == 0:
        return f"{name} is out of stock; choose another variant or product."
    return f"Only {variant.stock} of {name} left; you asked for {wanted}. Take that many or fewer."


# --- private --------------------------------------------------------------------------------------


def _require_positive(quantity: int) -> None:
    if quantity < 1:
        raise InvalidRequest(
            f"Quantity must be at least 1 (got {quantity}); set 0 or remove the line to drop it."
        )


def _require_stock(product: Product, variant: Variant, wanted: int) -> None:
    if wanted > variant.stock:
        raise OutOfStock(
            shortage_message(product, variant, wanted),
            model_message=shortage_message(product, variant, wanted, for_model=True),
            catalog_data={"item": describe(product, variant)},
            variant_id=variant.id,
            requested=wanted,
            available=variant.stock,
        )


def _row_of(session: Session, customer_id: int, line_id: int) -> CartRow:
    row = next(
        (r for r in cart_rows(session, customer_id=customer_id) if r.line.id == line_id), None
    )
    if row is None:
        raise NotFound(
            f"Your cart has no line {line_id}; view the cart to see its line ids.", line_id=line_id
        )
    return row


def _product_with_variants(
    session: Session, product_id: int
) -> tuple[Product, list[Variant]] | None:
    """The product and its variants as they are now (one statement), or None if no product."""
    if not storable_id(product_id):
        return None
    rows = session.exec(_PRODUCT_WITH_VARIANTS, params={"product_id": product_id}).all()
    if not rows:
        return None
    return rows[0][0], [variant for _, variant in rows if variant is not None]


def _choose_variant(
    product: Product,
    variants: list[Variant],
    variant_id: int | None,
    options: dict[str, str] | None,
) -> Variant:
    """The variant the request names, by id, by options, or as the product's only one."""
    if not variants:
        raise InvalidRequest(
            f"Product {product.id} has no variant to buy; choose another product.",
            product_id=product.id,
        )
    if variant_id is not None:
        matches = [v for v in variants if v.id == variant_id]
        problem = f"Product {product.id} has no variant {variant_id}"
    elif options:
        wanted = {_fold(k): _fold(v) for k, v in options.items()}
        matches = [
            v
            for v in variants
            if wanted.items() <= {_fold(k): _fold(x) for k, x in v.options.items()}.items()
        ]
        asked = ", ".join(f"{k} {v}" for k, v in options.items())
        problem = f"Product {product.id} has no variant with {asked}"
        if len(matches) > 1:  # e.g. the colour was given but the size was not
            variants, problem = matches, f"Several variants of product {product.id} have {asked}"
    else:
        matches = variants if len(variants) == 1 else []
        problem = f"Product {product.id} comes in several variants"
    if len(matches) == 1:
        return matches[0]
    named = problem.replace(f"Product {product.id}", f"Product {product.id} ({product.title_en})")
    raise VariantRequired(
        f"{named}: {_choice_text(variants)}. Say which one.",
        model_message=f"{problem}: catalog_data.choices lists them. Ask the customer which one, "
        "then pass its variant_id or options.",
        product_id=product.id,
        catalog_data={
            "title": product.title_en,
            "choices": [
                {"variant_id": v.id, "options": v.options, "price": v.price, "stock": v.stock}
                for v in variants
            ],
        },
    )


def _choice_text(variants: Sequence[Variant]) -> str:
    """Options that tell variants apart: "size 40, 41, 42; colour black, white"."""
    values: dict[str, list[str]] = {}
    for variant in variants:
        for name, value in variant.options.items():
            if value not in values.setdefault(name, []):
                values[name].append(value)
    text = "; ".join(f"{name} {', '.join(vals)}" for name, vals in values.items() if len(vals) > 1)
    return text or ", ".join(f"variant {v.id}" for v in variants)


def _fold(text: object) -> str:
    """Compare options the way people write them: "Size"/"size", " 42"/"42"."""
    return str(text).strip().casefold()
