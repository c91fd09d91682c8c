"""Deadlines without a thread each: one watchdog thread runs whatever falls due.

A model call's overall deadline and a turn lease's renewal are timers that almost never fire
in time (the call or the turn is over first). One thread per kind sleeps until the earliest of
them, instead of a thread started, and stopped again, for each call or turn.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Watch:
    """One deadline; `cancel()` once what it guards is over (its callback then never runs)."""

    __slots__ = ("callback", "cancelled", "when")

    def __init__(self, when: float, callback: Callable[[], None]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        """Never run the callback (it may be running already: it must tolerate that)."""
        self.cancelled = True


class Watchdog:
    """Runs each watch's callback when its deadline passes, from one daemon thread.

    Callbacks run one after another: a slow one delays the next, so each kind of timer has
    its watchdog (the store's renewals never hold up a model call's deadline).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, seconds: float, callback: Callable[[], None]) -> Watch:
        """Call `callback` (from the watchdog's thread) in `seconds` unless cancelled first."""
        entry = Watch(time.monotonic() + seconds, callback)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            earliest = not self._heap or entry.when < self._heap[0][0]
            heapq.heappush(self._heap, (entry.when, next(self._order), entry))
            if len(self._heap) > 64:
                self._heap = [item for item in self._heap if not item[2].cancelled]
                heapq.heapify(self._heap)
            if earliest:
                self._lock.notify()
        return entry

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                entry = heapq.heappop(self._heap)[2]
            try:
                entry.callback()
            except Exception:  # one timer's failure must not stop the others
                log.exception("%s: a timer failed", self.name)

    def _forget_thread(self) -> None:
        """In a forked child: the thread did not come along; the next watch starts one."""
        self._lock = threading.Condition()
        self._heap = []
        self._thread = None

    @classmethod
    def for_process(cls, name: str) -> Watchdog:
        """A watchdog that a forked child gets anew (the parent's thread does not come along)."""
        watchdog = cls(name)
        os.register_at_fork(after_in_child=watchdog._forget_thread)
        return watchdog
