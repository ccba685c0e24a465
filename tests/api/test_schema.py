"""The committed SDL is the contract clients build against: the code must not drift from it."""

from __future__ import annotations

from api.schema import build_schema
from api.settings import PROJECT_ROOT


def test_the_committed_schema_matches_the_code() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert build_schema().as_str() + "\n" == committed, (
        "schema.graphql is out of date: run `make schema` and review the diff"
    )


def test_the_core_contract_names_are_present() -> None:
    sdl = build_schema().as_str()
    for name in [
        "login(input: LoginInput!): LoginPayload!",
        "registerAccount(input: RegisterAccountInput!): RegisterAccountPayload!",
        "createUser(input: CreateUserInput!): CreateUserPayload!",
        "grantRole(input: GrantRoleInput!): GrantRolePayload!",
        "revokeRole(input: RevokeRoleInput!): RevokeRolePayload!",
        "fileOrganization(input: FileOrganizationInput!): FileOrganizationPayload!",
        "reviewOrganization(input: ReviewOrganizationInput!): ReviewOrganizationPayload!",
        "persons(first: Int!, after: String = null, filter: PersonFilter = null): PersonConnection!",
        "auditEvents(first: Int!, after: String = null, filter: AuditEventFilter = null): AuditEventConnection!",
        "node(id: ID!): Node",
        "counties: [County!]!",
    ]:
        assert name in sdl, name
