"""Errors a client can act on, and the codes attached to them in GraphQL responses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from kg.errors import UnknownIdError


class ApiError(Exception):
    """Bad input the client can fix (a cursor, a page size, an unknown kind)."""

    def __init__(self, message: str, code: str = "BAD_USER_INPUT", **extra: object) -> None:
        super().__init__(message)
        self.code = code
        self.extra = extra


#: Errors whose message is meant for the client: never masked, never a 500.
CLIENT_ERRORS: tuple[type[BaseException], ...] = (UnknownIdError, ApiError, ValueError,
                                                  GraphQLError)


def is_client_error(error: GraphQLError) -> bool:
    """Validation and parse errors have no original error; resolver errors are ours if listed."""
    return error.original_error is None or isinstance(error.original_error, CLIENT_ERRORS)


class ErrorCodes(SchemaExtension):
    """Attach ``extensions.code`` (and, for unknown ids, the kind, id and suggestions)."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            original = error.original_error
            if isinstance(original, UnknownIdError):
                error.extensions = {"code": "UNKNOWN_ID", "kind": original.kind,
                                    "id": original.id, "suggestions": list(original.suggestions)}
                if original.actual_kind:
                    error.extensions["actualKind"] = original.actual_kind
            elif isinstance(original, ApiError):
                error.extensions = {"code": original.code, **original.extra}
            elif isinstance(original, (ValueError, GraphQLError)):
                # a variable that does not coerce to its declared type is the client's
                error.extensions = {"code": "BAD_USER_INPUT"}
            elif original is not None:
                error.extensions = {"code": "INTERNAL_SERVER_ERROR"}


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class OneOperation(SchemaExtension):
    """A document with several operations must say which to run (the spec's rule; some
    servers silently run the first)."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        doc = ctx.graphql_document
        if doc is not None and not getattr(ctx, "_provided_operation_name", None):
            ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
            if len(ops) > 1:
                raise GraphQLError(
                    f"the document has {len(ops)} operations: say which to run with "
                    "`operationName`", extensions={"code": "OPERATION_NAME_REQUIRED"})
        yield


class NoSuggestions(SchemaExtension):
    """In production, "Did you mean ...?" hints would list the schema that introspection
    hides: drop them from every error message."""

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        for errors in (getattr(ctx.result, "errors", None), ctx.pre_execution_errors):
            for e in errors or ():
                e.message = _SUGGESTION.sub("", e.message)
