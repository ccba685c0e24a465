"""The one way to write a mutation (API.md §Conventions; Saleor's `BaseMutation` is the model).

A payload subclasses `Payload`: its object fields default to null and `userErrors` to `[]`. A resolver
is declared with `mutation(description, roles=...)`: the field extension checks the viewer's role before
the resolver runs and turns a `DomainError` into the payload's `userErrors`; anything else stays a
top-level error (masked unless it is a coded `ApiError`). The resolver itself only converts the input,
makes one service call and returns the payload:

    @mutation("县级管理员审核报名", roles=ADMINS)
    async def review_exam_registration(self, info: Info, input: ReviewInput) -> ReviewPayload:
        row = await review.review_registration(info.context.actor, ...)
        return ReviewPayload(registration=ExamRegistrationNode.from_model(row))
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from enum import Enum
from typing import Any, Final

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types.field import StrawberryField

from api.auth import require_role, require_signed_in
from api.context import Info
from api.schema.errors import UserError
from domain.access import Role
from domain.errors import DomainError


@strawberry.type
class Payload:
    """The base of every mutation payload: `userErrors` is empty when the mutation did what it was asked."""

    user_errors: list[UserError] = strawberry.field(default_factory=list)


class Access(Enum):
    """Who may call a mutation, beyond a list of roles."""

    PUBLIC = "public"  # anyone, signed in or not (login, registerAccount)
    SIGNED_IN = "signed_in"  # any signed-in account, whatever its roles


PUBLIC: Final = Access.PUBLIC
SIGNED_IN: Final = Access.SIGNED_IN
ADMINS: Final = frozenset({Role.PREFECTURE_ADMIN, Role.COUNTY_ADMIN})
PREFECTURE_ADMIN: Final = frozenset({Role.PREFECTURE_ADMIN})
PROVIDERS: Final = frozenset({Role.PROVIDER})


class MutationGuard(FieldExtension):
    """Checks the role, runs the resolver, and answers a `DomainError` with `userErrors`."""

    def __init__(self, roles: Access | Iterable[Role]) -> None:
        self.roles: Access | tuple[Role, ...] = roles if isinstance(roles, Access) else tuple(roles)
        self.field: StrawberryField | None = None

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    def check_access(self, info: Info) -> None:
        if self.roles is Access.PUBLIC:
            return
        if self.roles is Access.SIGNED_IN:
            require_signed_in(info.context)
        else:
            require_role(info.context, *self.roles)

    def refusal(self, error: DomainError) -> Payload:
        payload_type: object = self.field.type if self.field is not None else None
        if not (isinstance(payload_type, type) and issubclass(payload_type, Payload)):
            # A mutation must return a Payload: a schema defect, not the caller's fault.
            raise TypeError(f"{self.field!r} does not return a Payload") from error
        return payload_type(user_errors=[UserError.from_domain(error)])

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        self.check_access(info)
        try:
            return await next_(source, info, **kwargs)
        except DomainError as error:
            return self.refusal(error)


def mutation(
    description: str, *, roles: Access | Iterable[Role]
) -> Callable[[Callable[..., Awaitable[Payload]]], Any]:
    """Declare a mutation resolver that `roles` may call (`PUBLIC`, `SIGNED_IN`, or a set of roles).

    Raises, as top-level errors: UNAUTHENTICATED when a signed-in account is needed and none is given,
    FORBIDDEN when the viewer holds none of `roles`. A `DomainError` from the resolver becomes the
    payload's `userErrors` with every object field null.
    """
    declare: Callable[[Callable[..., Awaitable[Payload]]], Any] = strawberry.mutation(
        description=description, extensions=[MutationGuard(roles)]
    )
    return declare


__all__ = ["ADMINS", "PREFECTURE_ADMIN", "PROVIDERS", "PUBLIC", "SIGNED_IN", "Payload", "mutation"]
