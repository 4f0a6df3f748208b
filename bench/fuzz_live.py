"""Schemathesis against a live ``lifecycle-kg serve`` (its GraphQL support, on /graphql).

Starts the server on a free loopback port, runs ``schemathesis run`` bounded in examples and
time, stops the server, and exits non-zero if schemathesis found a failure (a 5xx, a response
that is not GraphQL, ...) or the server did not start.

    python bench/fuzz_live.py [--max-examples 100] [--max-time 120] [--production]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from api.devserver import running_server

ROOT = Path(__file__).resolve().parent.parent


#: GraphQL error codes meaning "the client asked for something wrong": expected under fuzzing.
CLIENT_CODES = {"UNKNOWN_ID", "BAD_USER_INPUT", "BAD_CURSOR", "BAD_PAGE_SIZE", "UNKNOWN_KIND",
                "CONTRADICTORY_FACTS", "QUERY_TIMEOUT", "QUERY_TOO_COMPLEX"}


def register_check() -> None:
    """Schemathesis' GraphQL check fails on any ``errors``; an unknown id is a client error here.

    This check fails on a 5xx, a body that is not a GraphQL response, a resolver error that is
    not a known client error, or a stack trace in the body.
    """
    import schemathesis

    @schemathesis.check
    def graphql_client_errors_only(ctx, response, case):  # type: ignore[no-untyped-def]
        status = response.status_code
        if status >= 500:
            raise AssertionError(f"server error {status}: {response.text[:300]}")
        if "Traceback" in response.text:
            raise AssertionError("stack trace in the response")
        body = response.json()
        if not isinstance(body, dict) or not ({"data", "errors"} & set(body)):
            raise AssertionError(f"not a GraphQL response: {response.text[:300]}")
        for e in body.get("errors") or ():
            code = (e.get("extensions") or {}).get("code")
            if e.get("path") and code not in CLIENT_CODES:
                raise AssertionError(f"unexpected resolver error ({code}): {e.get('message')}")
        return None


if __name__ != "__main__" and os.environ.get("SCHEMATHESIS_HOOKS") == "fuzz_live":
    register_check()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--max-examples", type=int, default=100, help="per operation (field)")
    p.add_argument("--max-time", type=int, default=180, help="seconds for the whole run")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    st = Path(sys.executable).parent / "schemathesis"
    cmd = [str(st) if st.exists() else "schemathesis"]
    with running_server() as server:
        base = server.base
        cmd += ["run", f"{base}/graphql", "--max-examples", str(args.max_examples),
                "--max-time", str(args.max_time), "--seed", str(args.seed),
                "--request-timeout", "10", "--checks", "graphql_client_errors_only",
                "--warnings", "off"]
        print("$", " ".join(cmd[1:]), flush=True)
        env = {**os.environ, "SCHEMATHESIS_HOOKS": "fuzz_live",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "bench"),
                                                           os.environ.get("PYTHONPATH")]))}
        rc = subprocess.call(cmd, cwd=ROOT, env=env)
    print(f"schemathesis exited with {rc}", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
