"""The committed pyLODE page: titled with the ontology's name, and regenerated without drift."""

from __future__ import annotations

import re

import rdflib

from kg.ontology_docs import html_file, render
from kg.resources import ontology_file


def _title(html: str) -> str:
    found = re.search(r"<title>([^<]*)</title>", html)
    assert found, "the page has no <title>"
    return found.group(1)


def test_page_is_titled_with_the_ontologys_name() -> None:
    g = rdflib.Graph().parse(ontology_file())
    onto = rdflib.URIRef("https://w3id.org/lifecycle-kg/ontology")
    name = str(g.value(onto, rdflib.URIRef("http://purl.org/dc/terms/title")))
    assert _title(html_file().read_text(encoding="utf-8")) == name


def test_page_matches_the_ontology() -> None:
    fresh = render()
    assert fresh == html_file().read_text(encoding="utf-8"), (
        "ontology/lifecycle.html is out of date with ontology/lifecycle.ttl: run `make docs`")
    # served offline: no script or stylesheet fetched from elsewhere
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', fresh)
