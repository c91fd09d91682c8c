"""Streamed replies give their HTTP connection back: the next call needs no new handshake."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agent.model import ModelClient, ModelEndpoint
from agent.model.client import DRAINS
from agent.model.sse import DONE, ChunkWriter, sse_event
from agent.providers import GENERIC


class ChunkedServer:
    """Streams one text reply per request, chunked, over keep-alive connections it counts.

    With `hold` set, the body's last chunk waits after `[DONE]` until `release` is set.
    """

    def __init__(self, *, hold: bool = False) -> None:
        self.connections = 0
        self.release = threading.Event()
        self.released_first: list[bool] = []  # per held reply: was the client answered first?
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:
                server.connections += 1
                super().setup()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["content-length"]))
                writer = ChunkWriter(id="r", model="m")
                events = [writer.opening("Hello"), writer.chunk({}, "stop")]
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                for text in [*(sse_event(e) for e in events), DONE]:
                    data = text.encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
                if hold:
                    server.released_first.append(server.release.wait(30))
                self.wfile.write(b"0\r\n\r\n")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @contextmanager
    def running(self) -> Iterator[ChunkedServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.release.set()
            self._server.shutdown()
            self._server.server_close()


def client_for(server: ChunkedServer) -> ModelClient:
    endpoint = ModelEndpoint(
        name="chunked", base_url=server.base_url, model="m", profile=GENERIC, max_retries=0
    )
    return ModelClient(endpoint)


def drained() -> None:
    """Wait until the drain thread has read the ends of the bodies handed to it so far."""
    done = threading.Event()
    DRAINS.watch(0.0, done.set)  # runs after the drains queued before it
    assert done.wait(30)


def test_streamed_calls_share_one_connection():
    with ChunkedServer().running() as server:
        client = client_for(server)
        turns = []
        for _ in range(4):
            turns.append(client.complete([{"role": "user", "content": "hi"}], []))
            drained()
    assert [t.content for t in turns] == ["Hello"] * 4
    # Reused (one per call before); the pool may still drop one left idle past its keep-alive.
    assert server.connections < len(turns)


def test_a_body_held_open_after_done_does_not_hold_up_the_reply():
    with ChunkedServer(hold=True).running() as server:
        client = client_for(server)
        turn = client.complete([{"role": "user", "content": "hi"}], [])
        server.release.set()  # the body ends only now, after the caller has its reply
        assert turn.content == "Hello"
    assert server.released_first == [True]
