"""``lifecycle-kg serve``: load the graph, serve it with uvicorn, optionally reload on change."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from kg.errors import LoadError

POLL_SECONDS = 1.0


def _signature(data: Sequence[Path] | None) -> tuple[tuple[str, int, int], ...]:
    from kg.loader import resolve_files

    out = []
    for f in resolve_files(data):
        try:
            st = f.stat()
            out.append((str(f), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(f), -1, -1))
    return tuple(out)


def watch_files(holder: object, data: Sequence[Path] | None, stop: threading.Event,
                interval: float = POLL_SECONDS) -> None:
    """Poll the data files; on a change, load and validate them and swap the graph in.

    A change that does not load leaves the served graph as it was and reports why.
    """
    from kg.loader import load

    seen = _signature(data)
    while not stop.wait(interval):
        try:
            now = _signature(data)
        except OSError as e:
            print(f"watch: cannot list data files: {e}", file=sys.stderr)
            continue
        if now == seen:
            continue
        seen = now
        try:
            graph = load(data, use_cache=True)
        except LoadError as e:
            for p in e.problems:
                print(f"watch: error: {p}", file=sys.stderr)
            print("watch: kept the graph already served", file=sys.stderr)
            continue
        holder.swap(graph)  # type: ignore[attr-defined]
        print(f"watch: reloaded {len(graph)} triples", file=sys.stderr)


def serve(host: str = "127.0.0.1", port: int = 8000, data: Sequence[Path] | None = None,
          production: bool = False, watch: bool = False) -> int:
    """Serve the graph (the shipped data, or ``data`` in its place) until interrupted."""
    import uvicorn

    from api.app import create_app
    from kg.loader import load

    graph = load(data, use_cache=True)
    app = create_app(graph, production=production)
    stop = threading.Event()
    if watch:
        threading.Thread(target=watch_files, args=(app.state.holder, data, stop),
                         name="lifecycle-kg-watch", daemon=True).start()
    ide = "" if production else " (GraphiQL)"
    print(f"serving {len(graph)} triples at http://{host}:{port}/graphql{ide}", file=sys.stderr,
          flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        stop.set()
    return 0
