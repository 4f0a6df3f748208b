"""The ontology documents every term, and its closure with the data is consistent."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

import kg
from kg.namespaces import LC
from kg.resources import ontology_file, ontology_files, shapes_file


def _ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for f in ontology_files():
        g.parse(f)
    return g


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


DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
ONTOLOGY = rdflib.URIRef("https://w3id.org/lifecycle-kg/ontology")


def test_header_says_who_when_and_which_prefix() -> None:
    g = rdflib.Graph().parse(ontology_file())
    assert set(g.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY}
    for p in (DCT.title, DCT.description, DCT.creator, DCT.publisher, DCT.created,
              DCT.modified, DCT.license, VANN.preferredNamespacePrefix,
              VANN.preferredNamespaceUri, OWL.versionIRI, OWL.versionInfo):
        assert g.value(ONTOLOGY, p) is not None, p
    assert str(g.value(ONTOLOGY, VANN.preferredNamespaceUri)) == LC
    assert str(g.value(ONTOLOGY, OWL.versionIRI)).endswith(str(g.value(ONTOLOGY,
                                                                        OWL.versionInfo)))
    # created and modified are dates, modified not before created
    assert g.value(ONTOLOGY, DCT.created).toPython() <= g.value(ONTOLOGY, DCT.modified).toPython()


def test_every_term_is_defined_by_the_ontology() -> None:
    g = _ontology()
    terms = {s for s in g.subjects(RDF.type, None)
             if isinstance(s, rdflib.URIRef) and str(s).startswith(LC)}
    missing = sorted(str(t) for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY) not in g)
    assert not missing, missing


def test_concept_schemes_live_apart_from_the_ontology_header() -> None:
    """pyLODE (and other documentation tools) take a ConceptScheme in the ontology's document
    for its header: the page came out titled "Exception kinds"."""
    proper = rdflib.Graph().parse(ontology_file())
    assert not list(proper.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(set(_ontology().subjects(RDF.type, SKOS.ConceptScheme))) == 2
