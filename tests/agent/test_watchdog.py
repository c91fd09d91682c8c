"""The watchdog: one thread runs the timers that fall due, never a cancelled one."""

from __future__ import annotations

import threading

from agent.watchdog import Watchdog


def test_due_timers_run_in_deadline_order_and_cancelled_ones_never():
    watchdog = Watchdog("test")
    ran: list[str] = []
    last = threading.Event()
    watchdog.watch(0.2, lambda: (ran.append("late"), last.set()))
    cancelled = watchdog.watch(0.05, lambda: ran.append("cancelled"))
    watchdog.watch(0.1, lambda: ran.append("early"))
    cancelled.cancel()
    assert last.wait(10)
    assert ran == ["early", "late"]


def test_a_failing_timer_does_not_stop_the_next():
    watchdog = Watchdog("test")
    after = threading.Event()

    def fail() -> None:
        raise RuntimeError("boom")

    watchdog.watch(0.0, fail)
    watchdog.watch(0.05, after.set)
    assert after.wait(10)


def test_many_cancelled_timers_are_dropped_and_a_live_one_still_runs():
    watchdog = Watchdog("test")
    for _ in range(200):
        watchdog.watch(60, lambda: None).cancel()
    done = threading.Event()
    watchdog.watch(0.01, done.set)
    assert done.wait(10)
    assert len(watchdog._heap) <= 65
