"""Cached GraphQL answers written by the HTTP protocol itself, before any ASGI work.

The response cache (``api/response_cache.py``) decides which answers may be replayed. This
layer remembers the exact response the whole app sent for one exact request (the path, every
request header that could change the answer, and the body bytes) and, when the same request
arrives again on the same graph generation, writes that response straight to the socket: no
task, no middleware, no JSON parsing. It answers only a ``POST /graphql`` whose whole body came
in the same read as its headers, with no request still in flight on the connection; anything
else (a slow or large body, pipelining behind a running request, an upgrade, ``Expect``) takes
uvicorn's normal path unchanged, with every limit and timeout that path applies.

Built on uvicorn's httptools protocol; where httptools is missing the server runs without it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.lru import GenerationLRU

#: set in the scope by the response cache when it kept (or replayed) the answer
KEPT = "lifecycle_kg.response_cached"
#: bodies larger than this are not looked up (GraphQL documents are small)
MAX_REQUEST_BYTES = 16 * 1024
#: request headers that cannot change the answer, left out of the key
_IGNORED = frozenset({b"host", b"user-agent", b"content-length", b"connection", b"keep-alive"})

Entry = tuple[bytes, bytes]  # the response's headers (as written, without uvicorn's) and body


class WireCache(GenerationLRU[bytes, Entry]):
    """Exact request bytes -> exact response bytes, for one graph generation, LRU by size."""

    def __init__(self, generation: Callable[[], int], max_bytes: int) -> None:
        super().__init__(generation, max_bytes, max_bytes // 4,
                         lambda k, e: len(k) + len(e[0]) + len(e[1]))
        self.hits = 0


def request_key(url: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
    parts = [url]
    parts.extend(b"%s:%s" % (n, v) for n, v in sorted(headers) if n not in _IGNORED)
    return b"\n".join(parts) + b"\n\n" + body


def capturing(app: ASGIApp, cache: WireCache, key: bytes) -> ASGIApp:
    """``app``, remembering its answer under ``key`` if the response cache kept it."""
    generation = cache.generation()

    async def run(scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def tap(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and scope.get(KEPT):
                    _remember(cache, key, generation, start, b"".join(chunks))
            await send(message)

        await app(scope, receive, tap)

    return run


def _remember(cache: WireCache, key: bytes, generation: int, start: Message,
              body: bytes) -> None:
    headers = list(start.get("headers", []))
    names = {n.lower() for n, _ in headers}
    if start.get("status") != 200 or b"connection" in names or b"transfer-encoding" in names:
        return
    lengths = [v for n, v in headers if n.lower() == b"content-length"]
    if lengths != [str(len(body)).encode()]:
        return
    block = b"".join(b"%s: %s\r\n" % (n.lower(), b"hit" if n.lower() == b"x-cache" else v)
                     for n, v in headers)
    cache.put(key, (block, body), generation)


def protocol_class(cache: WireCache, access_logger: logging.Logger) -> type[Any] | None:
    """uvicorn's httptools protocol with the cache in front; None without httptools."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return None

    class WireCacheProtocol(HttpToolsProtocol):  # type: ignore[misc]
        _held: bytearray | None = None  # the body of a request held back for a lookup
        _done = False  # the held request's body is complete
        _dh: object = None
        _dh_bytes = b""

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._held, self._done = None, False

        def on_headers_complete(self) -> None:
            if self._may_hold():
                self._held = bytearray()
                return
            super().on_headers_complete()

        def _may_hold(self) -> bool:
            if self.url != b"/graphql" or self.parser.get_method() != b"POST" \
                    or self.parser.should_upgrade() or self.expect_100_continue:
                return False
            if self.cycle is not None and not self.cycle.response_complete:
                return False  # pipelined behind a running request: keep the order uvicorn's
            length = [v for n, v in self.headers if n == b"content-length"]
            return len(length) == 1 and length[0].isdigit() \
                and int(length[0]) <= MAX_REQUEST_BYTES \
                and not any(n == b"transfer-encoding" for n, _ in self.headers)

        def on_body(self, body: bytes) -> None:
            if self._held is not None:
                self._held += body
                return
            super().on_body(body)

        def on_message_complete(self) -> None:
            if self._held is None:
                super().on_message_complete()
                return
            self._done = True
            body = bytes(self._held)
            key = request_key(self.url, self.headers, body)
            got = cache.get(key)
            if got is not None:
                self._held = None
                self._answer(got)
                return
            self._release(capture=key)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._held is not None and not self._done and not self.transport.is_closing():
                self._release(capture=None)  # the body is still coming: uvicorn's path

        def _release(self, capture: bytes | None) -> None:
            """Hand the held request to uvicorn's own path, as if never held."""
            body, done = bytes(self._held or b""), self._done
            self._held = None
            app = self.app
            if capture is not None:
                self.app = capturing(app, cache, capture)
            try:
                super().on_headers_complete()
            finally:
                self.app = app
            if body:
                super().on_body(body)
            if done:
                super().on_message_complete()

        def _answer(self, entry: Entry) -> None:
            started = time.perf_counter()
            defaults = self.server_state.default_headers
            if defaults is not self._dh:
                type(self)._dh = defaults
                type(self)._dh_bytes = b"".join(b"%s: %s\r\n" % (n, v) for n, v in defaults)
            keep = self.parser.should_keep_alive() and self.parser.get_http_version() != "1.0"
            block, body = entry
            self.transport.write(b"".join((b"HTTP/1.1 200 OK\r\n", self._dh_bytes, block,
                                           b"" if keep else b"connection: close\r\n",
                                           b"\r\n", body)))
            cache.hits += 1
            if access_logger.isEnabledFor(logging.INFO):
                access_logger.info(json.dumps({
                    "ts": round(time.time(), 3), "method": "POST", "path": "/graphql",
                    "status": 200, "ms": round((time.perf_counter() - started) * 1000, 2),
                    "bytes": len(body), "client": self.client[0] if self.client else None,
                }, separators=(",", ":")))
            self.server_state.total_requests += 1
            if not keep:
                self.transport.close()
                return
            self._unset_keepalive_if_required()
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler)

        def shutdown(self) -> None:
            if self._held is not None:  # mid-request: finish it on uvicorn's path, then close
                self._release(capture=None)
            super().shutdown()

    return WireCacheProtocol
