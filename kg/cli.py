"""``lifecycle-kg``: validate, export, stats, fmt, serve and query from the command line.

Exit codes: 0 success, 1 invalid data (or ``fmt --check`` found drift), 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import LoadError, Problem

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _paths(values: Sequence[str] | None) -> list[Path] | None:
    if not values:
        return None
    paths = [Path(v) for v in values]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    return paths


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.loader import load

    try:
        graph = load(_paths(args.paths))
    except LoadError as e:
        for p in e.problems:
            print(f"error: {p}", file=sys.stderr)
        print(f"invalid: {len(e.problems)} problem(s); nothing was loaded", file=sys.stderr)
        return EXIT_INVALID
    for w in graph.warnings:
        print(f"warning: {w}", file=sys.stderr)
    s = graph.stats()
    print(f"valid: {len(graph.files)} files, {s['triples']} triples, {s['Argument']} arguments, "
          f"{s['Exception']} exceptions, {len(graph.warnings)} warning(s)")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kg.loader import load

    text = load(_paths(args.data)).export(args.format)
    if args.output:
        from kg.atomic import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from kg.loader import load
    from kg.remote import Endpoint, RemoteError, publish

    graph = load(_paths(args.data))  # validated: nothing invalid reaches the endpoint
    try:
        publish(graph.export("nt"), Endpoint(args.endpoint, args.update_endpoint),
                log=lambda m: print(m, file=sys.stderr))
    except RemoteError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def cmd_plot(args: argparse.Namespace) -> int:
    from kg.loader import load
    from kg.plot import SUFFIXES, plot_matrix

    out = Path(args.out)
    if out.suffix.lower() not in SUFFIXES:
        print(f"error: {out.name}: write a .svg, .png or .pdf file", file=sys.stderr)
        return EXIT_USAGE
    try:
        plot_matrix(load(_paths(args.data), use_cache=True), out)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from kg.loader import load

    graph = load(_paths(args.data))
    stats = graph.stats()
    unlinked = graph.unlinked()
    coverage = graph.coverage()
    if args.json:
        print(json.dumps({"counts": stats, "coverage": coverage, "unlinked": [
            {"id": i, "class": c} for i, c in unlinked]}, indent=2))
        return EXIT_OK
    width = max(len(k) for k in stats)
    for k, v in stats.items():
        print(f"{k:<{width}}  {v}")
    print("\ncoverage per assumption (arguments requiring it to hold / to fail / arguing it "
          "fails; documented cases; forecasts; works read without a dependency):")
    heads = ["holds", "fails", "argues", "cases", "fcasts", "no-dep"]
    keys = ["requires_holds", "requires_fails", "argues_fails", "exceptions", "forecasts",
            "reviewed_no_dependency"]
    aw = max(len(r["assumption"]) for r in coverage) if coverage else 10
    print(f"  {'assumption':<{aw}}  " + "  ".join(f"{h:>6}" for h in heads))
    for r in coverage:
        print(f"  {r['assumption']:<{aw}}  " + "  ".join(f"{r[k]:>6}" for k in keys))
    print(f"\nrecords with no links: {len(unlinked)}")
    for i, c in unlinked:
        print(f"  {c}: {i}")
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from kg.atomic import write_atomic
    from kg.fmt import Refusal, canonical_text
    from kg.resources import data_files, expand

    files = [f for f in (expand([Path(p) for p in args.paths]) if args.paths else data_files())
             if f.suffix.lower() == ".ttl"]  # N-Triples files stay N-Triples
    drift, problems = [], []
    for f in files:
        raw = f.read_bytes()
        try:
            text = canonical_text(raw)
        except SyntaxError as e:
            problems.append(Problem(f, e.lineno, f"malformed Turtle: {e}"))
            continue
        except UnicodeDecodeError as e:
            problems.append(Problem(f, None, f"not UTF-8 text: {e.reason} at byte {e.start}"))
            continue
        except Refusal as e:
            problems.append(Problem(f, e.line, f"not rewritten: {e.message}"))
            continue
        if raw != text.encode("utf-8"):
            drift.append(f)
            if not args.check:
                write_atomic(f, text)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if args.check and drift:
        for f in drift:
            print(f"would reformat {f}", file=sys.stderr)
        print("run `make fmt` (or `lifecycle-kg fmt`) to rewrite them canonically", file=sys.stderr)
        return EXIT_INVALID
    if not args.check:
        for f in drift:
            print(f"reformatted {f}")
    return EXIT_INVALID if problems else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import signal
    import threading

    # queue a SIGHUP that arrives while the heavy modules import and the graph loads: the
    # reload thread picks it up once serving, instead of the default action killing us
    early = threading.Event()
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda signum, frame: early.set())
    from api.server import serve

    return serve(host=args.host, port=args.port, data=_paths(args.data),
                 production=args.production, watch=args.watch,
                 cors_origins=args.cors_origin or (), max_body_bytes=args.max_body_bytes,
                 query_timeout=args.query_timeout, access_log=not args.no_access_log,
                 max_connections=args.max_connections, expose_schema=args.expose_schema,
                 cost_limit=args.query_cost_limit, body_timeout=args.body_timeout,
                 sparql_timeout=args.sparql_timeout, sparql_max_bytes=args.sparql_max_bytes,
                 store=args.store, wake=early, workers=args.workers,
                 response_cache_bytes=None if args.response_cache_mb is None
                 else int(args.response_cache_mb * 1024 * 1024))


def cmd_query(args: argparse.Namespace) -> int:
    from api.schema import execute_query
    from kg.loader import load

    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as e:
        print(f"error: --variables is not JSON: {e}", file=sys.stderr)
        return EXIT_USAGE
    result = execute_query(load(_paths(args.data)), args.query, variables)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return EXIT_INVALID if result.get("errors") else EXIT_OK


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lifecycle-kg")
    except PackageNotFoundError:
        return "unknown (not installed)"


def cmd_sparql(args: argparse.Namespace) -> int:
    from kg.loader import load
    from kg.sparql import SparqlError

    try:
        got = load(_paths(args.data), use_cache=True).sparql(args.query, args.format)
    except SparqlError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.buffer.write(got.body)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lifecycle-kg",
        description="Lifecycle claims about ML models: validate, export and serve the graph.",
    )
    p.add_argument("--version", action="version", version=f"lifecycle-kg {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check data files against the SHACL shapes",
                       description="Parse and validate the ontology plus data files (the shipped "
                       "data by default). Exit 0 valid, 1 invalid, 2 usage or I/O error.")
    v.add_argument("paths", nargs="*", help="data files or folders (default: shipped data)")
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("export", help="write the graph as ttl, nt, jsonld or graphml",
                       description="Export the validated graph. Turtle is canonical: the same "
                       "graph always gives the same bytes.")
    e.add_argument("--format", choices=["ttl", "nt", "jsonld", "graphml"], default="ttl")
    e.add_argument("-o", "--output", help="file to write (default: stdout)")
    e.add_argument("--data", nargs="*", help="data files or folders (default: shipped data)")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", help="counts per class and records with no links",
                       description="Counts per class, and records with no links.")
    s.add_argument("--data", nargs="*", help="data files or folders (default: shipped data)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_stats)

    f = sub.add_parser("fmt", help="rewrite data files in canonical form",
                       description="Rewrite Turtle data files canonically; with --check, only "
                       "report files that would change (exit 1).")
    f.add_argument("paths", nargs="*", help="files or folders (default: shipped data)")
    f.add_argument("--check", action="store_true", help="report drift, change nothing")
    f.set_defaults(func=cmd_fmt)

    sv = sub.add_parser("serve", help="serve the GraphQL API",
                        description="Serve the GraphQL API (GraphiQL at /graphql).")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--data", nargs="*", help="data files or folders replacing the shipped data")
    sv.add_argument("--production", action="store_true",
                    help="no GraphiQL or introspection; errors masked")
    sv.add_argument("--watch", action="store_true",
                    help="reload when data files change (SIGHUP always reloads)")
    sv.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                    help="allow browser calls from ORIGIN (repeatable; `*` for any)")
    sv.add_argument("--max-body-bytes", type=int, help="largest request body (default 2 MiB)")
    sv.add_argument("--query-timeout", type=float, help="seconds per query (default 10)")
    sv.add_argument("--no-access-log", action="store_true",
                    help="do not log requests (JSON lines on stderr)")
    sv.add_argument("--max-connections", type=int, default=None,
                    help="concurrent connections before new ones get 503 (default 512)")
    sv.add_argument("--body-timeout", type=float, default=None,
                    help="seconds a client may take to send its request body (default 30)")
    sv.add_argument("--query-cost-limit", type=int, default=None,
                    help="most items an operation may be estimated to return (default 50000)")
    sv.add_argument("--workers", type=int, default=1, metavar="N",
                    help="serve from N processes forked after the graph is loaded, sharing "
                         "its memory and one socket (default 1)")
    sv.add_argument("--response-cache-mb", type=float, default=None, metavar="MB",
                    help="memory for cached GraphQL answers, dropped on reload, shared by the "
                         "app's cache and the protocol's replay of exact repeats (default 64; "
                         "0 turns both off)")
    sv.add_argument("--store", metavar="URL", default=None,
                    help="serve the graph published at this SPARQL 1.1 query endpoint "
                         "(see `publish`) instead of loading data files")
    sv.add_argument("--sparql-timeout", type=float, default=None, metavar="SECONDS",
                    help="stop a /sparql query after this long (default 30; 0: no limit; "
                         "limited queries run in worker processes that each hold a copy "
                         "of the graph)")
    sv.add_argument("--sparql-max-bytes", type=int, default=None, metavar="BYTES",
                    help="largest /sparql result (default 16 MiB; larger gets 413)")
    sv.add_argument("--expose-schema", action="store_true",
                    help="with --production, still serve /schema.graphql")
    sv.set_defaults(func=cmd_serve)

    pb = sub.add_parser("publish", help="load the validated data into a SPARQL endpoint",
                        description="Validate the data, write it into a new named graph on a "
                                    "SPARQL 1.1 endpoint (SPARQL Update), check it, then switch "
                                    "`serve --store` readers to it in one update and drop the "
                                    "graph it replaced.")
    pb.add_argument("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint")
    pb.add_argument("--update-endpoint", metavar="URL",
                    help="SPARQL update endpoint (default: the query endpoint)")
    pb.add_argument("--data", nargs="*", help="data files or folders (default: shipped data)")
    pb.set_defaults(func=cmd_publish)

    pl = sub.add_parser("plot", help="draw the argument x assumption matrix",
                        description="Draw the explorer's argument x assumption matrix as a "
                                    "figure (SVG, PNG or PDF, by the file's suffix).")
    pl.add_argument("what", choices=["matrix"])
    pl.add_argument("--out", required=True, help="file to write: .svg, .png or .pdf")
    pl.add_argument("--data", nargs="*", help="data files or folders (default: shipped data)")
    pl.set_defaults(func=cmd_plot)

    sq = sub.add_parser("sparql", help="run one read-only SPARQL query in-process",
                        description="Run a SPARQL query over the graph and print the result.")
    sq.add_argument("query", help="the SPARQL query text")
    sq.add_argument("--format", default=None,
                    help="json, xml, csv or tsv (SELECT/ASK); ttl, nt or jsonld "
                    "(CONSTRUCT/DESCRIBE); or a media type")
    sq.add_argument("--data", nargs="*", help="data files or folders (default: shipped data)")
    sq.set_defaults(func=cmd_sparql)

    q = sub.add_parser("query", help="run one GraphQL query in-process and print JSON",
                       description="Run a GraphQL query in-process and print the JSON result.")
    q.add_argument("query", help="the GraphQL query text")
    q.add_argument("--variables", help="variables as a JSON object")
    q.add_argument("--data", nargs="*", help="data files or folders (default: shipped data)")
    q.set_defaults(func=cmd_query)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # the reader went away (`lifecycle-kg stats | head`): stop quietly, as cat does
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except LoadError as e:
        for p in e.problems:
            print(f"error: {p}", file=sys.stderr)
        return EXIT_INVALID
    except (FileNotFoundError, PermissionError, IsADirectoryError) as e:
        print(f"error: cannot read {e}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
