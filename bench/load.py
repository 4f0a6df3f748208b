"""Bounded load test against ``lifecycle-kg serve`` on loopback.

N concurrent async httpx clients post a mix of GraphQL queries for S seconds, R times in a row
against one server process. Reports errors (must be zero), p50/p99 latency, requests/s, and
the server's RSS before and after each run (growth across runs would mean a leak). Writes the
figures to ``bench/load_results.md`` and exits non-zero on any error.

    python bench/load.py [--clients 64] [--seconds 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from api.devserver import running_server

OUT = Path(__file__).resolve().parent / "load_results.md"

QUERIES = [
    ("stats", "{ stats { arguments exceptions triples } }", None),
    ("argument", "query($id: ID!) { argument(id: $id) { id title source { title } "
     "dependencies { assumption { id label } direction } } }",
     {"id": "hubinger-sleeper-agents"}),
    ("list", "{ arguments(first: 50) { totalCount nodes { id title underminedBy { "
     "exception { id } } } } }", None),
    ("filter", 'query { arguments(where: {assumes: "sandboxed-in-training"}) { totalCount '
     "nodes { id } } }", None),
    ("search", '{ search(text: "sandbox", first: 10) { kind id score } }', None),
    ("unknown-id", '{ argument(id: "no-such-argument") { id } }', None),
]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


async def one_run(base: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(i: int, http: httpx.AsyncClient) -> None:
        n = i
        while time.monotonic() < deadline:
            name, query, variables = QUERIES[n % len(QUERIES)]
            n += 1
            t = time.perf_counter()
            try:
                r = await http.post("/graphql", json={"query": query, "variables": variables})
                body = r.json()
                ok = r.status_code == 200 and (
                    (name == "unknown-id") == bool(body.get("errors")))
                if not ok:
                    errors.append(f"{name}: {r.status_code} {r.text[:200]}")
            except Exception as e:  # noqa: BLE001
                errors.append(f"{name}: {e!r}")
                continue
            latencies.append(time.perf_counter() - t)

    start = time.monotonic()
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    elapsed = time.monotonic() - start
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    if errors:
        print("\n".join(errors[:10]), file=sys.stderr)
    return {"requests": len(latencies), "errors": len(errors), "rps": len(latencies) / elapsed,
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "max_ms": latencies[-1] * 1000}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=64)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-write", action="store_true", help="do not write load_results.md")
    args = p.parse_args(argv)
    rows = []
    with running_server() as server:
        base, pid = server.base, server.pid
        # warm up: caches, first-request imports
        with httpx.Client(base_url=base, timeout=30) as c:
            for _, query, variables in QUERIES:
                c.post("/graphql", json={"query": query, "variables": variables})
        for run in range(1, args.runs + 1):
            before = rss_kib(pid)
            res = asyncio.run(one_run(base, args.clients, args.seconds))
            after = rss_kib(pid)
            res.update(run=run, rss_before_mib=before / 1024, rss_after_mib=after / 1024)
            rows.append(res)
            print(f"run {run}: {res['requests']} requests, {res['errors']} errors, "
                  f"{res['rps']:.0f} req/s, p50 {res['p50_ms']:.1f} ms, p99 {res['p99_ms']:.1f} "
                  f"ms, RSS {res['rss_before_mib']:.1f} -> {res['rss_after_mib']:.1f} MiB",
                  flush=True)
    errors = sum(int(r["errors"]) for r in rows)
    growth = rows[-1]["rss_after_mib"] - rows[0]["rss_after_mib"] if len(rows) > 1 else 0.0
    table = [
        "# Load test (`make load`)",
        "",
        f"{args.clients} concurrent async httpx clients for {args.seconds:g} s per run, "
        f"{args.runs} runs against one `lifecycle-kg serve` process on 127.0.0.1 (access log "
        "on, development mode). Queries cycle through: "
        + ", ".join(f"`{n}`" for n, _, _ in QUERIES) + " (`unknown-id` must answer with a "
        "GraphQL error; any other error, non-200 or transport failure counts as an error).",
        "",
        f"Machine: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {_cpus()} CPU(s). Recorded "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        "| run | requests | errors | req/s | p50 ms | p99 ms | max ms | RSS before MiB "
        "| RSS after MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        table.append(f"| {r['run']} | {r['requests']} | {r['errors']} | {r['rps']:.0f} | "
                     f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | "
                     f"{r['rss_before_mib']:.1f} | {r['rss_after_mib']:.1f} |")
    table += ["", f"Errors in total: {errors}. RSS growth from the end of run 1 to the end of "
              f"run {len(rows)}: {growth:+.1f} MiB.", ""]
    if not args.no_write:
        OUT.write_text("\n".join(table), encoding="utf-8")
        print(f"wrote {OUT.name}")
    return 1 if errors else 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
