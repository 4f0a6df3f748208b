"""Smoke test of the benchmarks at tiny scale: every number is produced. Never checks speed."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def _module(name: str):  # type: ignore[no-untyped-def]
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def synth_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    synth = _module("synth")
    text = synth.generate(2500, seed=3)
    assert text == synth.generate(2500, seed=3), "same seed, same bytes"
    f = tmp_path_factory.mktemp("bench") / "synth.ttl"
    f.write_text(text, encoding="utf-8")
    return f


def test_synth_graph_validates(synth_file: Path) -> None:
    import kg

    g = kg.load([synth_file])  # SHACL on
    s = g.stats()
    assert s["triples"] >= 2500
    assert s["Argument"] > 0 and s["Dependency"] > s["Argument"]
    assert s["Exception"] > 0 and s["Observation"] > 0
    assert s["Assumption"] > 19  # extra assumptions on the shipped axes


def _finite(*xs: float) -> None:
    for x in xs:
        assert isinstance(x, float | int) and math.isfinite(x) and x >= 0


def test_workers_produce_numbers(synth_file: Path) -> None:
    run = _module("run")
    paths = [str(synth_file)]
    lk = run.run_worker("load_kg", paths)
    lr = run.run_worker("load_rdflib", paths)
    _finite(lk["seconds"], lk["rss_mb"], lr["seconds"], lr["rss_mb"])
    assert lk["triples"] == lr["triples"]
    v = run.run_worker("validate", paths)
    _finite(v["seconds"], v["shacl"])
    assert v["violations"] == 0
    o = run.run_worker("ops", paths, samples=5, budget=0.2, nx=True)
    for key in ("kg_head", "kg_head_warm", "ox_head", "rdflib_head", "kg_two", "rdflib_two"):
        _finite(o[key]["p50_ms"], o[key]["p99_ms"])
        assert o[key]["n"] >= 1
    _finite(o["kg_eval"], o["rdflib_eval"], o["kg_nx"], o["rdflib_nx"])
    ours, theirs = run.run_worker("export", paths), run.run_worker("export", paths, baseline=True)
    _finite(ours["seconds"], theirs["seconds"])
    assert ours["mb"] > 0 and theirs["mb"] > 0


@pytest.mark.slow
def test_http_rows_produce_numbers(synth_file: Path, tmp_path: Path) -> None:
    run = _module("run")
    if run.api_ready() is not None:
        pytest.skip("the API cannot be imported")
    paths = [str(synth_file)]
    x = run.pick_x(paths)
    h = run.http_bench(paths, x, seconds=0.5, conc=4, tmp=tmp_path)
    for key in ("gql", "bare"):
        _finite(h[key]["rps"], h[key]["p50_ms"], h[key]["p99_ms"])
        assert h[key]["n"] > 0
    _finite(run.cold_start(x))


def test_table_and_results_file(tmp_path: Path) -> None:
    run = _module("run")
    t = run.Table()
    t.add("tiny", "load", "1 s", "2 s", "2.0x")
    out = tmp_path / "RESULTS.md"
    out.write_text("old\n<!-- notes -->\nkept notes\n", encoding="utf-8")
    run.write_results(out, t, ["a note"], ["tiny"], 1.0, False)
    text = out.read_text(encoding="utf-8")
    assert "| tiny | load | 1 s | 2 s | 2.0x |" in text
    assert "kept notes" in text and "machine:" in text


@pytest.mark.slow
def test_wrk_http_bench_produces_every_row(tmp_path: Path) -> None:
    """Runs the wrk bench for a second per row on the curated data: every row is measured and
    the generator's ceiling is printed; never checks speed."""
    import shutil

    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian package `wrk`; make test installs it)")
    out = tmp_path / "http.md"
    bench = _module("http_wrk")
    assert bench.main(["--seconds", "1", "--connections", "4", "--out", str(out)]) == 0
    text = out.read_text()
    assert "Generator ceiling" in text
    for row in ("bare FastAPI", "no response cache", "response cache", "Oxigraph server",
                "mixed:", "serve --store"):
        assert row in text, row
