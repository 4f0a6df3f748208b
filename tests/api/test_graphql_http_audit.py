"""graphql-http's audit of the GraphQL-over-HTTP spec, run with Node against a live server.

The npm package is installed by `make test` (see the Makefile) into `.venv/npm`; the test skips,
saying why, only where Node or the package cannot be had.
"""

from __future__ import annotations

import json
import subprocess

from api.devserver import running_server
from tests.npm import node_script


def test_graphql_http_audit_has_no_errors() -> None:
    node, script = node_script("graphql_http_audit.mjs", "graphql-http")
    with running_server(["--no-access-log"]) as server:
        out = subprocess.run([node, str(script), f"{server.base}/graphql"], capture_output=True,
                             text=True, timeout=300, check=True)
    results = json.loads(out.stdout)
    assert len(results) > 40
    bad = [r for r in results if r["status"] not in ("ok", "notice")]
    assert not bad, bad
