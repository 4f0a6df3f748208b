"""Does an expensive query stall the server? /healthz and the headline query, idle and while
four worst-case queries run (budget raised so they are allowed), on one `lifecycle-kg serve`.

The idle run is the baseline measured in the same run; the ratio is loaded p99 / idle p99.
The client is one sequential httpx connection per probe: its ceiling is the idle rate it
reaches, printed beside the figures. Results go to bench/stall_results.md.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.devserver import running_server  # noqa: E402

WORST = ("{ phases { assumptions { arguments { dependencies { assumption { arguments { "
         "dependencies { assumption { arguments { id } } } } } } } } } }")
HEADLINE = '{ arguments(where: {assumes: "sandboxed-in-training"}) { nodes { id } } }'


def probe(base: str, seconds: float, stop: threading.Event | None = None) -> dict[str, float]:
    lat: list[float] = []
    with httpx.Client(base_url=base, timeout=60) as c:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (stop and stop.is_set()):
            t = time.perf_counter()
            c.get("/healthz")
            lat.append(time.perf_counter() - t)
            t = time.perf_counter()
            c.post("/graphql", json={"query": HEADLINE})
            lat.append(time.perf_counter() - t)
    lat.sort()
    return {"n": len(lat), "p50": statistics.median(lat) * 1000,
            "p99": lat[max(0, int(len(lat) * 0.99) - 1)] * 1000,
            "rate": len(lat) / seconds}


def main() -> int:
    with running_server(["--no-access-log", "--query-cost-limit", "1000000000",
                         "--query-timeout", "60"]) as server:
        idle = probe(server.base, 5.0)
        busy_count = [0]

        def worst() -> None:
            with httpx.Client(base_url=server.base, timeout=120) as c:
                c.post("/graphql", json={"query": WORST})
                busy_count[0] += 1

        threads = [threading.Thread(target=worst) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        loaded = probe(server.base, 5.0)
        for t in threads:
            t.join()
    ratio = loaded["p99"] / idle["p99"] if idle["p99"] else float("nan")
    lines = [
        "# /healthz and headline query while four worst-case queries run",
        "",
        "| condition | probes | p50 ms | p99 ms | probe rate (client ceiling) |",
        "|---|---|---|---|---|",
        f"| idle (baseline) | {idle['n']} | {idle['p50']:.1f} | {idle['p99']:.1f} | "
        f"{idle['rate']:.0f}/s |",
        f"| 4 worst-case queries running | {loaded['n']} | {loaded['p50']:.1f} | "
        f"{loaded['p99']:.1f} | {loaded['rate']:.0f}/s |",
        "",
        f"p99 ratio loaded/idle: {ratio:.1f}x. Target: /healthz p99 under 100 ms while they run.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    Path(__file__).with_name("stall_results.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
