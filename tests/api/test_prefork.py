"""`serve --workers N`: forked workers share one socket and the graph built once; a reload
replaces them all with workers on the new graph; a dead worker is replaced; stopping the
master stops every worker."""

from __future__ import annotations

import os
import signal
import time

import httpx
import pytest

from api.devserver import running_server

pytestmark = pytest.mark.slow


def _healths(base: str, n: int = 40) -> list[dict]:
    # a new connection each time, so the kernel can hand it to either worker
    return [httpx.get(f"{base}/healthz", timeout=10).json() for _ in range(n)]


def _wait(cond, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.2)
    return False


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(") ", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


def test_workers_serve_reload_respawn_and_stop() -> None:
    with running_server(["--no-access-log", "--workers", "2"]) as server:
        master = server.pid
        assert _wait(lambda: len({h["pid"] for h in _healths(server.base)}) == 2)
        first = _children(master)
        assert len(first) == 2 and master not in {h["pid"] for h in _healths(server.base)}
        q = {"query": "{ stats { arguments } }"}
        assert httpx.post(f"{server.base}/graphql", json=q).json()["data"]["stats"]["arguments"]
        # a reload: new workers on the new graph, the old ones gone
        os.kill(master, signal.SIGHUP)
        assert _wait(lambda: all(h["generation"] == 2 for h in _healths(server.base, 10)))
        assert _wait(lambda: len(_children(master)) == 2 and not _children(master) & first)
        # a worker that dies is replaced
        victim = next(iter(_children(master)))
        os.kill(victim, signal.SIGKILL)
        assert _wait(lambda: len(_children(master)) == 2 and victim not in _children(master))
        assert httpx.get(f"{server.base}/healthz").status_code == 200
        workers = _children(master)
    # the context manager stopped the master: its workers stop with it
    assert _wait(lambda: not any(os.path.exists(f"/proc/{p}") and _alive(p) for p in workers),
                 30)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False
