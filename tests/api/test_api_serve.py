"""`lifecycle-kg serve` in a subprocess, queried with a real GraphQL client (gql)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

import kg

STARTUP_SECONDS = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command() -> list[str]:
    script = Path(sys.executable).parent / "lifecycle-kg"
    if script.exists():
        return [str(script)]
    found = shutil.which("lifecycle-kg")
    return [found] if found else [sys.executable, "-m", "kg.cli"]


@pytest.mark.slow
def test_serve_and_query_with_gql(graph: kg.KnowledgeGraph) -> None:
    # `graph` loads first, so the SHACL cache is warm and the server starts fast
    port = free_port()
    proc = subprocess.Popen([*command(), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server did not start in time"
            time.sleep(0.1)
        transport = HTTPXTransport(url=f"{base}/graphql", timeout=10)
        with Client(transport=transport, fetch_schema_from_transport=True) as session:
            got = session.execute(
                gql("query($w: ArgumentWhere) { arguments(where: $w, first: 100) "
                    "{ totalCount nodes { id } } }"),
                variable_values={"w": {"assumes": "sandboxed-in-training"}})
            want = [a.id for a in graph.arguments_assuming("sandboxed-in-training", "holds")]
            assert [n["id"] for n in got["arguments"]["nodes"]] == want
            with pytest.raises(TransportQueryError) as e:
                session.execute(gql('{ argument(id: "hubinger-sleeper-agent") { id } }'))
            assert "hubinger-sleeper-agents" in str(e.value)
        assert httpx.get(f"{base}/schema.graphql").text.startswith('"""')
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
