"""GraphQL views of review provenance: who read a link, who checked it, and what they read.

Kept apart from ``api.types`` so the record types only gain one field each (``review``).
"""

from __future__ import annotations

from enum import Enum

import strawberry

from kg import model as m


@strawberry.enum(description="Whether a reader read the primary copy of a work or a secondary "
                 "one (summary, mirror, aggregator).")
class CopyKind(Enum):
    PRIMARY = strawberry.enum_value("primary", description="The work as its authors or "
                                    "publisher issued it.")
    SECONDARY = strawberry.enum_value("secondary", description="A summary, mirror or aggregator "
                                      "copy; the link is only as good as that copy.")


@strawberry.enum(description="What the second, independent reading did to a link.")
class ReviewOutcome(Enum):
    CONFIRMED = strawberry.enum_value("confirmed", description="The second reader reached the "
                                      "same reading.")
    CORRECTED = strawberry.enum_value("corrected", description="The second reader disagreed; "
                                      "the link holds the settled reading (data/REVIEW.md).")


@strawberry.type(name="Review", description="Who recorded a link, who reviewed it, and which "
                 "copy and version of the source the settled reading rests on.")
class ReviewType:
    _r: strawberry.Private[m.Review]

    @strawberry.field(description="The curator who recorded the link (a named curator agent).")
    def curator(self) -> str | None:
        return self._r.curator

    @strawberry.field(description="When the curator read the source and recorded the link.")
    def created(self) -> str | None:
        return self._r.created

    @strawberry.field(description="The second reader who read the source independently.")
    def reviewer(self) -> str | None:
        return self._r.reviewer

    @strawberry.field(description="When the second reading was made (ISO date).")
    def reviewed_on(self) -> str | None:
        return self._r.reviewed_on

    @strawberry.field(description="Whether the second reading confirmed or corrected the first.")
    def outcome(self) -> ReviewOutcome | None:
        return ReviewOutcome(self._r.outcome) if self._r.outcome else None

    @strawberry.field(description="The version of the source read: arXiv version, publication "
                      "date or page revision.")
    def version_read(self) -> str | None:
        return self._r.version_read

    @strawberry.field(description="Whether the primary or a secondary copy was read.")
    def copy(self) -> CopyKind | None:
        return CopyKind(self._r.copy) if self._r.copy else None
