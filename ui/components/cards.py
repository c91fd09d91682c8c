"""Product cards under the reply that found them: picture, titles, price, rating, stock, variant."""

from __future__ import annotations

import streamlit as st

import store
from store import ProductDetail, VariantView, format_money, product_image_path
from ui.components.actions import run_tool
from ui.components.state import current_customer, language, runtime, t
from ui.components.text import option_name, option_values

CARD_WIDTH = 210


def render_cards(product_ids: list[int], *, key: str) -> None:
    """Cards for these products, read live from the store; `key` makes widget keys unique."""
    products = _products(product_ids)
    if not products:
        return
    remembered = _preferences()
    # One row that scrolls sideways, like a shelf: the chat stays short however many were found.
    with st.container(horizontal=True, wrap=False, gap="small", key=f"{key}-shelf"):
        for product in products:
            with st.container(border=True, width=CARD_WIDTH, key=f"{key}-{product.id}"):
                _card(product, preferred_variant(product, remembered), key=f"{key}-{product.id}")


def _products(product_ids: list[int]) -> list[ProductDetail]:
    found: list[ProductDetail] = []
    with store.session_scope(runtime().engine) as session:
        for product_id in product_ids:
            try:
                found.append(store.get_product(session, product_id))
            except store.NotFound:
                continue  # removed from the catalog since the reply
    return found


def _preferences() -> dict[str, str]:
    with store.session_scope(runtime().engine) as session:
        remembered = store.recall_preferences(session, customer_id=current_customer().id)
    return {preference.key: preference.value for preference in remembered}


def preferred_variant(product: ProductDetail, remembered: dict[str, str]) -> VariantView:
    """The variant a card starts on: in stock, and matching what the shop remembers.

    A remembered "shoe_size" of 42 matches a variant's "size" option of 42 (the last word of
    the preference's key names the option); with no match, the first variant in stock.
    """
    wanted = {
        key.rsplit("_", 1)[-1].casefold(): value.strip().casefold()
        for key, value in remembered.items()
    }

    def matches(variant: VariantView) -> int:
        return sum(
            wanted.get(name.casefold()) == str(value).strip().casefold()
            for name, value in variant.options.items()
        )

    in_stock = [v for v in product.variants if v.stock] or product.variants
    return max(in_stock, key=matches)  # the first of the best: catalogue order breaks ties


def titles(product: ProductDetail) -> tuple[str, str | None]:
    """The title in the interface language first, the other language second (when there is one)."""
    if language() == "zh" and product.title_zh:
        return product.title_zh, product.title
    return product.title, product.title_zh


def variant_label(variant: VariantView) -> str:
    """Label as "42 · black — ¥399.00", and "(out of stock)" when it is."""
    options = option_values(variant.options) or variant.sku
    label = f"{options} — {format_money(variant.price, variant.currency)}"
    return label if variant.stock else f"{label} ({t('out_of_stock')})"


def _card(product: ProductDetail, preferred: VariantView, *, key: str) -> None:
    # Drawn locally from the product's words: imported URL images are never fetched.
    st.image(str(product_image_path(product)), width="stretch")
    title, other = titles(product)
    st.markdown(f"**{title}**")
    if other:
        st.caption(other)
    rating = (
        t("rating", rating=f"{product.rating:.1f}", count=f"{product.rating_count:,}")
        if product.rating is not None
        else t("no_rating")
    )
    st.markdown(f"**{format_money(product.price, product.currency)}** &nbsp; {rating}")
    stock = sum(v.stock for v in product.variants)
    if stock:
        st.badge(t("in_stock", count=stock), icon=":material/inventory_2:", color="green")
    else:
        st.badge(t("out_of_stock"), icon=":material/block:", color="red")
    # Labels are in the interface language, so a language switch starts a fresh choice.
    variant_key = f"{key}-variant-{language()}"
    if len(product.variants) > 1:
        in_stock_first = [v.id for v in sorted(product.variants, key=lambda v: v.stock == 0)]
        # Labelled now, in this run's language: Streamlit may format a choice again later.
        labels = {v.id: variant_label(v) for v in product.variants}
        st.selectbox(
            " / ".join(option_name(name) for name in product.option_names) or t("variant"),
            in_stock_first,
            index=in_stock_first.index(preferred.id),
            key=variant_key,
            format_func=labels.__getitem__,
        )
    details_key = f"{key}-details"
    shown: ProductDetail | None = st.session_state.open_details.get(details_key)
    st.button(
        t("add_to_cart"),
        key=f"{key}-add",
        type="primary",
        disabled=not stock,
        icon=":material/add_shopping_cart:",
        width="stretch",
        on_click=_add,
        args=(product, preferred.id, variant_key),
    )
    st.button(
        t("hide_details") if shown else t("details"),
        key=f"{key}-details-button",
        type="tertiary",
        icon=":material/expand_less:" if shown else ":material/info:",
        on_click=_toggle_details,
        args=(product.id, details_key),
    )
    if shown:
        _details(shown)


def _variant(product: ProductDetail, variant_id: int) -> VariantView:
    return next(v for v in product.variants if v.id == variant_id)


def _toggle_details(product_id: int, details_key: str) -> None:
    opened: dict[str, ProductDetail] = st.session_state.open_details
    if opened.pop(details_key, None) is not None:
        return
    # Through the model's own tool: the card shows what the assistant would see.
    outcome = run_tool("get_product_details", {"product_id": product_id})
    if outcome.ok:
        opened[details_key] = outcome.data


def _details(product: ProductDetail) -> None:
    description = (
        product.description_zh
        if language() == "zh" and product.description_zh
        else product.description
    )
    st.caption(description)
    if len(product.variants) > 1:
        st.caption(t("variants_heading"))
        for variant in product.variants:
            stock = f" · {t('stock_left', count=variant.stock)}" if variant.stock else ""
            st.caption(f"• {variant_label(variant)}{stock}")


def _add(product: ProductDetail, preferred_id: int, variant_key: str) -> None:
    # The picker's choice; a single-variant card has no picker, so the card's own variant.
    variant_id = st.session_state.get(variant_key) or preferred_id
    title = titles(product)[0]
    options = option_values(_variant(product, variant_id).options)
    run_tool(
        "add_to_cart",
        {"product_id": product.id, "variant_id": variant_id},
        success=t("added", title=f"{title} ({options})" if options else title),
    )
