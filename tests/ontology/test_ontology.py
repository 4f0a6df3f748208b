"""The ontology documents every term, and its closure with the data is consistent."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

import kg
from kg.namespaces import LC
from kg.resources import ontology_file, shapes_file


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file())


def test_every_term_has_label_and_comment() -> None:
    g = _ontology()
    terms = {s for s in g.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(LC)}
    assert len(terms) > 40
    missing = [str(t) for t in terms
               if g.value(t, RDFS.label) is None or g.value(t, RDFS.comment) is None]
    assert not missing, missing


def test_ontology_header() -> None:
    g = _ontology()
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(onto, OWL.versionIRI) is not None
    assert g.value(onto, rdflib.URIRef("http://purl.org/dc/terms/license")) is not None


def test_shapes_cover_every_data_class() -> None:
    shapes = rdflib.Graph().parse(shapes_file())
    targets = set(shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass")))
    for cls in ("Phase", "LifecycleProperty", "Level", "Archetype", "Assumption", "Argument",
                "Dependency", "Source", "Exception", "Observation"):
        assert rdflib.URIRef(LC + cls) in targets, cls


def test_owl_rl_closure_has_no_contradiction(graph: kg.KnowledgeGraph) -> None:
    import owlrl

    g = rdflib.Graph()
    for t in graph.rdf:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    # owlrl records inconsistencies as triples on owl:Nothing or as error messages
    assert not list(g.subjects(RDF.type, OWL.Nothing))
    errors = list(g.objects(None, rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")))
    assert not errors, errors[:5]
