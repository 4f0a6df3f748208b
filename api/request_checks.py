"""Checks on a GraphQL-over-HTTP request body before it reaches strawberry, so every client
mistake gets a GraphQL-shaped error with a code instead of a 500 or a text/plain 400.
"""

from __future__ import annotations

import json
from typing import Any

#: digits allowed in one JSON number (Python refuses past 4300 with a ValueError)
MAX_NUMBER_DIGITS = 100
#: operations one batched request may carry (Apollo's BatchHttpLink sends arrays)
MAX_BATCH = 10


class BadRequest(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise BadRequest(400, f"a number in the request has more than {MAX_NUMBER_DIGITS} "
                         "digits", "BAD_REQUEST")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 20:
        raise BadRequest(400, f"a number in the request has more than {MAX_NUMBER_DIGITS} "
                         "digits", "BAD_REQUEST")
    return float(text)


#: where ``BodyLimit`` leaves a single request's parsed JSON body in the ASGI scope, so the
#: response cache need not parse it again
JSON_BODY = "lifecycle_kg.json_body"


def check_json_body(body: bytes) -> tuple[Any, list[Any] | None]:
    """The parsed body and, for a batch (a JSON array of at most ``MAX_BATCH`` requests), its
    items (else ``None``). Raises :class:`BadRequest` for a body strawberry would answer with
    a 500 or plain text."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequest(400, f"the request body is not UTF-8 (byte {e.start})",
                         "BAD_REQUEST") from None
    try:
        doc: Any = json.loads(text, parse_int=_int, parse_float=_float)
    except BadRequest:
        raise
    except (ValueError, RecursionError) as e:
        raise BadRequest(400, f"the request body is not valid JSON: {e}", "BAD_REQUEST") \
            from None
    if isinstance(doc, list):
        if not doc or len(doc) > MAX_BATCH:
            raise BadRequest(400, f"a batch holds 1 to {MAX_BATCH} operations, not {len(doc)}",
                             "BATCH_TOO_LARGE" if doc else "BAD_REQUEST")
        for item in doc:
            _check_one(item)
        return doc, doc
    _check_one(doc)
    return doc, None


def _check_one(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise BadRequest(400, "the request body must be a JSON object with `query` (and "
                         "optionally `variables`, `operationName`)", "BAD_REQUEST")
    ext = doc.get("extensions")
    if isinstance(ext, dict) and "persistedQuery" in ext and not doc.get("query"):
        # Apollo's persisted-query link falls back to sending the full query on this answer
        raise BadRequest(200, "PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
    query = doc.get("query")
    if not isinstance(query, str) or not query.strip():
        raise BadRequest(400, "the request needs `query`: a non-empty GraphQL document as a "
                         "string", "BAD_REQUEST")
    if doc.get("variables") is not None and not isinstance(doc["variables"], dict):
        raise BadRequest(400, "`variables` must be a JSON object (or null)", "BAD_REQUEST")
    name = doc.get("operationName")
    if name is not None and not isinstance(name, str):
        raise BadRequest(400, "`operationName` must be a string (or null)", "BAD_REQUEST")
    if ext is not None and not isinstance(ext, dict):
        raise BadRequest(400, "`extensions` must be a JSON object (or null)", "BAD_REQUEST")
