"""One test case per curated record, so a failure names the claim that is wrong."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlparse

import pytest

from tests.conftest import curated

G = curated()
ARGUMENTS = G.arguments()
EXCEPTIONS = G.exceptions()
SOURCES = G.sources()
ASSUMPTIONS = {a.id for a in G.assumptions()}
ARGUMENT_IDS = {a.id for a in ARGUMENTS}
_ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")
_BARE_ABSTRACT = re.compile(r"^\s*abstract[\s.;:]*$", re.IGNORECASE)


def _check_review(link: object, what: str) -> None:
    r = link.review  # type: ignore[attr-defined]
    assert r.curator and r.curator != "curators", f"{what}: curated by a named curator"
    assert r.reviewer and r.reviewer != r.curator, f"{what}: reviewed by a second reader"
    assert r.reviewed_on and r.created and r.outcome in ("confirmed", "corrected")
    assert r.version_read and r.version_read.strip() and r.copy in ("primary", "secondary")
    if link.evidence == "explicit":  # type: ignore[attr-defined]
        assert not _BARE_ABSTRACT.match(link.locator), \
            f"{what}: an explicit link needs a locator a reader can check, not 'Abstract'"  # type: ignore[attr-defined]


def test_enough_records() -> None:
    assert len(ARGUMENTS) >= 60
    assert len(EXCEPTIONS) >= 25


@pytest.mark.parametrize("finding", G.no_dependencies(),
                         ids=lambda n: f"{n.source_id}.no-{n.assumption_id}")
def test_no_dependency_finding(finding) -> None:  # type: ignore[no-untyped-def]
    assert finding.assumption_id in ASSUMPTIONS and len(finding.rationale) >= 20
    assert finding.curator and finding.curator != "curators"
    relying = {d.assumption_id for a in G.arguments_citing(finding.source_id)
               for d in a.dependencies}
    assert finding.assumption_id not in relying


@pytest.mark.parametrize("arg", ARGUMENTS, ids=lambda a: a.id)
def test_argument_record(arg) -> None:  # type: ignore[no-untyped-def]
    assert arg.title.strip() and len(arg.summary) >= 40
    assert arg.dependencies, "every argument needs a dependency"
    for d in arg.dependencies:
        assert d.assumption_id in ASSUMPTIONS
        assert d.locator.strip(), f"{d.assumption_id}: no locator"
        assert len(d.rationale) >= 20, f"{d.assumption_id}: no rationale"
        assert (d.strength is not None) == d.is_premise, f"{d.assumption_id}: strength"
        _check_review(d, d.assumption_id)
    for other in (*arg.responds_to, *arg.disputes):
        assert other in ARGUMENT_IDS and other != arg.id
    assert arg.source.url


@pytest.mark.parametrize("exc", EXCEPTIONS, ids=lambda e: e.id)
def test_exception_record(exc) -> None:  # type: ignore[no-untyped-def]
    assert exc.observations, "every exception needs an observation"
    assert exc.phase_ids
    forecast = exc.kind in ("forecast", "hypothetical")
    for o in exc.observations:
        assert o.assumption_id in ASSUMPTIONS
        assert o.locator.strip() and len(o.rationale) >= 20
        assert o.is_forecast == forecast, f"{o.assumption_id}: forecasts only in forecasts"
        _check_review(o, o.assumption_id)
    assert 1940 <= exc.year <= 2026


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.id)
def test_source_record(src) -> None:  # type: ignore[no-untyped-def]
    url = urlparse(src.url)
    assert url.scheme in ("http", "https") and "." in url.netloc, src.url
    assert src.authors and all(a.strip() for a in src.authors)
    assert not any(re.search(r"et al", a, re.IGNORECASE) for a in src.authors), \
        "write the full author list"
    if src.arxiv_id:
        assert _ARXIV.match(src.arxiv_id), src.arxiv_id
        assert src.url == f"https://arxiv.org/abs/{src.arxiv_id}"
    if "arxiv.org" in src.url:
        assert src.arxiv_id, "an arXiv URL needs lc:arxivId"
    assert not re.search(r"arxiv\.org/(pdf|html)/|ar5iv|arxiv-vanity", src.url), \
        "cite the abs page, not a rendering"


def test_no_two_records_for_the_same_source() -> None:
    for key in ("url", "arxiv_id", "title"):
        values = [getattr(s, key) for s in SOURCES if getattr(s, key)]
        dupes = [v for v, n in Counter(v.lower() if isinstance(v, str) else v
                                       for v in values).items() if n > 1]
        assert not dupes, f"sources share a {key}: {dupes}"


def test_every_record_is_linked() -> None:
    assert G.unlinked() == []
