"""The HTTP protocol's replay of cached answers: byte-for-byte what the app sent, only for the
exact same request on the same graph, in order on a pipelined connection, never for an error,
and handing anything unusual (a body still arriving, ``Connection: close``, HTTP/1.0) back to
uvicorn's own path."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import kg

pytest.importorskip("httptools", reason="the wire cache is built on uvicorn's httptools protocol")

import uvicorn  # noqa: E402

from api.app import access_logger, create_app  # noqa: E402
from api.devserver import free_port  # noqa: E402
from api.wire_cache import protocol_class  # noqa: E402

Q = {"query": "query($id: ID!) { arguments(where: {assumes: $id}) { totalCount } }",
     "variables": {"id": "pre-deployment-gate"}}
OTHER = {**Q, "variables": {"id": "sandboxed-in-training"}}


@contextlib.contextmanager
def serving(graph: kg.KnowledgeGraph) -> Iterator[tuple[int, Any]]:
    app = create_app(graph)
    cls = protocol_class(app.state.wire_cache, access_logger)
    assert cls is not None
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, http=cls,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    try:
        yield port, app
    finally:
        server.should_exit = True
        thread.join(10)


def request(doc: dict[str, Any], *, headers: str = "", version: str = "1.1") -> bytes:
    body = json.dumps(doc).encode()
    return (f"POST /graphql HTTP/{version}\r\nHost: t\r\nContent-Type: application/json\r\n"
            f"{headers}Content-Length: {len(body)}\r\n\r\n").encode() + body


def read_response(f: Any) -> tuple[int, dict[str, str], bytes]:
    status = int(f.readline().split()[1])
    headers: dict[str, str] = {}
    while (line := f.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, f.read(int(headers["content-length"]))


def exchange(port: int, *raw: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Send ``raw`` in one write (pipelined), read one response per request."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"".join(raw))
        f = s.makefile("rb")
        return [read_response(f) for _ in raw]


def test_a_repeat_is_replayed_with_the_same_bytes(graph: kg.KnowledgeGraph) -> None:
    with serving(graph) as (port, app):
        wire = app.state.wire_cache
        [(s1, h1, first)] = exchange(port, request(Q))
        [(s2, h2, again)] = exchange(port, request(Q))
        assert s1 == s2 == 200 and h1["x-cache"] == "miss" and h2["x-cache"] == "hit"
        assert again == first and json.loads(again)["data"]["arguments"]["totalCount"] > 0
        assert wire.hits == 1  # answered by the protocol, not by the app's cache
        for name in ("content-type", "date", "server", "content-length"):
            assert h2[name] and (name == "date" or h2[name] == h1[name])
        # another variable, another Accept: different requests, never this entry
        [(_, h3, other)] = exchange(port, request(OTHER))
        [(_, h4, typed)] = exchange(port, request(
            Q, headers="Accept: application/graphql-response+json\r\n"))
        assert h3["x-cache"] == "miss" and other != first
        assert h4["content-type"].startswith("application/graphql-response+json")
        assert wire.hits == 1


def test_pipelined_requests_are_answered_in_order(graph: kg.KnowledgeGraph) -> None:
    with serving(graph) as (port, app):
        [(_, _, a)] = exchange(port, request(Q))
        [(_, _, b)] = exchange(port, request(OTHER))
        got = exchange(port, request(Q), request(OTHER), request(Q), request(
            {"query": "{ assumptions { id } }"}), request(Q))
        assert [body for _, _, body in got][:3] == [a, b, a] and got[4][2] == a
        assert "assumptions" in json.loads(got[3][2])["data"]
        assert app.state.wire_cache.hits >= 3


def test_errors_are_never_replayed(graph: kg.KnowledgeGraph) -> None:
    bad = {"query": '{ argument(id: "no-such-argument") { id } }'}
    with serving(graph) as (port, app):
        for _ in range(3):
            [(status, headers, body)] = exchange(port, request(bad))
            assert json.loads(body)["errors"] and headers["x-cache"] == "miss"
        assert app.state.wire_cache.hits == 0


def test_a_reload_drops_every_entry(graph: kg.KnowledgeGraph) -> None:
    with serving(graph) as (port, app):
        exchange(port, request(Q))
        assert exchange(port, request(Q))[0][1]["x-cache"] == "hit"
        app.state.holder.swap(graph)  # a new generation, even of the same graph
        assert exchange(port, request(Q))[0][1]["x-cache"] == "miss"
        assert app.state.wire_cache.hits == 1


def test_a_body_still_arriving_takes_uvicorns_path(graph: kg.KnowledgeGraph) -> None:
    with serving(graph) as (port, app):
        exchange(port, request(Q))
        raw = request(Q)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(raw[:-10])
            time.sleep(0.3)
            s.sendall(raw[-10:])
            status, headers, body = read_response(s.makefile("rb"))
        assert status == 200 and headers["x-cache"] == "hit"  # the app's cache, not the wire's
        assert app.state.wire_cache.hits == 0


@pytest.mark.parametrize("how", ["close", "http/1.0"])
def test_a_closing_request_is_answered_then_closed(graph: kg.KnowledgeGraph, how: str) -> None:
    with serving(graph) as (port, app):
        exchange(port, request(Q))
        raw = request(Q, headers="Connection: close\r\n") if how == "close" \
            else request(Q, version="1.0")
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(raw)
            f = s.makefile("rb")
            status, headers, body = read_response(f)
            assert status == 200 and headers.get("connection") == "close"
            assert f.read() == b""  # the server closed the connection
        assert app.state.wire_cache.hits == 1


def test_a_replayed_answer_is_logged(graph: kg.KnowledgeGraph) -> None:
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler, level = Keep(), access_logger.level
    access_logger.addHandler(handler)
    access_logger.setLevel(logging.INFO)
    try:
        with serving(graph) as (port, app):
            exchange(port, request(Q))
            exchange(port, request(Q))
            assert app.state.wire_cache.hits == 1
    finally:
        access_logger.removeHandler(handler)
        access_logger.setLevel(level)
    logged = [json.loads(x) for x in lines]
    assert len(logged) == 2 and all(x["status"] == 200 and x["path"] == "/graphql"
                                    for x in logged)
    assert logged[0]["bytes"] == logged[1]["bytes"] > 0
