"""A local HTTP server for feed and page tests: 127.0.0.1 only, every response controllable.

    with LocalServer() as server:
        server.route("/feed.xml", Reply(body=rss, content_type="application/rss+xml", etag='"v1"'))
        url = server.url("/feed.xml")
        ...
        assert server.hits("/feed.xml") == 2

A :class:`Reply` can carry an ETag / Last-Modified (a matching conditional request gets 304), a
delay (for timeouts; cut short when the server stops, so teardown never waits), gzip, chunked
transfer with no Content-Length (for size limits that must stream), a redirect, or ``drip``: the
body one byte at a time, a wait on the server's stop event between bytes (a server that never
quite stops sending; the client's deadline must end it). Routes can be
changed while the server runs; every request is recorded with its headers.

A :class:`Gate` holds requests until the test lets them go, and counts how many it holds at
once, per label and in all: concurrency limits are proven with events, not timed overlaps.

    gate = Gate()
    server.route("/a", gate.reply(Reply(page), "chat 1"))
    ...                              # start the client in another thread
    gate.wait_for(lambda g: g.held == 2)
    gate.release("chat 1")           # one request of chat 1 leaves the gate and is answered
"""

from __future__ import annotations

import gzip as gzipmod
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

__all__ = ["Gate", "LocalServer", "Reply", "Seen"]


@dataclass(slots=True)
class Reply:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    gzip: bool = False
    chunked: bool = False
    redirect: str | None = None  # a Location; status 302 unless status is a 3xx
    drip: float = 0.0  # seconds between body bytes (waited on the stop event, never slept)


@dataclass(slots=True, frozen=True)
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]


class Gate:
    """Requests held in the server until released, counted while held.

    A held request has reached the server and has no answer yet, so its client still holds
    whatever slot it took for it: ``peak`` (and ``peak_of(label)``) is the most requests the
    client had in flight at once. Counting in the gate rather than around the whole handler
    keeps an answered request, whose handler has not yet returned, out of the count.
    """

    def __init__(self, *, timeout: float = 30.0) -> None:
        self._cond = threading.Condition()
        self._timeout = timeout  # a held request gives up after this: a failed test never hangs
        self._held: Counter[str] = Counter()
        self._peaks: Counter[str] = Counter()
        self._permits: Counter[str] = Counter()
        self._open = False
        self.peak = 0
        self.arrived = 0

    def reply(self, reply: Reply, label: str = "") -> Callable[[], Reply]:
        """A route that holds each request, under ``label``, until released, then sends ``reply``."""

        def hold() -> Reply:
            with self._cond:
                self.arrived += 1
                self._held[label] += 1
                self._peaks[label] = max(self._peaks[label], self._held[label])
                self.peak = max(self.peak, self.held)
                self._cond.notify_all()
                self._cond.wait_for(lambda: self._open or self._permits[label] > 0, self._timeout)
                if self._permits[label] > 0:
                    self._permits[label] -= 1
                self._held[label] -= 1
                self._cond.notify_all()
            return reply

        return hold

    @property
    def held(self) -> int:
        return sum(self._held.values())

    def held_of(self, label: str) -> int:
        return self._held[label]

    def peak_of(self, label: str) -> int:
        return self._peaks[label]

    def release(self, label: str = "", timeout: float = 15.0) -> None:
        """Let one request held under ``label`` go, and return once it has left the gate (no
        longer counted as held): the next count the test reads already leaves it out."""
        with self._cond:
            self._permits[label] += 1
            self._cond.notify_all()
            if not self._cond.wait_for(lambda: self._permits[label] == 0, timeout):
                raise AssertionError(f"gate: no request under {label!r} to release")

    def open(self) -> None:
        """Answer every held request and every later one."""
        with self._cond:
            self._open = True
            self._cond.notify_all()

    def wait_for(self, condition: Callable[[Gate], bool], timeout: float = 15.0) -> None:
        """Block until ``condition(gate)`` holds; fail the test if it does not in ``timeout``."""
        with self._cond:
            if not self._cond.wait_for(lambda: condition(self), timeout):
                raise AssertionError(f"gate: condition not reached ({dict(self._held)} held)")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        owner = self.server.owner
        headers = {k.lower(): v for k, v in self.headers.items()}
        owner._record(Seen(self.path, headers))
        with owner._lock:
            owner.in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
        try:
            self._answer(owner, headers)
        finally:
            with owner._lock:
                owner.in_flight -= 1

    def _answer(self, owner: LocalServer, headers: dict[str, str]) -> None:
        reply = owner._reply_for(self.path)
        if reply is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        if reply.delay:
            owner.stopping.wait(reply.delay)
        if reply.redirect is not None:
            status = reply.status if 300 <= reply.status < 400 else 302
            self._send(status, b"", {"Location": reply.redirect})
            return
        extra = dict(reply.headers)
        if reply.etag:
            extra["ETag"] = reply.etag
        if reply.last_modified:
            extra["Last-Modified"] = reply.last_modified
        fresh = (reply.etag and headers.get("if-none-match") == reply.etag) or (
            reply.last_modified and headers.get("if-modified-since") == reply.last_modified
        )
        if fresh:
            self._send(304, b"", extra)
            return
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        extra["Content-Type"] = reply.content_type
        if reply.gzip:
            body = gzipmod.compress(body)
            extra["Content-Encoding"] = "gzip"
        if reply.drip:
            self._drip(reply.status, body, extra, reply.drip, owner)
            return
        self._send(reply.status, body, extra, chunked=reply.chunked)

    def _drip(self, status: int, body: bytes, headers: dict[str, str], every: float, owner: LocalServer) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for index in range(len(body)):
                self.wfile.write(body[index:index + 1])
                self.wfile.flush()
                if owner.stopping.wait(every):
                    return
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: bytes, headers: dict[str, str], *, chunked: bool = False) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(body), 8192):
                    piece = body[start:start + 8192]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size limit): that is what some tests want


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with a free port."""

    def __init__(self) -> None:
        self._routes: dict[str, Reply | Callable[[], Reply]] = {}
        self._lock = threading.Lock()
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0  # most requests answered at once: what the client's limits allowed
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        # A short poll interval makes shutdown() quick (the default waits up to half a second).
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        """``host:port`` as news.netguard's trusted_hosts expects it."""
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Callable[[], Reply]) -> str:
        """Serve ``reply`` at ``path`` (exact path, query included); return the full URL."""
        with self._lock:
            self._routes[path] = reply
        return self.url(path)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for seen in self.requests if seen.path == path)

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def _reply_for(self, path: str) -> Reply | None:
        with self._lock:
            reply = self._routes.get(path)
        return reply() if callable(reply) else reply

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
