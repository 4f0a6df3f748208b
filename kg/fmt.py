"""The formatter's safety net: rewrite a data file canonically only if the new text provably
means the same, and refuse (with the line) what the canonical form cannot carry.

Refused rather than altered: ``#`` comments (the canonical form has nowhere to keep them),
relative IRIs (they would be resolved against this machine's path), RDF 1.2 base-direction
tags and RDF-star quoted triples. After formatting, the new text is parsed again and its
triples compared with the original's; any difference refuses the rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.turtle import canonical_turtle

#: a base no data file uses, so relative IRIs show up after parsing
_PROBE_BASE = "relative-iri-probe:/"
_DIRECTION_TAG = re.compile(r'"@[A-Za-z]+(?:-[A-Za-z0-9]+)*--(?:ltr|rtl)\b')
_LONG_QUOTE = re.compile(r'"""|\'\'\'')


@dataclass(frozen=True)
class Refusal(Exception):
    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message


def _comment_line(text: str) -> int | None:
    """First line holding a ``#`` comment outside strings and IRIs (a small Turtle lexer)."""
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            return line
        elif c == "<":
            j = text.find(">", i)
            if j == -1:
                return None
            line += text.count("\n", i, j)
            i = j
        elif c in "\"'":
            long = text.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            line += text.count("\n", i, j)
            i = j + len(quote) - 1
        i += 1
    return None


def _triples(data: bytes, base: str) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base)]


def canonical_text(raw: bytes) -> str:
    """The canonical form of one data file, or :class:`Refusal` saying why it cannot be
    rewritten safely (``SyntaxError`` if it does not parse)."""
    text = raw.decode("utf-8")
    line = _comment_line(text)
    if line is not None:
        raise Refusal(line, "holds a # comment, which the canonical form would drop; move "
                      "the note into an rdfs:comment or the commit message")
    m = _DIRECTION_TAG.search(text)
    if m:
        raise Refusal(text.count("\n", 0, m.start()) + 1,
                      "uses an RDF 1.2 base-direction tag, which the canonical form cannot "
                      "write")
    try:
        triples = _triples(raw, _PROBE_BASE)
    except SyntaxError:
        raise
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.Triple):
                raise Refusal(None, "holds an RDF-star quoted triple, which the canonical form "
                              "cannot write")
            if isinstance(term, ox.NamedNode) and term.value.startswith(_PROBE_BASE):
                at = text.find("<" + term.value[len(_PROBE_BASE):] + ">")
                raise Refusal(text.count("\n", 0, at) + 1 if at >= 0 else None,
                              f"uses a relative IRI <{term.value[len(_PROBE_BASE):]}>; write it "
                              "in full (lcd:slug or <https://...>)")
    out = canonical_turtle(triples)
    again = _triples(out.encode("utf-8"), _PROBE_BASE)
    if _key(again) != _key(triples):
        raise Refusal(None, "formatting would change the triples; nothing was rewritten")
    return out


def _key(triples: list[ox.Triple]) -> set[str]:
    if any(isinstance(x, ox.BlankNode) for t in triples for x in (t.subject, t.object)):
        import rdflib
        from rdflib.compare import to_canonical_graph

        g = rdflib.Graph().parse(data="\n".join(f"{t} ." for t in triples), format="nt")
        return {" ".join(x.n3() for x in t) for t in to_canonical_graph(g)}
    return {str(t) for t in triples}
