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
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.lru import GenerationLRU
from api.request_checks import JSON_BODY
from api.wire_cache import KEPT

#: default byte budget for cached responses
DEFAULT_BYTES = 64 * 1024 * 1024
_SPACE = re.compile(r"\s+")
Cached = tuple[int, list[tuple[bytes, bytes]], bytes]  # status, headers, body


class ResponseCache:
    def __init__(self, app: ASGIApp, generation: Callable[[], int],
                 max_bytes: int = DEFAULT_BYTES, max_entry: int = 4 * 1024 * 1024) -> None:
        self.app = app
        self.generation = generation
        self._store: GenerationLRU[str, Cached] = GenerationLRU(
            generation, max_bytes, max_entry, lambda k, v: len(v[2]))
        self.hits = 0
        self.misses = 0

    def _key(self, scope: Scope, doc: Any, generation: int) -> str | None:
        headers = dict(scope.get("headers", ()))
        if b"application/json" not in headers.get(b"content-type", b"").lower():
            return None  # anything else is for GraphQL's own checks to answer, every time
        if not isinstance(doc, dict) or not isinstance(doc.get("query"), str) \
                or doc.get("extensions"):
            return None
        raw = json.dumps([generation, _SPACE.sub(" ", doc["query"]).strip(),
                          doc.get("variables") or {}, doc.get("operationName"),
                          headers.get(b"accept", b"").decode("latin-1")],
                         sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def _size(self) -> int:
        return self._store.size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" \
                or scope.get("path") != "/graphql":
            await self.app(scope, receive, send)
            return
        # the body limit in front has read, checked and parsed a single JSON request already
        doc = scope.get(JSON_BODY)
        generation = self.generation()
        key = self._key(scope, doc, generation) if doc is not None else None
        cached = self._store.get(key) if key else None

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
                        and self._maybe_keep(key, generation, start, b"".join(chunks)):
                    scope[KEPT] = True  # the protocol may now replay this exact request
            await send(message)

        await self.app(scope, receive, capture)

    def _maybe_keep(self, key: str, generation: int, start: Message, data: bytes) -> bool:
        if start.get("status") != 200:
            return False
        try:
            doc: Any = json.loads(data)
        except ValueError:
            return False
        if not isinstance(doc, dict) or doc.get("errors") or doc.get("data") is None:
            return False
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"x-cache"]
        return self._store.put(key, (200, headers, data), generation)
