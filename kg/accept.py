"""HTTP ``Accept`` headers, ranked: one parser for the SPARQL endpoint and the record IRIs."""

from __future__ import annotations

WILDCARDS = ("*/*", "application/*", "text/*")


def ranked(accept: str) -> list[str]:
    """The media types of an ``Accept`` header, most preferred first (by q, then order)."""
    out = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip().lower() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((-q, i, bits[0]))
    return [mt for _q, _i, mt in sorted(out)]


def choose(accept: str | None, offered: list[str], default: str) -> str | None:
    """The first offered type the client accepts (a wildcard gets ``default``), or None."""
    if not accept:
        return default
    for mt in ranked(accept):
        if mt in offered:
            return mt
        if mt in WILDCARDS:
            return default
    return None
