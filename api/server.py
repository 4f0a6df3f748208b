"""``lifecycle-kg serve``: load the graph, serve it with uvicorn, optionally reload on change."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import LoadError

if TYPE_CHECKING:
    from api.app import GraphHolder
    from kg.graph import KnowledgeGraph

POLL_SECONDS = 1.0
#: a change is loaded only after the files have stayed the same (sizes, times and hashes)
#: for this long, so a file saved in several steps is never read half-written
QUIET_SECONDS = 0.5

#: Idle keep-alive connections are closed after this many seconds.
KEEP_ALIVE_SECONDS = 75
#: Connections and tasks served at once; past it uvicorn answers 503 at once, so a flood of
#: stalled clients cannot exhaust file descriptors and starve /healthz.
MAX_CONNECTIONS = 512


def _port_problem(host: str, port: int) -> str | None:
    """Why the port cannot be bound (checked before loading), or None."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            return e.strerror or str(e)
    return None


Signature = tuple[tuple[str, int, int, str], ...]


def _signature(data: Sequence[Path] | None, hashes: bool = False) -> Signature:
    """What the data folder holds now: every loadable regular file with its time, size and
    (with ``hashes``) content hash. Editor leftovers and FIFOs are not part of it."""
    import hashlib

    from kg.loader import resolve_files

    out = []
    for f in resolve_files(data):
        try:
            st = f.stat()
            digest = hashlib.sha256(f.read_bytes()).hexdigest() if hashes else ""
            out.append((str(f), st.st_mtime_ns, st.st_size, digest))
        except OSError:
            out.append((str(f), -1, -1, ""))
    return tuple(out)


def settled_signature(data: Sequence[Path] | None, stop: threading.Event,
                      quiet: float = QUIET_SECONDS) -> Signature | None:
    """Wait until the data files stop changing (same times, sizes and hashes across a quiet
    period) and return that signature; ``None`` if asked to stop first."""
    last = _signature(data, hashes=True)
    while not stop.wait(quiet):
        now = _signature(data, hashes=True)
        if now == last:
            return now
        last = now
    return None


def _warm(graph: KnowledgeGraph) -> None:
    """Records, indexes and the cost estimator's list sizes, built before the graph serves
    (with the collector paused, as for loading: ``kg.gc_pause``)."""
    from api.cost import fanouts
    from kg.gc_pause import gc_paused

    with gc_paused():
        graph.warm()
        fanouts(graph)


def open_graph(data: Sequence[Path] | None, store: str | None = None) -> KnowledgeGraph:
    """The graph to serve: the data files (validated), or the graph published at ``store``."""
    if store is not None:
        from kg.remote import connect

        return connect(store)  # type: ignore[no-any-return]
    from kg.loader import load

    return load(data, use_cache=True)


def reload_graph(holder: GraphHolder, data: Sequence[Path] | None, why: str,
                 expect: Signature | None = None, store: str | None = None) -> bool:
    """Build and validate a new graph beside the served one; swap it in only if it loads.

    On a problem the served graph stays, and each problem is logged with its file and line.
    With ``expect`` (a settled signature), the graph is swapped in only if the files still
    match it after loading, so a graph read while a file was being written is never served.
    """
    try:
        graph = open_graph(data, store)
        _warm(graph)
        if expect is not None and _signature(data, hashes=True) != expect:
            print(f"reload ({why}): the files changed while loading; waiting for them to "
                  "settle", file=sys.stderr, flush=True)
            return False
    except LoadError as e:
        for p in e.problems:
            print(f"reload: error: {p}", file=sys.stderr, flush=True)
        print(f"reload ({why}): {len(e.problems)} problem(s); kept the graph already served",
              file=sys.stderr, flush=True)
        return False
    except (OSError, RuntimeError) as e:  # RemoteError is a RuntimeError
        print(f"reload ({why}): cannot read data: {e}; kept the graph already served",
              file=sys.stderr, flush=True)
        return False
    holder.swap(graph)
    print(f"reload ({why}): now serving {len(graph)} triples", file=sys.stderr, flush=True)
    return True


def watch_files(holder: GraphHolder, data: Sequence[Path] | None, stop: threading.Event,
                interval: float = POLL_SECONDS, wake: threading.Event | None = None,
                poll: bool = True, store: str | None = None) -> None:
    """Reload when ``wake`` is set (SIGHUP) or, with ``poll``, when the data files change.

    A change that does not load leaves the served graph as it was and reports why.
    """
    seen = _signature(data) if poll else ()
    wake = wake or threading.Event()
    pending = False
    while not stop.is_set():
        woken = wake.wait(interval)
        if stop.is_set():
            return
        if woken:
            wake.clear()
            with contextlib.suppress(OSError):
                seen = _signature(data) if poll else ()
            reload_graph(holder, data, "SIGHUP", store=store)
            continue
        if not poll:
            continue
        try:
            now = _signature(data)
        except OSError as e:
            print(f"watch: cannot list data files: {e}", file=sys.stderr)
            continue
        if now == seen and not pending:
            continue
        try:
            settled = settled_signature(data, stop, min(QUIET_SECONDS, interval))
        except OSError as e:
            print(f"watch: cannot read data files: {e}", file=sys.stderr)
            continue
        if settled is None:
            return
        seen = tuple(x[:3] + ("",) for x in settled)
        pending = not reload_graph(holder, data, "watch", expect=settled) and \
            _signature(data) != seen


def _protocol(app: Any) -> dict[str, Any]:
    """uvicorn's HTTP protocol with the app's wire cache in front, where it has one."""
    from api.app import access_logger
    from api.wire_cache import protocol_class

    cache = app.state.wire_cache
    cls = protocol_class(cache, access_logger) if cache is not None else None
    return {"http": cls} if cls is not None else {}


def serve(host: str = "127.0.0.1", port: int = 8000, data: Sequence[Path] | None = None,
          production: bool = False, watch: bool = False, cors_origins: Sequence[str] = (),
          max_body_bytes: int | None = None, query_timeout: float | None = None,
          access_log: bool = True, max_connections: int | None = None,
          expose_schema: bool = False, wake: threading.Event | None = None,
          cost_limit: int | None = None, body_timeout: float | None = None,
          sparql_timeout: float | None = None, sparql_max_bytes: int | None = None,
          store: str | None = None, response_cache_bytes: int | None = None,
          workers: int = 1) -> int:
    """Serve the graph (the shipped data, or ``data`` in its place) until interrupted.

    SIGHUP reloads the data (validated beside the served graph, swapped in atomically);
    ``watch`` also reloads when the files change. Access is logged as JSON lines on stderr.
    """
    import logging
    import signal

    import uvicorn

    from api.app import BODY_SECONDS, MAX_BODY_BYTES, access_logger, create_app
    from api.cost import COST_LIMIT
    from api.schema import QUERY_TIMEOUT

    # a SIGHUP that arrives while loading is queued for the reload thread, never fatal
    stop = threading.Event()
    wake = wake or threading.Event()
    if hasattr(signal, "SIGHUP"):
        hup = wake
        signal.signal(signal.SIGHUP, lambda signum, frame: hup.set())
    # refuse a taken port before any "serving" line, and before the (slow) load
    problem = _port_problem(host, port)
    if problem:
        print(f"error: cannot serve on {host}:{port}: {problem}", file=sys.stderr, flush=True)
        return 2
    options: dict[str, Any] = dict(
        production=production, cors_origins=cors_origins,
        max_body_bytes=max_body_bytes or MAX_BODY_BYTES,
        query_timeout=query_timeout or QUERY_TIMEOUT,
        expose_schema=expose_schema or not production, cost_limit=cost_limit or COST_LIMIT,
        body_timeout=body_timeout or BODY_SECONDS, sparql_timeout=sparql_timeout,
        sparql_max_bytes=sparql_max_bytes, response_cache_bytes=response_cache_bytes)
    app = create_app(None, loading=True, **options)
    if access_log:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_logger.addHandler(handler)
        access_logger.setLevel(logging.INFO)
        access_logger.propagate = False
    # keep idle connections longer than clients do (httpx and browsers: 5 s), so a client
    # never reuses a connection the server is closing at that very moment
    config: dict[str, Any] = dict(host=host, port=port, log_level="warning", access_log=False,
                                  timeout_keep_alive=KEEP_ALIVE_SECONDS,
                                  limit_concurrency=max_connections or MAX_CONNECTIONS)
    ide = "" if production else " (GraphiQL)"
    if workers > 1:
        from api.prefork import graceful_server, listening_socket, serve_workers, signature_of

        def opened() -> KnowledgeGraph:
            graph = open_graph(data, store)
            _warm(graph)
            return graph

        def make_server(graph: KnowledgeGraph, generation: int) -> Any:
            worker_app = create_app(graph, **options)
            worker_app.state.holder.generation = generation
            return graceful_server(uvicorn.Config(worker_app, **config,
                                                  **_protocol(worker_app)))

        return serve_workers(workers, listening_socket(host, port), opened, make_server,
                             f"serving at http://{host}:{port}/graphql{ide}",
                             signature_of(data) if watch and store is None else None)
    server = uvicorn.Server(uvicorn.Config(app, **config, **_protocol(app)))
    failed: list[int] = []

    def load_then_serve() -> None:
        # listening already (so /healthz can say "loading"); ready only once indexed
        try:
            graph = open_graph(data, store)
            _warm(graph)
        except LoadError as e:
            for p in e.problems:
                print(f"error: {p}", file=sys.stderr, flush=True)
            print(f"invalid: {len(e.problems)} problem(s); nothing was loaded; stopping",
                  file=sys.stderr, flush=True)
            failed.append(1)
            server.should_exit = True
            return
        except (OSError, RuntimeError) as e:  # RemoteError is a RuntimeError
            print(f"error: cannot read data: {e}; stopping", file=sys.stderr, flush=True)
            failed.append(1)
            server.should_exit = True
            return
        app.state.holder.swap(graph)
        threading.Thread(target=watch_files, args=(app.state.holder, data, stop),
                         kwargs={"wake": wake, "poll": watch and store is None,
                                 "store": store},
                         name="lifecycle-kg-reload", daemon=True).start()
        print(f"serving {len(graph)} triples at http://{host}:{port}/graphql{ide}",
              file=sys.stderr, flush=True)

    print(f"listening at http://{host}:{port} (loading the graph; /healthz says when ready)",
          file=sys.stderr, flush=True)
    threading.Thread(target=load_then_serve, name="lifecycle-kg-load", daemon=True).start()
    try:
        server.run()
    finally:
        stop.set()
        wake.set()
        if app.state.holder.ready.is_set():
            app.state.holder.kg.close()
    return 1 if failed else 0
