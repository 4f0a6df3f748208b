"""SPARQL answered in child processes, so a runaway query can be stopped at its deadline.

Oxigraph evaluates a query in Rust without returning to Python until it has an answer, so a
thread cannot be interrupted: an ``ORDER BY`` over a cross product would hold a core for as
long as it takes. Each worker here is a child process holding its own copy of the graph
(loaded from an N-Quads dump, so named graphs survive); a query that overruns is answered
with an error and its worker is killed and replaced. The price is memory: each live worker
holds the graph again.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.sparql import Answer, SparqlError

#: default seconds a SPARQL query may run before it is stopped
DEFAULT_TIMEOUT = 30.0


def _serve(conn: Connection) -> None:
    """Child process: load the dump it is sent, then answer queries until the pipe closes."""
    import pyoxigraph as ox

    from kg.sparql import SparqlError, run

    store = ox.Store()
    store.bulk_load(conn.recv_bytes(), ox.RdfFormat.N_QUADS)
    conn.send(("ready",))
    while True:
        try:
            query, accept, max_bytes = conn.recv()
        except (EOFError, OSError):
            return
        try:
            got = run(store, query, accept, max_bytes)
            conn.send(("ok", got.body, got.media_type))
        except SparqlError as e:
            conn.send(("err", str(e), e.status))
        except Exception as e:  # noqa: BLE001 - reported to the parent, which decides
            conn.send(("err", f"the query failed: {e}", 500))


class _Worker:
    """One child interpreter (``python -m kg.sparql_pool FD``) on a socket pair.

    A plain subprocess rather than :mod:`multiprocessing`, whose spawn start re-runs the
    caller's main module (breaking scripts without a ``__main__`` guard) and whose fork start
    is unsafe in a threaded server.
    """

    def __init__(self, dump: bytes, ready_timeout: float) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.sparql_pool",
                                      str(theirs.fileno())], pass_fds=[theirs.fileno()],
                                     stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        self.conn = Connection(ours.detach())
        try:
            self.conn.send_bytes(dump)
            ready = self.conn.poll(ready_timeout)
        except OSError:
            ready = False
        if not ready:
            self.kill()
            raise SparqlError("the SPARQL worker could not load the graph", 503)
        self.conn.recv()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)
        self.conn.close()


class SparqlPool:
    """Up to ``size`` worker processes answering SPARQL with a per-query deadline.

    Workers start on first use (the dump is taken then) and are reused; a query waiting for a
    free worker spends its own deadline waiting. :meth:`close` stops them all.
    """

    def __init__(self, dump: Callable[[], bytes], size: int = 2,
                 timeout: float = DEFAULT_TIMEOUT, ready_timeout: float = 300.0) -> None:
        if size < 1:
            raise ValueError("a SPARQL pool needs at least one worker")
        self._dump_fn = dump
        self._dump: bytes | None = None
        self.size = size
        self.timeout = timeout
        self.ready_timeout = ready_timeout
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._closed = False
        self.stopped = 0  # queries stopped at their deadline (for /healthz and tests)
        # a pool dropped without close() (a graph garbage-collected) still stops its workers
        weakref.finalize(self, _kill_idle, self._idle)

    def ask(self, query: str, accept: str | None, max_bytes: int,
            timeout: float | None = None) -> Answer:
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        if not self._slots.acquire(timeout=limit):
            raise SparqlError(f"every SPARQL worker stayed busy for {limit:g} s; try again",
                              503)
        worker: _Worker | None = None
        try:
            worker = self._take()
            worker.conn.send((query, accept, max_bytes))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker.kill()
                worker = None
                self.stopped += 1
                raise SparqlError(f"the query ran longer than {limit:g} s and was stopped: "
                                  "narrow it or add LIMIT", 503)
            try:
                reply: tuple[Any, ...] = worker.conn.recv()
            except (EOFError, OSError):
                worker.kill()
                worker = None
                raise SparqlError("the SPARQL worker stopped while answering (out of "
                                  "memory?); try a narrower query", 503) from None
            if reply[0] == "ok":
                return Answer(reply[1], reply[2])
            raise SparqlError(reply[1], reply[2])
        finally:
            if worker is not None:
                self._give_back(worker)
            self._slots.release()

    def _take(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._closed:
                raise SparqlError("the server is switching graphs; try again", 503)
            if self._dump is None:
                self._dump = self._dump_fn()
            dump = self._dump
        return _Worker(dump, self.ready_timeout)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            closed = self._closed
        if closed:
            worker.kill()
        else:
            self._idle.put(worker)

    @property
    def workers(self) -> list[int]:
        """Process ids of the idle workers (for tests and diagnostics)."""
        return [w.proc.pid for w in list(self._idle.queue)]

    def close(self) -> None:
        """Stop idle workers now; busy ones stop when their query returns."""
        with self._lock:
            self._closed = True
            self._dump = None
        _kill_idle(self._idle)


def _kill_idle(idle: queue.LifoQueue[_Worker]) -> None:
    while True:
        try:
            idle.get_nowait().kill()
        except queue.Empty:
            return


__all__ = ["DEFAULT_TIMEOUT", "SparqlPool"]

if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])))
