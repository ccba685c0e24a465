"""The root of the GraphQL schema: one Query and one Mutation composed from each context, and the
extensions that enforce API.md's conventions. The schema is built once per process and setting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from functools import cache

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
)

from api.context import Context, Info
from api.errors import ApiError, BadUserInput, TopLevelCode
from api.schema.accounts import AccountsMutation, AccountsQuery
from api.schema.accounts.password_gate import PasswordChangeGate
from api.schema.audit import AuditQuery
from api.schema.exam import ExamMutation, ExamQuery
from api.schema.incentives import IncentivesMutation, IncentivesQuery
from api.schema.limits import (
    DOCUMENT_CACHE_SIZE,
    LimitedValidationCache,
    QueryCost,
    alias_limiter,
    depth_limiter,
)
from api.schema.people import PeopleMutation, PeopleQuery
from api.schema.relay import Node, resolve_node
from api.schema.reports import ReportsMutation, ReportsQuery
from api.schema.scalars import SCALAR_OVERRIDES
from api.schema.strings import RefuseControlCharacters
from api.schema.talent import TalentMutation, TalentQuery
from api.schema.training import TrainingMutation, TrainingQuery
from api.settings import Limits

log = logging.getLogger("swtalent.graphql")

MAX_NODES_PER_REQUEST = 100
DEFAULT_LIMITS = Limits()


@strawberry.type
class Query(
    PeopleQuery,
    AccountsQuery,
    AuditQuery,
    TrainingQuery,
    ExamQuery,
    IncentivesQuery,
    TalentQuery,
    ReportsQuery,
):
    @strawberry.field(description="按全局编号获取对象；无权查看的对象如同不存在")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field(description="按全局编号批量获取对象；无权查看的为 null")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES_PER_REQUEST:
            raise BadUserInput(f"一次最多获取 {MAX_NODES_PER_REQUEST} 个对象")
        # Concurrently, so each context's DataLoaders batch the ids of one kind into one query.
        return list(await asyncio.gather(*(resolve_node(info, i) for i in ids)))


@strawberry.type
class Mutation(
    PeopleMutation,
    AccountsMutation,
    TrainingMutation,
    ExamMutation,
    IncentivesMutation,
    TalentMutation,
    ReportsMutation,
):
    pass


class RequestFacts(SchemaExtension):
    """Tells the request log which operation ran and for whom."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        if isinstance(context, Context):
            state = context.request.scope.setdefault("state", {})
            state["operation"] = self.execution_context.operation_name
            state["viewer"] = context.actor.username


def is_unexpected(error: GraphQLError) -> bool:
    """Mask what the code did not mean to say: exceptions that are not coded API errors.

    Validation and parse errors have no original error and are the client's to fix: shown as they are.
    """
    original = error.original_error
    return original is not None and not isinstance(original, ApiError | GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="服务器内部错误")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        log.error("unexpected error at %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": TopLevelCode.INTERNAL.value}
        return masked


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        """Client mistakes are answered, not logged as server errors; unexpected ones are logged
        where they are masked (MaskUnexpectedErrors)."""


@cache
def build_schema(limits: Limits = DEFAULT_LIMITS, *, production: bool = False) -> Schema:
    extensions: list[type[SchemaExtension] | object] = [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: depth_limiter(limits.max_depth),
        lambda: alias_limiter(limits.max_aliases),
        lambda: QueryCost(max_cost=limits.max_cost),
        RefuseControlCharacters,
        PasswordChangeGate,
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        LimitedValidationCache,
        MaskUnexpectedErrors,
        RequestFacts,
    ]
    if production:
        extensions.append(DisableIntrospection)
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,  # type: ignore[arg-type]
        scalar_overrides=SCALAR_OVERRIDES,
    )


__all__ = ["Mutation", "Query", "build_schema"]
