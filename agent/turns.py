"""One turn at a time per thread, across processes: a lease row in the store.

A second message for a thread that is still being answered waits for the first to finish (up
to `wait_seconds`), then is refused with `ConversationBusy`; nothing of it was written, so
nothing is lost. The lease is renewed while the turn runs (one thread renews every turn of the
process) and freed when it ends; a holder that died frees it when its lease runs out (at once,
for a process of this host).
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from sqlalchemy import Engine

import store
from agent.watchdog import Watch, Watchdog

LEASE_SECONDS = 30.0
POLL_SECONDS = 0.05
RENEWALS = Watchdog.for_process("turn-leases")
"""Renews the leases of every turn this process runs, from one thread."""


class TurnLease:
    """`with TurnLease(engine, thread_id):` holds the thread's turn for the block."""

    def __init__(self, engine: Engine, thread_id: str, *, wait_seconds: float = 30.0) -> None:
        self.engine = engine
        self.thread_id = thread_id
        self.wait_seconds = wait_seconds
        self.holder = store.new_turn_holder()
        self._lock = threading.Lock()
        self._done = False
        self._renewal: Watch | None = None

    def __enter__(self) -> TurnLease:
        deadline = time.monotonic() + self.wait_seconds
        delay = POLL_SECONDS
        while not self._take():
            if time.monotonic() >= deadline:
                raise store.busy_error()
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        self._renewal = RENEWALS.watch(LEASE_SECONDS / 3, self._renew)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:  # waits for a renewal under way: none comes after the turn ends
            self._done = True
            if self._renewal is not None:
                self._renewal.cancel()
        with store.session_scope(self.engine) as session:
            store.end_turn(session, thread_id=self.thread_id, holder=self.holder)

    def _take(self) -> bool:
        with store.session_scope(self.engine) as session:
            return store.begin_turn(
                session, thread_id=self.thread_id, holder=self.holder, lease_seconds=LEASE_SECONDS
            )

    def _renew(self) -> None:
        """Extend the lease, then come back in a third of it, until the turn is over."""
        with self._lock:
            if self._done:
                return
            with store.session_scope(self.engine) as session:
                store.renew_turn(
                    session,
                    thread_id=self.thread_id,
                    holder=self.holder,
                    lease_seconds=LEASE_SECONDS,
                )
            self._renewal = RENEWALS.watch(LEASE_SECONDS / 3, self._renew)
