"""Node scripts of the suite run against packages `make` installs into `.venv/npm`; a test
skips, saying why, only where Node or the npm package cannot be had."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NPM = ROOT / ".venv" / "npm"
SCRIPTS = ROOT / "tests" / "api" / "js"


def node_script(script: str, package: str) -> tuple[str, Path]:
    """(node executable, script copied beside node_modules) or skip with the reason."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed on this machine")
    if not (NPM / "node_modules" / package).is_dir():
        pytest.skip(f"{package} could not be installed from the npm registry (make npm)")
    target = NPM / script
    shutil.copy(SCRIPTS / script, target)  # resolves packages from .venv/npm/node_modules
    return node, target
