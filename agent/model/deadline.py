"""Overall deadlines of model calls: one watchdog thread for the whole process.

A streamed reply can be kept open forever by keep-alive comments, which httpx's timeouts (per
read) never see; the call's deadline closes it. One thread sleeps until the earliest deadline
of all calls in flight, instead of a timer thread started (and cancelled) for every call.
"""

from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable


class Watch:
    """One deadline; `cancel()` once the call is over (its callback then never runs)."""

    __slots__ = ("callback", "cancelled", "when")

    def __init__(self, when: float, callback: Callable[[], None]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        """The call finished in time: never run the callback."""
        self.cancelled = True


class Watchdog:
    """Runs each watch's callback when its deadline passes, from one daemon thread."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, seconds: float, callback: Callable[[], None]) -> Watch:
        """Call `callback` (from the watchdog's thread) in `seconds` unless cancelled first."""
        entry = Watch(time.monotonic() + seconds, callback)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)
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
            except Exception:  # one call's cleanup must not stop the others'
                pass

    def _forget_thread(self) -> None:
        """In a forked child: the thread did not come along; the next watch starts one."""
        self._lock = threading.Condition()
        self._heap = []
        self._thread = None


WATCHDOG = Watchdog()
os.register_at_fork(after_in_child=WATCHDOG._forget_thread)
