"""The explorer and GraphiQL in a real browser: headless Debian Chromium driven by
playwright-core, with every request to anything but the server blocked (no CDN, no internet).

`make test` installs Chromium (Debian package) and playwright-core (npm); the test skips,
saying why, only where one of them cannot be had.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import kg
from api.devserver import running_server
from tests.npm import node_script

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_explorer_and_graphiql_in_chromium(tmp_path: Path, graph: kg.KnowledgeGraph) -> None:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed and could not be (Debian package `chromium`; "
                    "make test installs it with apt-get where it may)")
    node, script = node_script("explorer.mjs", "playwright-core")
    shot = tmp_path / "explorer.png"
    with running_server(["--no-access-log"]) as server:
        out = subprocess.run([node, str(script), server.base, str(shot)], capture_output=True,
                             text=True, timeout=300, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    checks = report["checks"]
    assert report["consoleErrors"] == []
    assert report["blocked"] == [], "the pages asked for something outside the server"
    # one matrix row per argument, and the documented-case overlay drawn
    assert checks["matrixRows"] == checks["arguments"] == len(graph.arguments())
    assert checks["contradictedCells"] > 0
    assert checks["tooltipHasLocator"]
    assert checks["graphNodes"] > 1
    # toggling facts changes the undermined list exactly as evaluateScenario says
    s = checks["scenario"]
    assert s["before"] == 0
    assert s["afterOne"] == s["wantOne"] and s["wantOne"]
    assert s["afterTwo"] == s["wantTwo"] and set(s["wantTwo"]) >= set(s["wantOne"])
    # the shared URL restores the scenario
    assert checks["shared"]["restored"] == checks["shared"]["want"] == s["wantTwo"]
    assert checks["shared"]["checked"]
    assert checks["preset"]["got"] == checks["preset"]["want"] and checks["preset"]["want"]
    assert checks["graphiqlTabs"] == 3  # the README's three example queries
    assert shot.stat().st_size > 10_000
