"""The Streamlit app, driven through `streamlit.testing.v1.AppTest` with the offline model.

Every test runs the real app script over a real SQLite store (a fresh one per test) and checks
what it shows against what the store holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import store
from store import OrderStatus
from tests.ui.browser import free_port
from ui.i18n import TEXT, translate

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def start() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def send(at: AppTest, text: str) -> None:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception


def click(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def keys(at: AppTest, suffix: str = "", prefix: str = "") -> list[str]:
    return [
        b.key for b in at.button if b.key and b.key.startswith(prefix) and b.key.endswith(suffix)
    ]


def customer(handle: str) -> store.CustomerView:
    with store.session_scope() as session:
        return store.get_customer(session, handle)


def cart_of(handle: str) -> store.CartView:
    with store.session_scope() as session:
        return store.view_cart(session, customer_id=customer(handle).id)


def orders_of(handle: str) -> list[store.OrderView]:
    with store.session_scope() as session:
        return store.list_orders(session, customer_id=customer(handle).id)


def texts(at: AppTest) -> str:
    """Everything written as markdown, captions, alerts and titles, as one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [a.value for kind in (at.success, at.warning, at.error, at.info) for a in kind]
    return "\n".join(parts)


def fill_cart_and_check_out(at: AppTest) -> None:
    """Search, add the first card's product by its button, then press Checkout."""
    send(at, "wireless earbuds under 300")
    assert at.image, "the reply shows product cards with pictures"
    add_buttons = keys(at, suffix="-add")
    assert add_buttons, "every card has an Add to cart button"
    assert len(at.chat_message) == 2  # the message and the reply

    click(at, add_buttons[0])
    cart = cart_of("alice")
    assert [line.quantity for line in cart.lines] == [1]
    assert f"remove-{cart.lines[0].line_id}" in keys(at), "the cart panel shows the new line"
    assert store.format_money(cart.subtotal, cart.currency) in texts(at)

    click(at, "checkout")
    assert "confirm-payment" in keys(at), "the confirmation card waits for the customer"
    (order,) = orders_of("alice")
    assert order.status == OrderStatus.awaiting_payment
    assert order.payment_status is None, "nothing is charged before Confirm"
    assert store.format_money(order.total, order.currency) in at.button(key="confirm-payment").label


def test_full_purchase_with_the_offline_model() -> None:
    at = start()
    assert "Hi Alice" in texts(at)
    fill_cart_and_check_out(at)

    click(at, "confirm-payment")

    (order,) = orders_of("alice")
    assert order.status == OrderStatus.paid
    assert order.payment_status == store.PaymentStatus.succeeded
    assert not cart_of("alice").lines, "the paid cart is empty"
    assert "confirm-payment" not in keys(at)
    assert any(f"#{order.id}" in s.value for s in at.success), "the chat marks the order paid"
    assert f"refund-order-{order.id}" in keys(at), "the orders panel offers a refund"
    # Transparency: the tools chosen, and a token meter per turn and per conversation.
    assert any("How I got this" in e.label for e in at.expander)
    assert any("prompt" in c.value and "cached" in c.value for c in at.sidebar.caption)


def test_declining_charges_nothing() -> None:
    at = start()
    fill_cart_and_check_out(at)

    click(at, "decline-payment")

    (order,) = orders_of("alice")
    assert order.status == OrderStatus.awaiting_payment
    assert order.payment_status is None
    assert "confirm-payment" not in keys(at)
    # One message for the outcome: the reply itself, marked as not charged.
    (warning,) = at.warning
    assert "nothing was charged" in warning.value
    assert not any("still waiting" in m.value for m in at.chat_message[-1].markdown)
    assert f"cancel-order-{order.id}" in keys(at)

    click(at, f"cancel-order-{order.id}")
    assert orders_of("alice")[0].status == OrderStatus.cancelled


def pay_by_default_with(handle: str, label_part: str) -> None:
    """Arrange: make the saved method whose label has `label_part` the customer's default."""
    from sqlmodel import select

    from store.models import PaymentMethod

    with store.session_scope() as session:
        methods = session.exec(
            select(PaymentMethod).where(PaymentMethod.customer_id == customer(handle).id)
        ).all()
        for method in methods:
            method.is_default = label_part in method.label
            session.add(method)


def test_a_card_that_asks_for_a_one_time_code_gets_it_from_the_code_field() -> None:
    from store.models import PaymentMethod

    store.seed_if_empty(store.get_engine())  # the demo shop the app would load, before it starts
    with store.session_scope() as session:  # the mock bank's 3-D Secure test card
        session.add(
            PaymentMethod(
                customer_id=customer("alice").id,
                kind="card",
                label="Visa ···3220 (test: asks for a code)",
                card_number="4000000000003220",
            )
        )
    pay_by_default_with("alice", "3220")
    at = start()
    fill_cart_and_check_out(at)

    click(at, "confirm-payment")
    (order,) = orders_of("alice")
    assert order.payment_status == store.PaymentStatus.requires_action
    assert order.status == OrderStatus.awaiting_payment

    click(at, "submit-code")  # no code typed yet
    assert any("one-time code first" in e.value for e in at.error)
    assert orders_of("alice")[0].status == OrderStatus.awaiting_payment

    at.text_input(key=f"payment-code-{order.id}").input("123").run()
    click(at, "submit-code")
    assert orders_of("alice")[0].status == OrderStatus.paid
    assert "submit-code" not in keys(at)


def test_an_unreachable_endpoint_shows_a_clear_message_and_the_chat_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.setenv("OPENAI_MODEL", "some-model")
    at = start()
    at.selectbox(key="model").select("custom").run()

    send(at, "wireless earbuds under 300")

    (error,) = at.error
    assert "Could not reach custom" in error.value and "127.0.0.1:9" in error.value
    assert not keys(at, suffix="-add")
    send(at, "running shoes size 42")  # still failing: each failed turn says so
    assert len(at.error) == 2

    at.selectbox(key="model").select("offline").run()
    click(at, "retry")  # the last message, answered by the model chosen now
    assert len(at.error) == 1, "the first failure stays with its turn"
    assert keys(at, suffix="-add"), "the offline model answered with product cards"

    send(at, "wireless earbuds under 300")
    assert len(at.chat_message) == 6, "three messages, three replies"
    assert at.chat_message[-1].markdown, "the new message got a reply"


def test_a_model_whose_key_goes_away_falls_back_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    monkeypatch.setenv("OPENAI_MODEL", "some-model")
    at = start()
    at.selectbox(key="model").select("custom").run()
    assert at.session_state["model"] == "custom"

    monkeypatch.delenv("OPENAI_API_KEY")
    send(at, "wireless earbuds under 300")

    assert at.session_state["model"] == "offline"
    assert any("custom is no longer configured" in e.value for e in at.error)
    assert keys(at, suffix="-add"), "the message was answered by the default model"


def test_switching_customer_shows_their_own_cart_conversations_and_language() -> None:
    at = start()
    send(at, "wireless earbuds under 300")
    click(at, keys(at, suffix="-add")[0])
    alice_thread = at.session_state["thread_id"]

    at.selectbox(key="customer").select("chen").run()
    assert not at.exception

    assert at.session_state["thread_id"] != alice_thread, "a new customer starts a new chat"
    assert len(at.chat_message) == 1, "only the welcome message"
    assert not keys(at, prefix="remove-"), "chen's cart is empty"
    assert not keys(at, prefix="thread-"), "chen has no conversations yet"
    assert at.chat_input[0].placeholder == translate("zh", "chat_placeholder")
    assert len(cart_of("alice").lines) == 1, "alice's cart is still hers"

    at.selectbox(key="customer").select("alice").run()
    click(at, f"thread-{alice_thread}")
    assert at.session_state["thread_id"] == alice_thread, "alice's conversation persisted"
    assert keys(at, suffix="-add"), "its product cards are drawn again from the thread"


def test_cart_panel_edits_go_through_the_cart_tools() -> None:
    at = start()
    send(at, "wireless earbuds under 300")
    click(at, keys(at, suffix="-add")[0])
    (line,) = cart_of("alice").lines

    at.number_input(key=f"qty-{line.line_id}-1").set_value(3).run()
    assert not at.exception
    assert cart_of("alice").lines[0].quantity == 3
    assert at.number_input(key=f"qty-{line.line_id}-3").value == 3

    click(at, f"remove-{line.line_id}")
    assert not cart_of("alice").lines
    assert TEXT["en"]["cart_empty"] in texts(at)


def test_details_button_shows_the_products_variants() -> None:
    at = start()
    send(at, "running shoes size 42")
    details = keys(at, suffix="-details-button")
    assert details
    click(at, details[0])
    assert TEXT["en"]["variants_heading"] in texts(at)
    assert at.button(key=details[0]).label == TEXT["en"]["hide_details"]


def test_remembered_preferences_can_be_deleted() -> None:
    at = start()
    send(at, "remember my shoe size is 42")
    assert "forget-shoe_size" in keys(at)

    click(at, "forget-shoe_size")
    with store.session_scope() as session:
        assert not store.recall_preferences(session, customer_id=customer("alice").id)
    assert "forget-shoe_size" not in keys(at)


def test_two_sessions_are_independent() -> None:
    first, second = start(), start()
    send(first, "wireless earbuds under 300")
    second.run()
    assert first.session_state["thread_id"] != second.session_state["thread_id"]
    assert len(second.chat_message) == 1, "the other tab still shows its own, empty chat"


def test_every_language_has_every_text() -> None:
    assert TEXT["en"].keys() == TEXT["zh"].keys()


def test_how_i_got_this_is_a_step_list_with_the_raw_data_behind_a_toggle() -> None:
    at = start()
    send(at, "wireless earbuds under 300")

    (steps,) = [e for e in at.expander if e.label.startswith("How I got this")]
    assert steps.label == "How I got this · 1 step"
    words = "\n".join(m.value for m in steps.markdown)
    assert "Searching the shop" in words and '"wireless earbuds"' in words
    assert "under ¥300.00" in words and "found " in words
    assert "{" not in words and "search_products" not in words, "no raw data in the list"
    assert not at.code, "the raw data is hidden until asked for"

    at.toggle(key="raw-0").set_value(True).run()
    (steps,) = [e for e in at.expander if e.label.startswith("How I got this")]
    assert any("search_products" in c.value for c in steps.caption)
    assert any('"query"' in c.value for c in at.code)


def quick_replies_shown(at: AppTest) -> dict[str, str]:
    return {b.label: b.key for b in at.button if b.key and b.key.startswith("quick-")}


def test_quick_replies_follow_each_reply_in_the_customers_language() -> None:
    at = start()
    send(at, "wireless earbuds under 300")
    chips = quick_replies_shown(at)
    assert "add the second one" in chips, "offered by the reply"
    assert "wireless earbuds" not in chips, "not the customer's own words quoted back"
    assert "Check out" not in chips, "nothing to check out yet"

    click(at, keys(at, suffix="-add")[0])
    chips = quick_replies_shown(at)
    assert {"Show my cart", "Check out"} <= set(chips), "defaults for a filled cart"

    click(at, chips["Show my cart"])  # sends it as the customer's message
    assert at.chat_message[-2].markdown[0].value == "Show my cart"
    assert "Your cart" in at.chat_message[-1].markdown[0].value

    at.selectbox(key="customer").select("chen").run()
    send(at, "我想买一双跑步鞋")
    chips = quick_replies_shown(at)
    reply = "\n".join(m.value for m in at.chat_message[-1].markdown)
    offers = set(chips) - {"比较前两个", "看看购物车", "结账"}
    assert offers and all(f"“{o}”" in reply for o in offers), "offered by the reply, in Chinese"
    assert "比较前两个" in chips, "a default, in Chinese"


def test_counts_read_as_people_write_them() -> None:
    assert translate("en", "items", count=1) == "1 item"
    assert translate("en", "items", count=2) == "2 items"
    assert translate("zh", "items", count=1) == "1 件商品"
    assert translate("en", "transparency", count=1) == "How I got this · 1 step"
    at = start()
    send(at, "wireless earbuds under 300")
    click(at, keys(at, suffix="-add")[0])
    assert "Subtotal · 1 item\n" in texts(at) + "\n"
    (line,) = cart_of("alice").lines
    at.number_input(key=f"qty-{line.line_id}-1").set_value(2).run()
    assert "Subtotal · 2 items" in texts(at)


@pytest.fixture
def local_server() -> Iterator[str]:
    """Something answering HTTP on a free local port, like a local model server."""
    import http.server
    import threading

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"data": []}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def test_the_model_picker_says_which_models_cannot_answer_and_why(
    monkeypatch: pytest.MonkeyPatch, local_server: str
) -> None:
    monkeypatch.setenv("VLLM_BASE_URL", local_server)
    monkeypatch.setenv("OLLAMA_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")  # nobody there
    at = start()
    labels = dict(zip(at.selectbox(key="model").options, ["x"] * 99, strict=False))
    assert any(label.startswith("ollama") and "not running" in label for label in labels)
    assert any(label.startswith("deepseek") and "needs a key" in label for label in labels)
    assert any(label.startswith("vllm") and "not running" not in label for label in labels)

    at.selectbox(key="model").select("ollama").run()
    assert at.session_state["model"] == "offline", "the conversation keeps a model that answers"
    (warning,) = at.sidebar.warning
    assert "ollama is not running" in warning.value and "`ollama serve`" in warning.value

    at.selectbox(key="model").select("deepseek").run()
    assert at.session_state["model"] == "offline"
    assert "DEEPSEEK_API_KEY" in at.sidebar.warning[0].value

    at.selectbox(key="model").select("vllm").run()
    assert at.session_state["model"] == "vllm", "a local server that answers can be picked"
    assert not at.sidebar.warning
