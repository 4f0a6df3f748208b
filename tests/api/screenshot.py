"""Regenerate the explorer screenshot shown in the README (`make screenshot`): the same
browser run as the tests, writing its screenshot where it is asked to."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from api.devserver import running_server
from tests.npm import NPM, SCRIPTS


def main(out: str) -> int:
    node, chromium = shutil.which("node"), shutil.which("chromium")
    if node is None or chromium is None or not (NPM / "node_modules" / "playwright-core").is_dir():
        print("needs node, chromium and playwright-core (make npm chromium)", file=sys.stderr)
        return 1
    script = NPM / "explorer.mjs"
    shutil.copy(SCRIPTS / "explorer.mjs", script)
    target = Path(out).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with running_server(["--no-access-log"]) as server:
        done = subprocess.run([node, str(script), server.base, str(target)], text=True,
                              capture_output=True, timeout=300,
                              env={**os.environ, "CHROMIUM": chromium})
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return 1
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"wrote {target} ({report['checks']['matrixRows']} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/explorer.png"))
