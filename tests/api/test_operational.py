"""Operational defaults: body size limit, per-query timeout, JSON access log, CORS, and
production mode (no GraphiQL, no introspection, masked errors)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import create_app
from api.app import MAX_BODY_BYTES
from kg.cli import build_parser
from tests.conftest import curated

DEEP = "{ arguments(first: 100) { nodes { id title dependencies { assumption { id label } } } } }"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(curated()), raise_server_exceptions=False)


def test_body_over_the_limit_is_413_json(client: TestClient) -> None:
    big = json.dumps({"query": "{ stats { triples } }", "variables": {"x": "y" * MAX_BODY_BYTES}})
    r = client.post("/graphql", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    # streamed without a Content-Length, still refused
    small = TestClient(create_app(curated(), max_body_bytes=100), raise_server_exceptions=False)

    def chunks() -> Any:
        for _ in range(10):
            yield b"x" * 50

    r = small.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["errors"]
    # under the limit: served
    r = small.post("/graphql", json={"query": "{ stats { triples } }"})
    assert r.status_code == 200 and r.json()["data"]["stats"]["triples"] > 0


def test_non_object_json_body_is_400(client: TestClient) -> None:
    for body in (b"null", b'"x"', b"1", b"true"):
        r = client.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 400, body
        assert r.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_query_timeout() -> None:
    c = TestClient(create_app(curated(), query_timeout=1e-9), raise_server_exceptions=False)
    r = c.post("/graphql", json={"query": DEEP})
    body = r.json()
    assert r.status_code == 200 and body["data"] is None
    (err,) = body["errors"]
    assert err["extensions"]["code"] == "QUERY_TIMEOUT" and "timed out" in err["message"]
    # the default deadline leaves ordinary queries alone
    c = TestClient(create_app(curated()))
    assert c.post("/graphql", json={"query": DEEP}).json().get("errors") is None


def test_access_log_is_json_lines(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="lifecycle_kg.access"):
        client.post("/graphql", json={"query": "{ stats { triples } }"})
        client.get("/healthz")
        client.get("/nowhere")
    lines = [json.loads(r.getMessage()) for r in caplog.records
             if r.name == "lifecycle_kg.access"]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [
        ("POST", "/graphql", 200), ("GET", "/healthz", 200), ("GET", "/nowhere", 404)]
    for x in lines:
        assert x["ms"] >= 0 and x["bytes"] > 0 and x["ts"] > 0 and "client" in x


def test_cors_off_by_default_and_configurable(client: TestClient) -> None:
    pre = {"origin": "https://example.org", "access-control-request-method": "POST",
           "access-control-request-headers": "content-type"}
    r = client.options("/graphql", headers=pre)
    assert "access-control-allow-origin" not in r.headers
    c = TestClient(create_app(curated(), cors_origins=["https://example.org"]))
    r = c.options("/graphql", headers=pre)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "https://example.org"
    r = c.post("/graphql", json={"query": "{ stats { triples } }"},
               headers={"origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "https://example.org"
    r = c.options("/graphql", headers={**pre, "origin": "https://evil.example"})
    assert r.headers.get("access-control-allow-origin") != "https://evil.example"


def test_serve_flags_parse() -> None:
    args = build_parser().parse_args([
        "serve", "--production", "--cors-origin", "https://a.example", "--cors-origin", "*",
        "--max-body-bytes", "1000", "--query-timeout", "2.5", "--no-access-log", "--watch"])
    assert args.cors_origin == ["https://a.example", "*"]
    assert (args.max_body_bytes, args.query_timeout, args.no_access_log) == (1000, 2.5, True)
    assert args.production and args.watch


class _Exploding:
    """The curated graph, except that ``stats`` fails with an internal detail."""

    def __init__(self) -> None:
        self._g = curated()

    def stats(self) -> dict[str, int]:
        raise RuntimeError("secret: /internal/path/store.db is corrupt")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._g, name)

    def __len__(self) -> int:
        return len(self._g)


def test_production_mode() -> None:
    dev = TestClient(create_app(_Exploding()), raise_server_exceptions=False)  # type: ignore[arg-type]
    prod = TestClient(create_app(_Exploding(), production=True),  # type: ignore[arg-type]
                      raise_server_exceptions=False)
    html = {"accept": "text/html"}
    assert "graphiql" in dev.get("/graphql", headers=html).text.lower()
    r = prod.get("/graphql", headers=html)
    assert "graphiql" not in r.text.lower()
    assert prod.get("/docs").status_code == 404 and prod.get("/openapi.json").status_code == 404
    intro = {"query": "{ __schema { queryType { name } } }"}
    assert dev.post("/graphql", json=intro).json()["data"]["__schema"]
    body = prod.post("/graphql", json=intro).json()
    assert body.get("data") is None and "introspection" in body["errors"][0]["message"].lower()
    # unexpected errors: the detail shows in development, is masked in production
    q = {"query": "{ stats { triples } }"}
    assert "secret" in dev.post("/graphql", json=q).json()["errors"][0]["message"]
    r = prod.post("/graphql", json=q)
    assert r.status_code == 200 and "secret" not in r.text and "Traceback" not in r.text
    # client errors keep their message in production
    body = prod.post("/graphql", json={"query": '{ argument(id: "nope") { id } }'}).json()
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_ID"
