"""The GraphML export opens in the graph tools people use: igraph (Python) and graphology
(JavaScript), with one unique id per edge and the dependency's locator and rationale."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import kg
from tests.npm import node_script


@pytest.fixture(scope="module")
def graphml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import curated

    f = tmp_path_factory.mktemp("graphml") / "kg.graphml"
    f.write_text(curated().export("graphml"), encoding="utf-8")
    return f


def test_igraph_reads_it(graphml: Path, graph: kg.KnowledgeGraph) -> None:
    import igraph

    g = igraph.Graph.Read_GraphML(str(graphml))
    nx_graph = graph.to_networkx()
    assert g.vcount() == nx_graph.number_of_nodes() and g.ecount() == nx_graph.number_of_edges()
    assert {"relation", "locator", "rationale", "direction"} <= set(g.es.attributes())


def test_graphology_reads_it(graphml: Path, graph: kg.KnowledgeGraph) -> None:
    node, script = node_script("read_graphml.mjs", "graphology-graphml")
    out = subprocess.run([node, str(script), str(graphml)], capture_output=True, text=True,
                         timeout=120, check=True)
    got = json.loads(out.stdout)
    assert got["size"] == graph.to_networkx().number_of_edges()
