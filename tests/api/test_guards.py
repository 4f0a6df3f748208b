"""No query stalls the server: an operation estimated too costly is refused before it runs,
and an expensive one that is allowed runs off the event loop while /healthz keeps answering."""

from __future__ import annotations

import threading

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from api.devserver import running_server
from tests.conftest import curated

NESTED = ("{ phases { assumptions { arguments { dependencies { assumption { arguments { "
          "dependencies { assumption { arguments { id } } } } } } } } } }")


def test_costly_query_is_refused_with_cost_and_limit() -> None:
    c = TestClient(create_app(curated()))
    r = c.post("/graphql", json={"query": NESTED})
    err = r.json()["errors"][0]
    assert r.json()["data"] is None and err["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert err["extensions"]["cost"] > err["extensions"]["limit"] == 50_000
    # thirty aliases of it are refused just the same, before any of them runs
    many = "{ " + " ".join(f"a{i}: " + NESTED[2:-2] for i in range(30)) + " }"
    assert c.post("/graphql", json={"query": many}).json()["errors"][0]["extensions"][
        "code"] in ("QUERY_TOO_COSTLY", "QUERY_TOO_COMPLEX")


def test_ordinary_queries_are_within_budget() -> None:
    c = TestClient(create_app(curated()))
    q = ("{ arguments(first: 100) { nodes { id dependencies { assumption { id } review "
         "{ reviewer } } underminedBy { exception { id } } } } }")
    assert "errors" not in c.post("/graphql", json={"query": q}).json()


def test_healthz_answers_while_an_expensive_query_runs() -> None:
    # raise the budget so the expensive query is allowed, then watch /healthz during it
    with running_server(["--no-access-log", "--query-cost-limit", "1000000000",
                         "--query-timeout", "20"]) as server:
        done = threading.Event()

        def expensive() -> None:
            try:
                httpx.post(f"{server.base}/graphql", json={"query": NESTED}, timeout=60)
            finally:
                done.set()

        t = threading.Thread(target=expensive)
        t.start()
        done.wait(1.0)  # let the expensive query get going (it runs for seconds)
        answered_during = 0
        while not done.is_set():
            r = httpx.get(f"{server.base}/healthz", timeout=60)
            if r.status_code == 200 and not done.is_set():
                answered_during += 1
        t.join()
        assert answered_during >= 3, "healthz was starved while the query ran"


def test_half_sent_body_times_out() -> None:
    import socket

    with running_server(["--no-access-log", "--body-timeout", "1"]) as server:
        host, port = server.base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                      b"content-length: 100\r\n\r\n{\"query\": ")
            s.settimeout(60)
            reply = s.recv(4096)
        assert reply.startswith(b"HTTP/1.1 408"), reply[:100]
