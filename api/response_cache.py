"""A response cache for GraphQL POSTs: the same operation on the same graph gets the same
bytes back without running again.

The key is the graph's generation (so a reload drops every entry), the normalised document,
the variables, the operation name and the ``Accept`` header. Only complete answers are kept
(status 200, ``data`` present, no ``errors``): a timeout, a cost refusal or a bad id is never
replayed. Entries are evicted least-recently-used past a byte budget. Sits inside the body
limit, which has read, bounded and parsed the body (and leaves the parsed JSON in the scope),
and outside GraphQL execution.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.request_checks import JSON_BODY
from api.wire_cache import KEPT

#: default byte budget for cached responses
DEFAULT_BYTES = 64 * 1024 * 1024
_SPACE = re.compile(r"\s+")


class ResponseCache:
    def __init__(self, app: ASGIApp, generation: Callable[[], int],
                 max_bytes: int = DEFAULT_BYTES, max_entry: int = 4 * 1024 * 1024) -> None:
        self.app = app
        self.generation = generation
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = \
            OrderedDict()
        self._size = 0
        self._gen = -1
        self.hits = 0
        self.misses = 0

    def _key(self, scope: Scope, doc: Any) -> str | None:
        headers = dict(scope.get("headers", ()))
        if b"application/json" not in headers.get(b"content-type", b"").lower():
            return None  # anything else is for GraphQL's own checks to answer, every time
        if not isinstance(doc, dict) or not isinstance(doc.get("query"), str) \
                or doc.get("extensions"):
            return None
        raw = json.dumps([self.generation(), _SPACE.sub(" ", doc["query"]).strip(),
                          doc.get("variables") or {}, doc.get("operationName"),
                          headers.get(b"accept", b"").decode("latin-1")],
                         sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()

    def _get(self, key: str) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            gen = self.generation()
            if gen != self._gen:  # a reload: nothing cached belongs to the new graph
                self._entries.clear()
                self._size, self._gen = 0, gen
            got = self._entries.get(key)
            if got is not None:
                self._entries.move_to_end(key)
            return got

    def _put(self, key: str, value: tuple[int, list[tuple[bytes, bytes]], bytes]) -> bool:
        size = len(value[2])
        if size > self.max_entry:
            return False
        with self._lock:
            if key in self._entries:
                return True
            self._entries[key] = value
            self._size += size
            while self._size > self.max_bytes and self._entries:
                _, old = self._entries.popitem(last=False)
                self._size -= len(old[2])
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" \
                or scope.get("path") != "/graphql":
            await self.app(scope, receive, send)
            return
        # the body limit in front has read, checked and parsed a single JSON request already
        doc = scope.get(JSON_BODY)
        key = self._key(scope, doc) if doc is not None else None
        cached = self._get(key) if key else None

        if cached is not None:
            self.hits += 1
            scope[KEPT] = True
            status, headers, data = cached
            await send({"type": "http.response.start", "status": status,
                        "headers": [*headers, (b"x-cache", b"hit")]})
            await send({"type": "http.response.body", "body": data})
            return
        if key is None:
            await self.app(scope, receive, send)
            return
        self.misses += 1
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and start is not None \
                        and self._maybe_keep(key, start, b"".join(chunks)):
                    scope[KEPT] = True  # the protocol may now replay this exact request
            await send(message)

        await self.app(scope, receive, capture)

    def _maybe_keep(self, key: str, start: Message, data: bytes) -> bool:
        if start.get("status") != 200:
            return False
        try:
            doc: Any = json.loads(data)
        except ValueError:
            return False
        if not isinstance(doc, dict) or doc.get("errors") or doc.get("data") is None:
            return False
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"x-cache"]
        return self._put(key, (200, headers, data))
