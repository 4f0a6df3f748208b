"""graphql-http's audit of the GraphQL-over-HTTP spec, run with Node against a live server.

The npm package is installed by `make test` (see the Makefile) into `.venv/npm`; the test skips,
saying why, only where Node or the package cannot be had.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from api.devserver import running_server

ROOT = Path(__file__).resolve().parents[2]
NPM = ROOT / ".venv" / "npm"
SCRIPT = Path(__file__).resolve().parent / "js" / "graphql_http_audit.mjs"


def test_graphql_http_audit_has_no_errors(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed on this machine")
    if not (NPM / "node_modules" / "graphql-http").is_dir():
        pytest.skip("graphql-http could not be installed from the npm registry (make npm)")
    script = NPM / SCRIPT.name
    shutil.copy(SCRIPT, script)  # resolve graphql-http from .venv/npm/node_modules
    with running_server(["--no-access-log"]) as server:
        out = subprocess.run([node, str(script), f"{server.base}/graphql"], capture_output=True,
                             text=True, timeout=300, check=True)
    results = json.loads(out.stdout)
    assert len(results) > 40
    bad = [r for r in results if r["status"] not in ("ok", "notice")]
    assert not bad, bad
