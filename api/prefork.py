"""``serve --workers N``: the graph is loaded, validated and indexed once, then N worker
processes are forked to serve it, sharing its memory pages (copy-on-write) and one listening
socket.

A reload (SIGHUP, or ``--watch``) builds the new graph in the master, forks a fresh set of
workers on it and only then asks the old ones to finish their requests and stop, so the
socket is never unserved and no worker mixes two graphs. A worker that dies is replaced.
The master runs no threads while it forks; it never serves requests itself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import LoadError

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


#: a retiring worker stops accepting, then waits this long before closing idle connections,
#: so a request on a connection it accepted just before has time to arrive and be answered
DRAIN_SECONDS = 0.5


def graceful_server(config: Any) -> Any:
    """A uvicorn server whose shutdown stops accepting first and lets connections accepted a
    moment earlier deliver their request, instead of closing them as idle (the socket is
    shared, so until it stops accepting a retiring worker still takes new connections)."""
    import asyncio

    import uvicorn

    class Graceful(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            for server in self.servers:
                server.close()
            await asyncio.sleep(DRAIN_SECONDS)
            await super().shutdown(sockets)

    return Graceful(config)


def _opened(open_graph: Callable[[], KnowledgeGraph], prefix: str,
            outcome: str) -> KnowledgeGraph | None:
    """The graph, or ``None`` after logging why it could not be had (file and line for
    each data problem)."""
    try:
        return open_graph()
    except LoadError as e:
        for p in e.problems:
            _log(f"{prefix}error: {p}")
        _log(f"{prefix or 'invalid: '}{len(e.problems)} problem(s); {outcome}")
    except (OSError, RuntimeError) as e:  # RemoteError is a RuntimeError
        _log(f"{prefix or 'error: '}cannot read data: {e}; {outcome}")
    return None


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on sockets that say they are TCP (with
    # proto 0 every answer waited out a delayed ACK, 40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _worker(sock: socket.socket, graph: KnowledgeGraph, generation: int,
            make_server: Callable[[KnowledgeGraph, int], Any]) -> None:
    """In the child: serve until told to stop, then leave without running the master's
    exit handlers."""
    code = 0
    try:
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)
        make_server(graph, generation).run(sockets=[sock])
    except BaseException as e:  # noqa: BLE001 - reported, then the child exits
        _log(f"worker {os.getpid()}: {e!r}")
        code = 1
    finally:
        os._exit(code)


def serve_workers(n: int, sock: socket.socket, open_graph: Callable[[], KnowledgeGraph],
                  make_server: Callable[[KnowledgeGraph, int], Any], banner: str,
                  watch_signature: Callable[[], Any] | None = None,
                  poll: float = 1.0) -> int:
    """Load once, fork ``n`` workers, supervise them. Returns the exit status."""
    stop = False
    reload_asked = False

    def on_stop(signum: int, frame: Any) -> None:
        nonlocal stop
        stop = True

    def on_hup(signum: int, frame: Any) -> None:
        nonlocal reload_asked
        reload_asked = True

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    signal.signal(signal.SIGHUP, on_hup)
    first = _opened(open_graph, "", "nothing was loaded; stopping")
    if first is None:
        return 1
    graph = first
    generation = 1
    workers: dict[int, int] = {}  # pid -> generation

    def spawn(g: KnowledgeGraph, gen: int) -> None:
        gc.collect()
        gc.freeze()  # keep the graph's objects out of the collector's writes after fork
        pid = os.fork()
        if pid == 0:
            _worker(sock, g, gen, make_server)
        workers[pid] = gen

    for _ in range(n):
        spawn(graph, generation)
    _log(f"{banner} ({n} workers: {', '.join(str(p) for p in workers)})")
    seen = watch_signature() if watch_signature else None
    while not stop:
        time.sleep(poll)
        # replace workers that died (not the ones being retired)
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            gen = workers.pop(pid, None)
            if gen == generation and not stop:
                _log(f"worker {pid} exited ({status}); starting another")
                spawn(graph, generation)
        if watch_signature is not None and not reload_asked:
            try:
                now = watch_signature()
            except OSError:
                now = seen
            if now != seen:
                time.sleep(poll)  # let a save in several steps finish
                if watch_signature() == now:
                    seen, reload_asked = now, True
        if not reload_asked:
            continue
        reload_asked = False
        new = _opened(open_graph, "reload: ", "kept the graph already served")
        if new is None:
            continue
        old = [pid for pid, gen in workers.items() if gen == generation]
        graph, generation = new, generation + 1
        for _ in range(n):
            spawn(graph, generation)
        for pid in old:  # they finish what they are answering, then stop
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        _log(f"reload: now serving {len(graph)} triples (generation {generation})")
    for pid in list(workers):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while workers and time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            workers.pop(pid, None)
        else:
            time.sleep(0.1)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return 0


def signature_of(data: Sequence[Path] | None) -> Callable[[], Any]:
    from api.server import _signature

    return lambda: _signature(data, hashes=True)
