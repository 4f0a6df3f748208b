"""The GraphQL schema over the ``KnowledgeGraph`` facade.

Paging: ``first`` defaults to 20 and may be at most 100 (``MAX_FIRST``); a larger or negative
value is a GraphQL error (code ``BAD_USER_INPUT``), not silently clamped, so a client never
mistakes a short page for the whole list. Cursors are opaque (base64 of ``<kind>:<id>``) and
stable: lists are ordered by id and ``after`` means "ids after this one", so a cursor stays
valid across reloads even if its record is gone.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import anyio.to_thread
import strawberry
from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
)
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.types import ExecutionContext, Info

from api.context import Context
from api.cost import COST_LIMIT, CostLimiter
from api.coverage import CoverageRowType, NoDependencyType, coverage, no_dependencies
from api.deadline import DeadlineExecutor, QueryTimeoutError, start_clock
from api.errors import ApiError, ErrorCodes, NoSuggestions, OneOperation, is_client_error
from api.types import (
    ALL_TYPES,
    ArgumentConnection,
    ArgumentEdge,
    ArgumentType,
    ArgumentWhere,
    AssumptionType,
    ExceptionConnection,
    ExceptionEdge,
    ExceptionType,
    ExceptionWhere,
    FactInput,
    LifecyclePropertyType,
    Node,
    PageInfo,
    PhaseType,
    ScenarioReportType,
    SearchHitType,
    SourceType,
    StatsType,
    UnderminingType,
    opt,
    to_node,
)
from kg import model as m
from kg.graph import KnowledgeGraph

MAX_FIRST = 100
DEFAULT_FIRST = 20
MAX_DEPTH = 10
MAX_TOKENS = 2000
MAX_ALIASES = 30
#: Fields in an operation once every fragment spread is expanded (a fragment bomb is small text
#: that expands exponentially; the depth and alias limiters would expand it too).
MAX_EXPANDED_FIELDS = 5000
CACHE_SIZE = 256
#: Seconds a query may run before its remaining fields fail with ``QUERY_TIMEOUT``.
QUERY_TIMEOUT = 10.0


T = TypeVar("T")


# ---------------------------------------------------------------------------- paging


def encode_cursor(kind: str, id: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{id}".encode()).decode("ascii")


def decode_cursor(kind: str, cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    prefix = f"{kind}:"
    if not text.startswith(prefix) or len(text) == len(prefix):
        raise ApiError(f"invalid cursor {cursor[:80]!r}: pass the endCursor or an edge cursor "
                       f"of an earlier {kind} page as `after`", code="BAD_CURSOR")
    return text[len(prefix):]


def check_first(first: int | None, default: int = DEFAULT_FIRST) -> int:
    if first is None:
        return default
    if first < 0 or first > MAX_FIRST:
        raise ApiError(f"first must be between 0 and {MAX_FIRST}, not {first}; fetch more "
                       "pages with `after: pageInfo.endCursor`", code="BAD_PAGE_SIZE",
                       max=MAX_FIRST)
    return first


def _page(
    items: Sequence[T], ids: Callable[[T], str], kind: str, first: int | None, after: str | None
) -> tuple[list[tuple[str, T]], PageInfo, int]:
    n = check_first(opt(first))
    rest = list(items)
    cursor = opt(after)
    if cursor is not None:
        last = decode_cursor(kind, cursor)
        rest = [x for x in items if ids(x) > last]
    page = [(encode_cursor(kind, ids(x)), x) for x in rest[:n]]
    info = PageInfo(
        has_next_page=len(rest) > n,
        has_previous_page=len(rest) < len(items),
        start_cursor=page[0][0] if page else None,
        end_cursor=page[-1][0] if page else None,
    )
    return page, info, len(items)


# ---------------------------------------------------------------------------- filtering


def _kg(info: Info) -> KnowledgeGraph:
    return info.context.kg


def _contains(needle: str, *texts: str) -> bool:
    n = needle.casefold()
    return any(n in t.casefold() for t in texts)


def _given(where: Any) -> Any:
    """A copy of a where-input with unset fields as None."""
    if where is None or where is strawberry.UNSET:
        return None
    return type(where)(**{k: (None if v is strawberry.UNSET else v)
                          for k, v in vars(where).items()})


def filter_arguments(ctx: Context, where: ArgumentWhere | None) -> list[m.Argument]:
    """Arguments matching every given filter, ordered by id; unknown ids raise."""
    kg = ctx.kg
    where = _given(where)
    every = kg.arguments_by_id()
    keep: set[str] = set(every)

    def narrow(ids: Iterable[str]) -> None:
        keep.intersection_update(ids)

    if where is not None:
        if where.assumes is not None:
            narrow(a.id for a in kg.arguments_assuming(where.assumes, "holds"))
        if where.assumes_not is not None:
            narrow(a.id for a in kg.arguments_assuming(where.assumes_not, "fails"))
        if where.argues_not is not None:
            narrow(a.id for a in kg.arguments_assuming(where.argues_not, "argues-fails"))
        if where.depends_on is not None:
            narrow(a.id for a in kg.arguments_assuming(where.depends_on, None))
        if where.property is not None or where.phase is not None:
            narrow(a.id for a in kg.arguments_on_property(property=where.property,
                                                          phase=where.phase))
        if where.undermined_by is not None:
            narrow(u.argument_id for u in kg.arguments_undermined_by(where.undermined_by))
        if where.kind is not None:
            kinds = set(kg.argument_kinds()) | {a.kind for a in every.values()}
            if where.kind not in kinds:
                import difflib

                near = difflib.get_close_matches(where.kind, sorted(kinds), n=3, cutoff=0.5)
                hint = f"; did you mean {', '.join(repr(k) for k in near)}?" if near else ""
                raise ApiError(f"unknown argument kind {where.kind!r}{hint} (kinds: "
                               f"{', '.join(sorted(kinds))})", code="UNKNOWN_KIND",
                               suggestions=near)
            narrow(a.id for a in every.values() if a.kind == where.kind)
        if where.text is not None:
            narrow(a.id for a in every.values() if _contains(where.text, a.title, a.summary))
    return [every[i] for i in sorted(keep)]


def filter_exceptions(ctx: Context, where: ExceptionWhere | None) -> list[m.ExceptionCase]:
    """Exceptions matching every given filter, ordered by id; unknown ids raise."""
    kg = ctx.kg
    where = _given(where)
    every = kg.exceptions_by_id()
    keep: set[str] = set(every)
    if where is not None:
        status = where.status.value if where.status is not None else None
        if where.observes is not None:
            keep &= {e.id for e in kg.exceptions_observing(where.observes, status,
                                                           bool(where.include_forecasts))}
        elif status is not None:
            keep &= {e.id for e in every.values()
                     if any(o.status == status for o in e.observations)}
        if where.phase is not None:
            keep &= {e.id for e in kg.exceptions_in_phase(where.phase)}
        if where.text is not None:
            keep &= {e.id for e in every.values() if _contains(where.text, e.name, e.summary)}
    return [every[i] for i in sorted(keep)]


# ---------------------------------------------------------------------------- query


@strawberry.type(description="Questions about AI-safety arguments and the lifecycle "
                 "assumptions they depend on.")
class Query:
    @strawberry.field(description="Arguments matching `where` (all given filters, AND), ordered "
                      f"by id. `first` is at most {MAX_FIRST}; more is an error.")
    def arguments(
        self,
        info: Info,
        where: ArgumentWhere | None = strawberry.UNSET,
        first: int | None = DEFAULT_FIRST,
        after: str | None = strawberry.UNSET,
    ) -> ArgumentConnection:
        page, page_info, total = _page(filter_arguments(info.context, where), lambda a: a.id,
                                       "argument", first, after)
        edges = [ArgumentEdge(cursor=c, node=ArgumentType.of(a)) for c, a in page]
        return ArgumentConnection(edges=edges, nodes=[e.node for e in edges],
                                  page_info=page_info, total_count=total)

    @strawberry.field(description="One argument by slug or IRI; an unknown id is an error that "
                      "suggests close ids.")
    def argument(self, info: Info, id: strawberry.ID) -> ArgumentType | None:
        return ArgumentType.of(_kg(info).argument(id))

    @strawberry.field(description="Assumptions, ordered by id; optionally only those about one "
                      "axis and/or phase.")
    def assumptions(
        self, info: Info, property: strawberry.ID | None = strawberry.UNSET,
        phase: strawberry.ID | None = strawberry.UNSET,
    ) -> list[AssumptionType]:
        return [AssumptionType.of(a)
                for a in _kg(info).assumptions(property=opt(property), phase=opt(phase))]

    @strawberry.field(description="One assumption by slug or IRI.")
    def assumption(self, info: Info, id: strawberry.ID) -> AssumptionType | None:
        return AssumptionType.of(_kg(info).assumption(id))

    @strawberry.field(description="The lifecycle properties (axes), ordered by id.")
    def properties(self, info: Info) -> list[LifecyclePropertyType]:
        return [LifecyclePropertyType.of(p) for p in _kg(info).properties()]

    @strawberry.field(description="One lifecycle property (axis) by slug or IRI.")
    def property(self, info: Info, id: strawberry.ID) -> LifecyclePropertyType | None:
        return LifecyclePropertyType.of(_kg(info).property(id))

    @strawberry.field(description="The phases, in lifecycle order.")
    def phases(self, info: Info) -> list[PhaseType]:
        return [PhaseType.of(p) for p in _kg(info).phases()]

    @strawberry.field(description="One phase by slug or IRI.")
    def phase(self, info: Info, id: strawberry.ID) -> PhaseType | None:
        return PhaseType.of(_kg(info).phase(id))

    @strawberry.field(description="The sources, ordered by id.")
    def sources(self, info: Info) -> list[SourceType]:
        return [SourceType.of(s) for s in _kg(info).sources()]

    @strawberry.field(description="One source by slug or IRI.")
    def source(self, info: Info, id: strawberry.ID) -> SourceType | None:
        return SourceType.of(_kg(info).source(id))

    @strawberry.field(description="Exceptions matching `where` (all given filters, AND), "
                      f"ordered by id. `first` is at most {MAX_FIRST}; more is an error.")
    def exceptions(
        self,
        info: Info,
        where: ExceptionWhere | None = strawberry.UNSET,
        first: int | None = DEFAULT_FIRST,
        after: str | None = strawberry.UNSET,
    ) -> ExceptionConnection:
        page, page_info, total = _page(filter_exceptions(info.context, where), lambda e: e.id,
                                       "exception", first, after)
        edges = [ExceptionEdge(cursor=c, node=ExceptionType.of(e)) for c, e in page]
        return ExceptionConnection(edges=edges, nodes=[e.node for e in edges],
                                   page_info=page_info, total_count=total)

    @strawberry.field(description="One exception by slug or IRI.")
    def exception(self, info: Info, id: strawberry.ID) -> ExceptionType | None:
        return ExceptionType.of(_kg(info).exception(id))

    @strawberry.field(description="Every (exception, argument, assumption) where the exception "
                      "documents a premise of the argument taking the opposite value; "
                      "optionally for one argument and/or one exception. Forecasts count only "
                      "with `includeForecasts`.")
    def underminings(
        self, info: Info, argument: strawberry.ID | None = strawberry.UNSET,
        exception: strawberry.ID | None = strawberry.UNSET, include_forecasts: bool = False,
    ) -> list[UnderminingType]:
        return [UnderminingType(_r=u)
                for u in _kg(info).underminings(argument=opt(argument),
                                                exception=opt(exception),
                                                include_forecasts=include_forecasts)]

    @strawberry.field(description="Suppose some assumptions hold or fail (and/or take an "
                      "exception's observations as facts, violated, weakened and predicted "
                      "counting as failing; explicit facts win): which arguments lose a "
                      "premise? Conclusions never count.")
    def evaluate_scenario(
        self, info: Info, facts: list[FactInput] | None = strawberry.UNSET,
        from_exception: strawberry.ID | None = strawberry.UNSET,
    ) -> ScenarioReportType:
        given: dict[str, bool] = {}
        for f in facts or ():
            if f.assumption in given and given[f.assumption] != f.holds:
                raise ApiError(f"contradictory facts for assumption {f.assumption!r}",
                               code="CONTRADICTORY_FACTS")
            given[f.assumption] = f.holds
        return ScenarioReportType(_r=_kg(info).evaluate(given, from_exception=opt(from_exception)))

    @strawberry.field(description="Case-insensitive search over arguments, exceptions, "
                      "assumptions and sources, best matches first. `first` is at most "
                      f"{MAX_FIRST}.")
    def search(
        self, info: Info, text: str, first: int | None = DEFAULT_FIRST
    ) -> list[SearchHitType]:
        n = check_first(opt(first))
        return [SearchHitType(kind=h.kind, id=strawberry.ID(h.id), label=h.label, score=h.score)
                for h in _kg(info).search(text, limit=n)]

    @strawberry.field(description="Any record by slug or IRI, whatever its kind; null for an "
                      "id no record has (as Relay clients expect).")
    def node(self, info: Info, id: strawberry.ID) -> Node | None:
        from kg.errors import UnknownIdError

        try:
            return to_node(_kg(info).resolve(id))
        except UnknownIdError:
            return None

    coverage: list[CoverageRowType] = strawberry.field(
        resolver=coverage, description="Per assumption: arguments requiring it to hold or to "
        "fail, arguments concluding it fails, documented cases, forecasts, and works read "
        "without a dependency.")
    no_dependencies: list[NoDependencyType] = strawberry.field(
        resolver=no_dependencies, description="Works read for an assumption (all, or the one "
        "given) and found not to rely on it.")

    @strawberry.field(description="How many records of each class the graph holds.")
    def stats(self, info: Info) -> StatsType:
        s = _kg(info).stats()
        return StatsType(
            phases=s["Phase"], properties=s["LifecycleProperty"], levels=s["Level"],
            archetypes=s["Archetype"], assumptions=s["Assumption"], arguments=s["Argument"],
            dependencies=s["Dependency"], sources=s["Source"], exceptions=s["Exception"],
            observations=s["Observation"], no_dependency_findings=s.get("NoDependencyFinding", 0),
            triples=s["triples"],
        )


# ---------------------------------------------------------------------------- schema


def _stable(template: AddValidationRules) -> Callable[[], SchemaExtension]:
    """A factory giving each request a fresh limiter that reuses one set of rule classes.

    The limiters build a new validation-rule class in their constructor; a fresh class per
    request would make every request miss ``ValidationCache`` (its key includes the rules).
    The rule classes are stateless, so sharing them is safe; the extension objects are not
    shared.
    """
    cls = type(template)
    rules = list(template.validation_rules)

    def make() -> SchemaExtension:
        ext = cls.__new__(cls)
        AddValidationRules.__init__(ext, rules)
        return ext

    return make


def expanded_size(document: DocumentNode, limit: int) -> int:
    """Fields in the document with fragments expanded, counted with memoised fragments.

    Stops counting past ``limit``; a fragment cycle counts once (validation rejects it).
    """
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    sizes: dict[str, int] = {}

    def size(selections: Any) -> int:
        total = 0
        for sel in selections or ():
            if isinstance(sel, FieldNode):
                total += 1 + (size(sel.selection_set.selections) if sel.selection_set else 0)
            elif isinstance(sel, InlineFragmentNode):
                total += size(sel.selection_set.selections)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name not in sizes:
                    sizes[name] = 0  # in progress: a cycle adds nothing
                    frag = fragments.get(name)
                    sizes[name] = size(frag.selection_set.selections) if frag else 0
                total += sizes[name]
            if total > limit:
                return total
        return total

    total = 0
    for d in document.definitions:
        if isinstance(d, OperationDefinitionNode):
            total += size(d.selection_set.selections)
    return total


class ExpansionLimiter(SchemaExtension):
    """Refuse fragment bombs before the other validation rules expand them."""

    def on_validate(self) -> Iterator[None]:
        doc = self.execution_context.graphql_document
        if doc is not None:
            n = expanded_size(doc, MAX_EXPANDED_FIELDS)
            if n > MAX_EXPANDED_FIELDS:
                raise GraphQLError(
                    f"query too large: more than {MAX_EXPANDED_FIELDS} fields once fragments "
                    "are expanded", extensions={"code": "QUERY_TOO_COMPLEX"})
        yield


class QueryTimeout(SchemaExtension):
    """A per-query deadline (checked by ``api.deadline.DeadlineExecutor`` as the answer is
    built). A query past it gets one ``QUERY_TIMEOUT`` error and no data."""

    def __init__(self, seconds: float = QUERY_TIMEOUT) -> None:
        self.seconds = seconds

    def on_execute(self) -> Iterator[None]:
        start_clock(self.execution_context.context, self.seconds)
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None) or ()
        timed_out = [e for e in errors if isinstance(e.original_error, QueryTimeoutError)]
        if timed_out and result is not None:
            first = timed_out[0]
            first.extensions = {"code": "QUERY_TIMEOUT", "seconds": self.seconds}
            result.data = None
            result.errors = [first]


def extensions(production: bool = False, timeout: float = QUERY_TIMEOUT,
               cost_limit: int = COST_LIMIT) -> list[Any]:
    """Per-request extension factories (classes or callables, never shared instances)."""
    exts: list[Any] = [
        OneOperation,
        ExpansionLimiter,
        functools.partial(CostLimiter, cost_limit),
        functools.partial(QueryTimeout, timeout),
        _stable(QueryDepthLimiter(max_depth=MAX_DEPTH)),
        _stable(MaxAliasesLimiter(max_alias_count=MAX_ALIASES)),
        functools.partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        functools.partial(ParserCache, maxsize=CACHE_SIZE),
        functools.partial(ValidationCache, maxsize=CACHE_SIZE),
        ErrorCodes,
    ]
    if production:
        no_introspection: list[type[ASTValidationRule]] = [NoSchemaIntrospectionCustomRule]
        exts.insert(0, lambda: AddValidationRules(no_introspection))
        exts.append(functools.partial(MaskErrors, should_mask_error=lambda e:
                                      not is_client_error(e)))
        exts.append(NoSuggestions)
    return exts


class GraphSchema(strawberry.Schema):
    """Logs only unexpected errors: a bad id or page size is the client's, not ours.

    Operations run on a worker thread, not on the event loop: the resolvers are synchronous
    and CPU-bound, and on the loop one expensive query would stall ``/healthz`` and every
    cheap query until it finished.
    """

    async def execute(  # type: ignore[override]
        self, query: str | None, variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None, root_value: Any | None = None,
        operation_name: str | None = None, allowed_operation_types: Any = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> Any:
        return await anyio.to_thread.run_sync(functools.partial(
            self.execute_sync, query, variable_values, context_value, root_value,
            operation_name, allowed_operation_types, operation_extensions))

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        unexpected = [e for e in errors if e.original_error is not None
                      and not is_client_error(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


@functools.cache
def build_schema(production: bool = False, timeout: float = QUERY_TIMEOUT,
                 cost_limit: int = COST_LIMIT) -> strawberry.Schema:
    """The schema; ``production`` turns off introspection and masks unexpected errors;
    ``timeout`` is the per-query deadline in seconds; ``cost_limit`` the most items an
    operation may be estimated to return."""
    return GraphSchema(query=Query, types=list(ALL_TYPES),
                       extensions=extensions(production, timeout, cost_limit),
                       execution_context_class=DeadlineExecutor)


def sdl() -> str:
    """The schema in GraphQL SDL, as committed in ``schema.graphql``."""
    return build_schema().as_str() + "\n"


def execute_query(
    kg: KnowledgeGraph, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run one query in-process; the result as a JSON-ready dict (``data``, maybe ``errors``)."""
    result = build_schema().execute_sync(query, variable_values=variables,
                                         context_value=Context(kg))
    out: dict[str, Any] = {"data": result.data}
    if result.errors:
        out["errors"] = [e.formatted for e in result.errors]
    return out
