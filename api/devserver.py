"""Start ``lifecycle-kg serve`` as a separate process on a free loopback port.

One place for what the end-to-end tests, the schemathesis run and the load test all need: a
real server, waited for until ``/healthz`` answers, and always stopped afterwards.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_command() -> list[str]:
    """The ``lifecycle-kg`` script beside this interpreter, else on PATH, else ``-m kg.cli``."""
    script = Path(sys.executable).parent / "lifecycle-kg"
    if script.exists():
        return [str(script)]
    found = shutil.which("lifecycle-kg")
    return [found] if found else [sys.executable, "-m", "kg.cli"]


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen[bytes], seconds: float,
               what: str, detail: Callable[[], str] = lambda: "") -> None:
    """Poll ``ready`` (an HTTP check: its connection errors count as not yet) until it is
    true; fail at once if ``proc`` exits, and after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}: {detail()}")
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer in {seconds:g} s")
        time.sleep(0.1)


@dataclass(frozen=True)
class Server:
    base: str
    proc: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.proc.pid


@contextlib.contextmanager
def running_server(
    extra: Sequence[str] = (), log: Path | None = None, startup_seconds: float = 60
) -> Iterator[Server]:
    """Serve on 127.0.0.1 with ``extra`` serve options; output goes to ``log`` if given."""
    port = free_port()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(log, "wb")) if log else subprocess.DEVNULL
        proc = subprocess.Popen(
            [*serve_command(), "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
            stdout=out, stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", proc)
        try:
            wait_until(lambda: httpx.get(f"{server.base}/healthz", timeout=1).status_code == 200,
                       proc, startup_seconds, "server",
                       lambda: log.read_text(errors="replace")[-2000:] if log else "")
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
