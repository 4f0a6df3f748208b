"""Readable HTML pages for records, served at their IRIs to browsers (``text/html``).

Plain HTML from the facade's views: each page links to the records it mentions and to the
GraphQL query that returns the same data. Everything shown is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from kg import model as m
from kg.graph import KnowledgeGraph

_STYLE = ("body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
          "padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-top:1px solid "
          "#ddd;padding:.3rem;vertical-align:top;text-align:left}small,.m{color:#555}"
          "code{font-size:90%}")


def _a(kind_slug: str, text: str) -> str:
    return f'<a href="/id/{quote(kind_slug)}">{escape(text)}</a>'


def _page(title: str, body: str, graphql: str) -> str:
    q = quote(graphql)
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style><h1>{escape(title)}</h1>{body}"
            f'<p class=m>Same data in GraphQL: <a href="/graphql?query={q}">query</a>. '
            "This page as <code>text/turtle</code>, <code>application/n-triples</code> or "
            "<code>application/ld+json</code>: ask with <code>Accept</code>.</p></html>")


def _source(s: m.Source) -> str:
    authors = escape("; ".join(s.authors))
    return (f'<p>Source: <a href="{escape(s.url)}">{escape(s.title)}</a> '
            f"<small>({authors}, {s.year})</small></p>")


def argument_page(kg: KnowledgeGraph, a: m.Argument) -> str:
    rows = "".join(
        f"<tr><td>{_a(d.assumption_id, d.assumption_id)}</td><td>{escape(d.direction)}</td>"
        f"<td>{escape(d.strength or '')}</td><td>{escape(d.evidence)}</td>"
        f"<td>{escape(d.locator)}</td><td>{escape(d.rationale)}</td>"
        f"<td><small>{escape(d.review.curator or '')} / {escape(d.review.reviewer or '')}"
        f"</small></td></tr>" for d in a.dependencies)
    und = "".join(f"<li>{_a(u.exception_id, u.exception_id)} shows "
                  f"{_a(u.assumption_id, u.assumption_id)} {escape(u.status)}</li>"
                  for u in kg.underminings(argument=a.id))
    resp = "".join(f"<li>{_a(r.id, r.title)}</li>" for r in kg.responders_to(a.id))
    body = (f"<p class=m>{escape(a.kind)}</p><p>{escape(a.summary)}</p>{_source(a.source)}"
            "<h2>Dependencies</h2><table><tr><th>assumption<th>direction<th>strength"
            f"<th>evidence<th>locator<th>rationale<th>curator / reviewer</tr>{rows}</table>"
            f"<h2>Undermined by</h2><ul>{und or '<li>no documented case</li>'}</ul>"
            f"<h2>Responses</h2><ul>{resp or '<li>none recorded</li>'}</ul>")
    return _page(a.title, body, f'{{ argument(id: "{a.id}") {{ title summary dependencies '
                 "{ assumption { id } direction strength evidence locator rationale } "
                 "underminedBy { exception { id } assumption { id } } } }")


def assumption_page(kg: KnowledgeGraph, x: m.Assumption) -> str:
    def lst(items: list[Any]) -> str:
        return "".join(f"<li>{_a(i.id, i.title)}</li>" for i in items) or "<li>none</li>"

    obs = "".join(
        f"<li>{_a(e.id, e.name)} <small>({escape(o.status)})</small></li>"
        for e in kg.exceptions_observing(x.id, include_forecasts=True)
        for o in e.observations if o.assumption_id == x.id) or "<li>none</li>"
    body = (f"<p>{escape(x.statement)}</p><p class=m>axis {_a(x.property_id, x.property_id)}"
            f"{', phase ' + escape(x.phase_id) if x.phase_id else ''}</p>"
            "<h2>Arguments requiring it to hold</h2>"
            f"<ul>{lst(kg.arguments_assuming(x.id, 'holds'))}</ul>"
            "<h2>Arguments requiring it to fail</h2>"
            f"<ul>{lst(kg.arguments_assuming(x.id, 'fails'))}</ul>"
            f"<h2>Arguments concluding it fails</h2>"
            f"<ul>{lst(kg.arguments_assuming(x.id, 'argues-fails'))}</ul>"
            f"<h2>Cases observing it</h2><ul>{obs}</ul>")
    return _page(x.label, body, f'{{ assumption(id: "{x.id}") {{ label statement arguments '
                 "{ id } exceptions(includeForecasts: true) { id } } }")


def generic_page(title: str, turtle: str, kind: str, slug: str) -> str:
    return _page(title, f"<p class=m>{escape(kind)}</p><pre>{escape(turtle)}</pre>",
                 f'{{ node(id: "{slug}") {{ id iri }} }}')
