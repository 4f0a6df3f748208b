"""The browser side: the explorer at ``/`` and GraphiQL at ``/graphiql``, both from assets in
the package (``api/static``), so they work with no internet: nothing is fetched from a CDN.

GraphiQL (3.8.3, UMD build, with React 18.3.1) is vendored unmodified with its licences
(``api/static/vendor/README.md``) and opens with the README's example queries as tabs.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"

#: the README's example queries, pre-filled in GraphiQL (one tab each)
EXAMPLES = [
    '{ arguments(where: {assumes: "sandboxed-in-training"}) { totalCount nodes { id title } } }',
    '{ argument(id: "hubinger-sleeper-agents") {\n'
    '    source { title authors year url arxivId }\n'
    '    dependencies { assumption { id } direction evidence locator rationale }\n'
    '    underminedBy { exception { id name } assumption { id } } } }',
    '{ evaluateScenario(facts: [{assumption: "parameters-fixed-in-deployment", holds: false},\n'
    '                           {assumption: "sandboxed-in-training", holds: false}]) {\n'
    '    undermined { argument { id } brokenAssumptions { id } } unaffectedCount } }',
]


@cache
def graphiql_page() -> str:
    examples = json.dumps([{"query": q} for q in EXAMPLES]).replace("</", "<\\/")
    return (STATIC / "graphiql.html").read_text(encoding="utf-8").replace("__EXAMPLES__",
                                                                           examples)


def add_explorer(app: FastAPI, graphiql: bool = True) -> None:
    """Mount the explorer at ``/`` and its assets at ``/static``; GraphiQL at ``/graphiql``
    only with ``graphiql`` (it needs introspection, which production turns off)."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def explorer() -> FileResponse:
        return FileResponse(STATIC / "explorer" / "index.html", media_type="text/html")

    if graphiql:
        @app.get("/graphiql", include_in_schema=False)
        def graphiql_ide() -> HTMLResponse:
            return HTMLResponse(graphiql_page())
