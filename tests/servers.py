"""Servers the tests start as real processes: a free loopback port, a wait, and a sure stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a server started in its own session, with everything it started."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def running(
    command: list[str],
    log: Path,
    ready: Callable[[], bool],
    *,
    env: dict[str, str] | None = None,
    start_seconds: float = 180,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` running (logging to `log`) once `ready()` says so; always stopped after."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        server = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + start_seconds
            while not ready():
                if server.poll() is not None:
                    raise RuntimeError(
                        f"{command[0]} exited with {server.returncode}:\n{log.read_text()}"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not ready in {start_seconds}s:\n{log.read_text()}")
                time.sleep(0.3)
            yield server
        finally:
            stop(server)


def listening(port: int) -> Callable[[], bool]:
    """Whether something accepts connections on the loopback `port`."""

    def check() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    return check
