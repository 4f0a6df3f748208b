"""Namespaces: one stable vocabulary namespace and one for curated records."""

from typing import Final

LC: Final = "https://w3id.org/lifecycle-kg/ontology#"
LCD: Final = "https://w3id.org/lifecycle-kg/id/"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
DCTERMS: Final = "http://purl.org/dc/terms/"
PROV: Final = "http://www.w3.org/ns/prov#"
SCHEMA: Final = "https://schema.org/"
SH: Final = "http://www.w3.org/ns/shacl#"

#: Prefixes used when writing Turtle, in the order they are declared.
PREFIXES: Final[dict[str, str]] = {
    "dcterms": DCTERMS,
    "lc": LC,
    "lcd": LCD,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}


def record_iri(slug: str) -> str:
    return LCD + slug


def slug_of(iri: str) -> str:
    """The slug of a record IRI; other IRIs are returned whole."""
    return iri[len(LCD):] if iri.startswith(LCD) else iri
