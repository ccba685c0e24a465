"""Who is acting, and with what scope: roles, grants, and the pure scope predicates.

Every service takes an `Actor`; the audit trail records it, and scope rules read it. A user may hold
several grants (e.g. a registered social worker who is also an `EXPERT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    TRAINEE = "TRAINEE"
    PROVIDER = "PROVIDER"
    COUNTY_ADMIN = "COUNTY_ADMIN"
    PREFECTURE_ADMIN = "PREFECTURE_ADMIN"
    EXPERT = "EXPERT"


@dataclass(frozen=True, slots=True)
class Grant:
    """One role held by a user, with its scope: a county for county admins, a provider for providers."""

    role: Role
    county_code: str | None = None
    provider_id: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """The caller of a service: anonymous when `user_id` is None."""

    user_id: int | None = None
    username: str | None = None
    person_id: int | None = None
    grants: tuple[Grant, ...] = ()
    request_id: str = ""
    client: str | None = None
    # Signed in with a one-time password from an admin's reset: may only change it (accounts).
    must_change_password: bool = False

    @property
    def is_signed_in(self) -> bool:
        return self.user_id is not None

    def has_role(self, role: Role) -> bool:
        return any(g.role is role for g in self.grants)

    @property
    def is_prefecture_admin(self) -> bool:
        return self.has_role(Role.PREFECTURE_ADMIN)

    @property
    def administered_counties(self) -> frozenset[str]:
        """Counties this actor administers as a county admin (prefecture admins administer all)."""
        return frozenset(g.county_code for g in self.grants if g.role is Role.COUNTY_ADMIN and g.county_code)

    @property
    def is_admin(self) -> bool:
        return self.is_prefecture_admin or bool(self.administered_counties)

    def can_administer_county(self, county_code: str | None) -> bool:
        if self.is_prefecture_admin:
            return True
        return county_code is not None and county_code in self.administered_counties

    def admin_county_scope(self) -> frozenset[str] | None:
        """The counties an admin may see: None means all of them (prefecture admin)."""
        if self.is_prefecture_admin:
            return None
        return self.administered_counties

    def acting_grant(self, county_code: str | None = None) -> Grant | None:
        """The grant an action in `county_code` is taken under, for the audit trail."""
        for role in (Role.PREFECTURE_ADMIN, Role.COUNTY_ADMIN):
            for g in self.grants:
                if g.role is role and (role is Role.PREFECTURE_ADMIN or g.county_code == county_code):
                    return g
        return self.grants[0] if self.grants else None


ANONYMOUS = Actor()


def can_see_identity(actor: Actor, *, person_id: int, county_code: str) -> bool:
    """Full ID number and phone: the person themself, and admins whose scope includes the person."""
    return actor.person_id == person_id or actor.can_administer_county(county_code)
