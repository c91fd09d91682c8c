"""What the demo knows, read from the request alone: like a real model, it keeps no state.

The customer's last words, the tool calls made and their JSON results, the products last
listed, the cart last shown, the orders seen, and the facts the system prompt gives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from agent.offline import nearest, toolnames
from agent.offline.calls import Call, Result
from agent.offline.slots import has_cjk
from agent.offline.wire import ChatRequest
from agent.prompts import PREFERENCES_LABEL

LOOKUPS = frozenset(
    {toolnames.VIEW_CART, toolnames.LIST_ORDERS, toolnames.METHODS, toolnames.SEARCH}
)
"""Read-only tools the demo calls to learn something before acting on the customer's request
(a search is repeated when the app has shortened its old results)."""

CART_TOOLS = frozenset({toolnames.ADD, toolnames.UPDATE, toolnames.REMOVE, toolnames.VIEW_CART})


def seller_text(item: Any) -> dict[str, Any]:
    """The seller-written part of a tool result's item (its `catalog_data`), or nothing."""
    part = item.get("catalog_data") if isinstance(item, dict) else None
    return part if isinstance(part, dict) else {}


def _json(text: str) -> Any:
    """Parsed JSON, or the text itself (old results may have been shortened by the app)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Entry:
    """One message: who said it, the text, the calls it made, or the result it carries."""

    role: str
    text: str = ""
    calls: tuple[Call, ...] = ()
    result: Result | None = None


def _entries(request: ChatRequest) -> list[Entry]:
    calls_by_id: dict[str, Call] = {}
    entries = []
    for message in request.messages:
        if message.role == "tool":
            call = calls_by_id.get(message.tool_call_id or "", Call("unknown"))
            entries.append(Entry("tool", result=Result(call, _json(message.text))))
            continue
        calls = []
        for wire_call in message.tool_calls or []:
            arguments = _json(wire_call.function.arguments or "{}")
            call = Call(
                wire_call.function.name,
                arguments if isinstance(arguments, dict) else {},
                wire_call.id,
            )
            calls_by_id[call.id] = call
            calls.append(call)
        role = "system" if message.role == "developer" else message.role
        entries.append(Entry(role, message.text, tuple(calls)))
    return entries


def price_value(price: Any) -> float:
    """A formatted price ("¥1,299.00") as a number, for ordering."""
    digits = re.sub(r"[^\d.]", "", str(price))
    return float(digits) if digits else float("inf")


@dataclass(frozen=True)
class Conversation:
    """The request, read as a conversation."""

    entries: tuple[Entry, ...]
    offered: dict[str, frozenset[str] | None]
    """Tools on offer, with their parameter names."""
    clause: str | None = None
    """The request of the customer's message being carried out (None: the whole message)."""
    clause_start: int = 0
    """Where that request's calls begin."""

    @classmethod
    def from_request(cls, request: ChatRequest) -> Conversation:
        """Read a validated request."""
        return cls(tuple(_entries(request)), request.offered_tools)

    def view(self, end: int, clause: str, clause_start: int) -> Conversation:
        """The conversation up to `end`, carrying out one request that began at `clause_start`."""
        return replace(self, entries=self.entries[:end], clause=clause, clause_start=clause_start)

    def before_cart_changes(self) -> Conversation:
        """The conversation before the request changed the cart.

        Its lines as the customer saw them, for pointing at: "the second one" stays the second
        one after a removal, "the M one" stays the M one after the L was added.
        """
        changes = CART_TOOLS - {toolnames.VIEW_CART}
        end = next(
            (
                i
                for i in range(self.clause_start, len(self.entries))
                if any(c.name in changes for c in self.entries[i].calls)
            ),
            len(self.entries),
        )
        return replace(self, entries=self.entries[:end])

    @property
    def turn_start(self) -> int:
        """Where the entries after the customer's last message begin."""
        return self._last_user_index + 1

    @property
    def clause_results(self) -> list[Result]:
        """Results of the request being carried out, in order."""
        return [e.result for e in self.entries[self.clause_start :] if e.result is not None]

    def clause_result(self, call: Call) -> Result | None:
        """The result of this very call, if the request being carried out made it."""
        return next((r for r in self.clause_results if r.call.key == call.key), None)

    def step_end(self, index: int) -> int | None:
        """After the assistant's calls at `index` and their results (None: no calls there)."""
        if index >= len(self.entries) or not self.entries[index].calls:
            return None
        index += 1
        while index < len(self.entries) and self.entries[index].role == "tool":
            index += 1
        return index

    # --- the latest turn ----------------------------------------------------------------------

    @cached_property
    def _last_user_index(self) -> int:
        return max((i for i, e in enumerate(self.entries) if e.role == "user"), default=-1)

    @property
    def user_text(self) -> str:
        """The request being carried out, or the customer's last message ("" before any)."""
        if self.clause is not None:
            return self.clause
        return self.entries[self._last_user_index].text if self._last_user_index >= 0 else ""

    @property
    def message(self) -> str:
        """The customer's whole last message."""
        return self.entries[self._last_user_index].text if self._last_user_index >= 0 else ""

    @property
    def customer_texts(self) -> list[str]:
        """Everything the customer wrote, oldest first."""
        return [e.text for e in self.entries if e.role == "user"]

    @property
    def spoke_this_turn(self) -> bool:
        """Whether the demo already answered the customer's last message in words."""
        return any(e.role == "assistant" and e.text for e in self.entries[self.turn_start :])

    @property
    def last_role(self) -> str:
        """Who spoke last."""
        return self.entries[-1].role

    @cached_property
    def language(self) -> str:
        """Return "zh" when the customer writes Chinese, "en" for English.

        Messages with no words ("42") keep the language of the ones before; before the
        customer writes anything, the profile's language counts.
        """
        for entry in reversed(self.entries):
            if entry.role != "user":
                continue
            if has_cjk(entry.text):
                return "zh"
            if re.search(r"[A-Za-z]{2}", entry.text):
                return "en"
        return "zh" if self._profile.get("language", "").startswith("zh") else "en"

    @property
    def trailing_results(self) -> list[Result]:
        """The tool results at the end of the conversation, which the reply is about."""
        results: list[Result] = []
        for entry in reversed(self.entries):
            if entry.result is None:
                break
            results.insert(0, entry.result)
        return results

    def called_this_turn(self, call: Call) -> bool:
        """Whether the same call (name and arguments) was made since the customer's last message."""
        return any(
            c.key == call.key for e in self.entries[self._last_user_index + 1 :] for c in e.calls
        )

    def looked_up_this_turn(self, name: str) -> bool:
        """Whether a tool ran since the customer's last message."""
        return any(
            e.result and e.result.call.name == name
            for e in self.entries[self._last_user_index + 1 :]
        )

    def previous_turn_results(self) -> list[Result]:
        """Results of the turn before the customer's last message (what the demo replied about)."""
        before = self.entries[: max(self._last_user_index, 0)]
        results: list[Result] = []
        for entry in reversed(before):
            if entry.role == "user":
                break
            if entry.result is not None:
                results.insert(0, entry.result)
        return results

    @cached_property
    def waiting_order(self) -> int | None:
        """The order whose payment card stayed on screen while the customer wrote, if any.

        The app answers that card's pay_order call with the status "awaiting_confirmation".
        """
        for result in reversed(self.previous_turn_results()):
            payment = result.get("payment") if result.call.name == toolnames.PAY else None
            if isinstance(payment, dict):
                waits = payment.get("status") == "awaiting_confirmation"
                return payment.get("order_id") if waits else None
        return None

    def results(self) -> Iterator[Result]:
        """All tool results, newest first."""
        for entry in reversed(self.entries):
            if entry.result is not None:
                yield entry.result

    # --- the system prompt ----------------------------------------------------------------------

    @cached_property
    def _system(self) -> str:
        return "\n".join(e.text for e in self.entries if e.role == "system")

    @cached_property
    def _profile(self) -> dict[str, str]:
        match = re.search(
            r"^Customer: (?P<name>.+?)\. Preferred language: (?P<language>[\w-]+)",
            self._system,
            re.MULTILINE,
        )
        return match.groupdict() if match else {}

    @property
    def customer_name(self) -> str:
        """The customer's name, if the system prompt gives it."""
        return self._profile.get("name", "")

    @cached_property
    def preferences(self) -> dict[str, str]:
        """Remembered preferences from the system prompt's last line (a JSON object)."""
        pattern = rf"^{re.escape(PREFERENCES_LABEL)}: (.*)$"
        lines = re.findall(pattern, self._system, re.MULTILINE)
        try:
            found = json.loads(lines[-1]) if lines else {}
        except json.JSONDecodeError:
            return {}
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    # --- what the tools have shown --------------------------------------------------------------

    def latest(self, *names: str) -> Result | None:
        """The newest successful result of one of these tools."""
        return next(
            (
                r
                for r in self.results()
                if r.call.name in names and not r.error and isinstance(r.data, dict)
            ),
            None,
        )

    @cached_property
    def listed_products(self) -> list[dict[str, Any]]:
        """The products of the last comparison, or the last searches shown together, in order."""
        listed: list[dict[str, Any]] = []
        nearest_shown: list[dict[str, Any]] = []  # with no list before them, they are the list
        turns_back = 0
        for entry in reversed(self.entries):
            if listed and (entry.role == "user" or entry.calls):
                break
            turns_back += entry.role == "user"
            result = entry.result
            products = result.get("catalog_data") if result else None
            if not (isinstance(products, list) and products and result):
                continue
            products = [p for p in products if isinstance(p, dict)]
            # The nearest in price is named, not listed: "the Anta ones" after "nothing cheaper"
            # still points into the list before.
            if result.call.key in self._nearest_lookups:
                if turns_back <= 1:
                    nearest_shown[:0] = products
                continue
            if result.call.name in (toolnames.SEARCH, toolnames.COMPARE):
                listed[:0] = products
                if result.call.name == toolnames.COMPARE:
                    break
        return listed or nearest_shown

    @cached_property
    def _nearest_lookups(self) -> set[str]:
        """The keys of the searches made past a price range that found nothing."""
        return {
            c.key
            for r in self.results()
            if nearest.found_none_in_range(r)
            for c in nearest.neighbour_searches(r.call)
        }

    @cached_property
    def last_search(self) -> dict[str, Any] | None:
        """The arguments of the last search."""
        return next(
            (r.call.arguments for r in self.results() if r.call.name == toolnames.SEARCH), None
        )

    @cached_property
    def focus_product(self) -> int | None:
        """The product the talk is about: last detailed or added, or the only one listed."""
        for result in self.results():
            if result.call.name in (toolnames.DETAILS, toolnames.ADD):
                product_id = result.call.arguments.get("product_id")
                if isinstance(product_id, int):
                    return product_id
            if result.call.name == toolnames.COMPARE and isinstance(result.get("best_rated"), int):
                return int(result.get("best_rated"))
            if result.call.name in (toolnames.SEARCH, toolnames.COMPARE):
                break
        products = self.listed_products
        return products[0].get("id") if len(products) == 1 else None

    @cached_property
    def cart_lines(self) -> list[dict[str, Any]] | None:
        """The cart lines last shown (None if no cart was shown)."""
        result = self.latest(*CART_TOOLS)
        cart = result.get("cart") if result else None
        return list(cart.get("lines") or []) if isinstance(cart, dict) else None

    @cached_property
    def orders(self) -> list[tuple[int, str | None]]:
        """Orders seen, most recently mentioned first, with their latest known status."""
        status: dict[int, str | None] = {}
        for result in self.results():
            for order_id, order_status in _orders_in(result):
                if status.get(order_id) is None:
                    status[order_id] = order_status
        return list(status.items())


# Where results mention orders: field, the field holding the order's status, status if absent.
_ORDER_FIELDS = (
    ("order", "status", None),
    ("payment", "order_status", "awaiting_payment"),
    ("awaiting_confirmation", "status", "awaiting_payment"),
)


def _orders_in(result: Result) -> Iterator[tuple[int, str | None]]:
    """(order id, status) pairs a result mentions, newest first."""
    data = result.data
    if result.error or not isinstance(data, dict):
        return
    mentions = [(data.get(name), key, default) for name, key, default in _ORDER_FIELDS]
    if isinstance(data.get("orders"), list):
        mentions += [(order, "status", None) for order in data["orders"]]
    for item, key, default in mentions:
        if isinstance(item, dict) and isinstance(item.get("order_id"), int):
            yield item["order_id"], item.get(key) or default
