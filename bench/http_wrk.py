"""HTTP benchmark driven by wrk (a compiled load generator), so the figures are the servers'.

Rows, all in one run on the same data and the same question ("which arguments require X to
hold?", X a mid-popularity assumption):

- lifecycle-kg GraphQL (`lifecycle-kg serve`), the bare FastAPI endpoint returning the same
  bytes, and Oxigraph server answering the question in SPARQL over the same triples;
- lifecycle-kg served from Oxigraph server (`serve --store`, the remote-store route);
- a mixed workload: the competency queries with their variables, cycled by a wrk Lua script
  (there is no response cache, so every request is computed);
- the generator's ceiling: wrk against a raw uvloop responder that parses nothing. A server
  figure near it would be bounded by the generator; every figure is printed beside it.

usage: python bench/http_wrk.py [--data FILE.ttl] [--seconds 10] [--connections 16]
Refuses to print HTTP ratios without wrk (Debian package `wrk`; `make debian` installs it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import BARE_SERVER, CEILING_SERVER, free_port, stop, wait_answer  # noqa: E402

LC = "https://w3id.org/lifecycle-kg/ontology#"
GQL = ("query($id: ID!) { arguments(where: {assumes: $id}, "
       "first: 100) { totalCount nodes { id title } } }")
SPARQL = (f"PREFIX lc: <{LC}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?arg ?title WHERE {{ ?arg lc:hasDependency ?d . ?d lc:assumption <{x}> ; "
          "lc:direction lc:RequiresHolds . ?arg rdfs:label ?title }} ORDER BY ?arg LIMIT 100")
LUA = r"""
local bodies, i, ctype = {}, 0, "application/json"
init = function(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  ctype = args[2] or ctype
end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", wrk.path, {["Content-Type"] = ctype}, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk(url: str, bodies: Path, ctype: str, seconds: float, conns: int,
        script: Path) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t1", f"-c{conns}", f"-d{seconds:.0f}s", "--latency",
                          "--timeout", "60s",
                          "-s", str(script), url, "--", str(bodies), ctype],
                         capture_output=True, text=True, timeout=seconds + 60)
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not line:
        raise RuntimeError(f"wrk failed: {out.stderr[-500:]}{out.stdout[-500:]}")
    r = json.loads(line[-1])
    if r["errors"] or r["non2xx"]:
        raise RuntimeError(f"{url}: {r['errors']} socket errors, {r['non2xx']} non-2xx answers")
    return {"rps": r["requests"] / (r["duration_us"] / 1e6), "p50": r["p50_us"] / 1000,
            "p99": r["p99_us"] / 1000, "requests": r["requests"]}


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "lifecycle-kg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def pick_x(data: list[str]) -> str:
    import kg

    g = kg.load(data or None, validate=False)
    counts = sorted((len(g.arguments_assuming(a.id, "holds")), a.id) for a in g.assumptions())
    counts = [c for c in counts if c[0]]
    return counts[len(counts) // 2][1]


def mixed_bodies(x: str) -> list[str]:
    """The competency questions as GraphQL requests, each with its own variables."""
    from tests.competency import QUESTIONS

    ops = {"arguments": ("query($w: ArgumentWhere) { arguments(where: $w, first: 100) "
                         "{ totalCount nodes { id title } } }"),
           "exceptions": ("query($w: ExceptionWhere) { exceptions(where: $w, first: 100) "
                          "{ totalCount nodes { id name } } }")}
    out = []
    for q in QUESTIONS:
        if q.op in ops:
            # enum values (status, direction) are upper case in GraphQL
            w = {k: v.upper().replace("-", "_") if k in ("status", "direction") else v
                 for k, v in dict(q.args).items()}
            out.append(json.dumps({"query": ops[q.op], "variables": {"w": w}}))
    out.append(json.dumps({"query": GQL, "variables": {"id": x}}))
    out.append(json.dumps({"query": "{ evaluateScenario(facts: [{assumption: \"pre-deployment-"
                           "gate\", holds: false}]) { undermined { argument { id } } } }"}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", nargs="*", default=[], help="data files (default: curated)")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--out", default=str(ROOT / "bench" / "http_results.md"))
    a = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package `wrk`; `make debian`): no HTTP ratios "
              "are printed without a compiled load generator", file=sys.stderr)
        return 2
    from api.engines import oxigraph_binary

    x = pick_x(a.data)
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        script = tmp / "post.lua"
        script.write_text(LUA)
        body = json.dumps({"query": GQL, "variables": {"id": x}})
        (tmp / "gql.txt").write_text(body + "\n")
        (tmp / "mixed.txt").write_text("\n".join(mixed_bodies(x)) + "\n")
        payload = body.encode()
        data_args = ["--data", *a.data] if a.data else []

        def serve(cmd: list[str], url: str, check: bytes, ready: float = 600) -> Any:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                answer = wait_answer(url, check, proc, ready)
            except BaseException:
                stop(proc)
                raise
            return proc, answer

        # lifecycle-kg GraphQL and the mixed workload, without and with the response cache
        rss = 0.0
        for suffix, extra in (("", ["--response-cache-mb", "0"]), ("-cached", [])):
            port = free_port()
            url = f"http://127.0.0.1:{port}/graphql"
            proc, answer = serve([*cli(), "serve", "--port", str(port), "--no-access-log",
                                  "--production", *extra, *data_args], url, payload)
            try:
                if not suffix:  # every mixed request must be answered, not refused
                    kept = _answered(url, mixed_bodies(x))
                    (tmp / "mixed.txt").write_text("\n".join(kept) + "\n")
                    rows["mixed-count"] = {"kept": len(kept), "all": len(mixed_bodies(x))}
                rows["gql" + suffix] = wrk(url, tmp / "gql.txt", "application/json",
                                           a.seconds, a.connections, script)
                rows["mixed" + suffix] = wrk(url, tmp / "mixed.txt", "application/json",
                                             a.seconds, a.connections, script)
                rss = max(rss, _rss_mb(proc.pid))
            finally:
                stop(proc)
        # two forked workers sharing the graph: req/s, and memory in total (PSS, which counts
        # a shared page once across the processes, and RSS summed, which counts it each time)
        port = free_port()
        url = f"http://127.0.0.1:{port}/graphql"
        proc, _ = serve([*cli(), "serve", "--port", str(port), "--no-access-log",
                         "--production", "--workers", "2", *data_args], url, payload)
        try:
            rows["workers2"] = wrk(url, tmp / "gql.txt", "application/json", a.seconds,
                                   a.connections, script)
            rows["workers2-mixed"] = wrk(url, tmp / "mixed.txt", "application/json",
                                         a.seconds, a.connections, script)
            rows["workers2-mem"] = _family_memory(proc.pid)
        finally:
            stop(proc)
        (tmp / "answer.json").write_bytes(answer)
        # the bare endpoint returning the same bytes, and the raw responder (the ceiling)
        for name, code in (("bare", BARE_SERVER), ("ceiling", CEILING_SERVER)):
            port = free_port()
            url = f"http://127.0.0.1:{port}/graphql"
            proc, _ = serve([sys.executable, "-c", code, str(port), str(tmp / "answer.json")],
                            url, payload, 60)
            try:
                rows[name] = wrk(url, tmp / "gql.txt", "application/json", a.seconds,
                                 a.connections, script)
                if name == "bare":
                    rows["mixed-bare"] = wrk(url, tmp / "mixed.txt", "application/json",
                                             a.seconds, a.connections, script)
            finally:
                stop(proc)
        # Oxigraph server on the same triples, in SPARQL; then lifecycle-kg on it (--store)
        binary = oxigraph_binary()
        if binary is not None:
            rows.update(_oxigraph_rows(binary, a, x, tmp, script, payload, data_args, serve))
    _write(Path(a.out), rows, x, a, rss)
    print(Path(a.out).read_text())
    return 0


def _answered(url: str, bodies: list[str]) -> list[str]:
    """The requests the server answers with data and no errors (the rest are left out of
    the mixed workload, and the table says how many)."""
    from run import post

    kept = []
    for b in bodies:
        status, got = post(url, b.encode(), timeout=120)
        doc = json.loads(got) if status == 200 else {}
        if doc.get("data") and not doc.get("errors"):
            kept.append(b)
    return kept


def _family_memory(pid: int) -> dict[str, float]:
    """PSS and RSS (MB) of a process and its children, summed."""
    pids = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(") ", 1)[1].split()[1]) == pid:
                        pids.append(int(entry))
            except OSError:
                continue
    pss = rss = 0.0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) / 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) / 1024
        except OSError:
            continue
    return {"pss": pss, "rss": rss, "processes": len(pids)}


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _oxigraph_rows(binary: str, a: argparse.Namespace, x: str, tmp: Path, script: Path,
                   payload: bytes, data_args: list[str], serve: Any) -> dict[str, Any]:
    from urllib.parse import urlencode

    import kg

    out: dict[str, Any] = {}
    dump = tmp / "dump.nt"
    dump.write_text(kg.load(a.data or None, validate=False).export("nt"))
    loc = tmp / "oxi-ro"
    subprocess.run([binary, "load", "--location", str(loc), "--file", str(dump)], check=True,
                   capture_output=True, timeout=1800)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    form = urlencode({"query": SPARQL.format(x=x)})
    (tmp / "sparql.txt").write_text(form + "\n")
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(loc), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_sparql(f"{base}/query", form, proc)
        out["oxigraph"] = wrk(f"{base}/query", tmp / "sparql.txt",
                              "application/x-www-form-urlencoded", a.seconds, a.connections,
                              script)
    finally:
        stop(proc)
    # the remote-store route: publish into a writable Oxigraph server, serve --store on it
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ox = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_sparql(f"{base}/query", urlencode({"query": "ASK {}"}), ox)
        subprocess.run([*cli(), "publish", "--endpoint", f"{base}/query",
                        "--update-endpoint", f"{base}/update", *data_args], check=True,
                       capture_output=True, timeout=3600)
        gport = free_port()
        url = f"http://127.0.0.1:{gport}/graphql"
        proc, _ = serve([*cli(), "serve", "--port", str(gport), "--no-access-log",
                         "--production", "--store", f"{base}/query"], url, payload)
        try:
            out["remote"] = wrk(url, tmp / "gql.txt", "application/json", a.seconds,
                                a.connections, script)
        finally:
            stop(proc)
    finally:
        stop(ox)
    return out


def _wait_sparql(url: str, form: str, proc: subprocess.Popen[bytes]) -> None:
    import urllib.request

    end = time.monotonic() + 120
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("oxigraph exited")
        try:
            req = urllib.request.Request(url, data=form.encode(), headers={
                "content-type": "application/x-www-form-urlencoded",
                "accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def _write(path: Path, rows: dict[str, Any], x: str, a: argparse.Namespace,
           rss: float) -> None:
    from kg.atomic import write_atomic

    ceil = rows["ceiling"]
    scale = ", ".join(a.data) if a.data else "curated data"

    def fig(r: dict[str, float]) -> str:
        return f"{r['rps']:,.0f} req/s (p50 {r['p50']:.1f} / p99 {r['p99']:.1f} ms)"

    lines = [
        "# HTTP benchmark (wrk)", "",
        f"Generated by `bench/http_wrk.py` on {time.strftime('%Y-%m-%d %H:%M')} ({scale}; "
        f"X = `{x}`; wrk, 1 thread, {a.connections} connections, {a.seconds:.0f} s per row; "
        f"{os.cpu_count()} cores shared by server and generator).", "",
        f"Generator ceiling (wrk against a raw uvloop responder): **{fig(ceil)}**. Every "
        "figure below is far enough under it to be the server's, not wrk's.", "",
        "| row | figure | vs bare FastAPI | target | met |", "|---|---|---|---|---|",
    ]
    bare = rows["bare"]
    lines.append(f"| bare FastAPI, same bytes | {fig(bare)} | 1.00x | | |")
    for key, label in (("gql", "lifecycle-kg GraphQL headline, no response cache"),
                       ("gql-cached", "lifecycle-kg GraphQL headline, response cache")):
        gq = rows[key]
        lines.append(f"| {label} | {fig(gq)} | {gq['rps'] / bare['rps']:.2f}x | | |")
    if "oxigraph" in rows:
        o, gq = rows["oxigraph"], rows["gql-cached"]
        met = "yes" if gq["rps"] >= o["rps"] and gq["p50"] <= o["p50"] else "no"
        lines.append(f"| Oxigraph server, same question in SPARQL | {fig(o)} | "
                     f"{o['rps'] / bare['rps']:.2f}x | lifecycle-kg (best row) >= Oxigraph "
                     f"req/s, p50 no higher (now {gq['rps'] / o['rps']:.2f}x) | {met} |")
    mb = rows["mixed-bare"]
    for key, label, target in (("mixed", "no response cache", True),
                               ("mixed-cached", "response cache", False)):
        m = rows[key]
        ratio = m["rps"] / mb["rps"]
        goal = ">= 0.35x bare" if target else ""
        met = ("yes" if ratio >= 0.35 else "no") if target else ""
        n = rows["mixed-count"]
        rest = "" if n["kept"] == n["all"] else " (the rest answered with errors)"
        lines.append(f"| mixed: {n['kept']} of {n['all']} competency queries cycled{rest}, "
                     f"{label} | "
                     f"{fig(m)} | {ratio:.2f}x | {goal} | {met} |")
    if "workers2" in rows:
        w, mem = rows["workers2"], rows["workers2-mem"]
        lines.append(f"| lifecycle-kg, `--workers 2`, response cache | {fig(w)} | "
                     f"{w['rps'] / bare['rps']:.2f}x | | |")
        wm = rows["workers2-mixed"]
        lines.append(f"| mixed, `--workers 2`, response cache | {fig(wm)} | "
                     f"{wm['rps'] / mb['rps']:.2f}x | | |")
        lines.append(f"| memory of `--workers 2` (master and {mem['processes'] - 1} workers, "
                     f"after their rows) | PSS {mem['pss']:.0f} MB in total (RSS summed "
                     f"{mem['rss']:.0f} MB) | | <= 1.1 GB at 1M | "
                     f"{'yes' if mem['pss'] <= 1126 else 'no'} |")
    if "remote" in rows:
        r = rows["remote"]
        lines.append(f"| lifecycle-kg on Oxigraph server (`serve --store`) | {fig(r)} | "
                     f"{r['rps'] / bare['rps']:.2f}x | | |")
    lines += ["", f"RSS of the lifecycle-kg server after its rows: {rss:.0f} MB.", ""]
    write_atomic(path, "\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
