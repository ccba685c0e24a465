"""Tables of accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from domain.access import Role
from domain.tables import Table

if TYPE_CHECKING:
    from domain.people.models import Person


class User(Table):
    id = fields.IntField(primary_key=True)
    # Stored normalised (domain.accounts.usernames), so the unique index is case-insensitive.
    username = fields.CharField(max_length=50, unique=True)
    password_hash = fields.CharField(max_length=200)
    # Set when an admin resets the password: until the user chooses a new one, the one-time password
    # signs in only to change it.
    must_change_password = fields.BooleanField(default=False)
    name = fields.CharField(max_length=50)
    organization_name = fields.CharField(max_length=100, default="")
    # Trainees registered online have a person in the registry; staff accounts may not.
    person: fields.OneToOneNullableRelation[Person] = fields.OneToOneField(
        "people.Person", related_name="user", null=True, on_delete=fields.RESTRICT
    )
    person_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    roles: fields.ReverseRelation[UserRole]

    class Meta:
        table = "app_user"


# A role held with its scope: the county of a county admin, the provider of a provider.
class UserRole(Table):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="roles", on_delete=fields.CASCADE, db_index=True
    )
    user_id: int
    role = fields.CharEnumField(Role, max_length=20)
    county_code = fields.CharField(max_length=6, null=True)
    provider_id = fields.IntField(null=True)
    granted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user_role"
        unique_together = (("user", "role", "county_code", "provider_id"),)


# An opaque bearer token, stored only as its SHA-256 so a leaked table grants nothing.
class AccessToken(Table):
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="tokens", on_delete=fields.CASCADE, db_index=True
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "access_token"
