"""The schema explains itself to a provider's integrator: every enum and each of its values, every filter
input and each of its fields, and every custom scalar carry a description. The test walks the built
schema, so an enum, filter or scalar added by a context to come is held to the same rule."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLScalarType

from api.schema import build_schema

# What strawberry says of its own scalars: a name, not what the wire carries.
LIBRARY_DEFAULTS = {
    "Date (isoformat)",
    "Date with time (isoformat)",
    "Time (isoformat)",
    "Decimal (fixed-point)",
    "Represents a file upload.",
}
# The scalars whose wire format a spec pins down (@specifiedBy): decimal strings, RFC 3339, multipart.
SPECIFIED = {"Decimal", "Date", "DateTime", "Upload"}
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def named_types() -> dict[str, object]:
    schema = build_schema()._schema
    return {name: t for name, t in schema.type_map.items() if not name.startswith("__")}


def test_every_enum_and_each_value_is_described() -> None:
    enums = {name: t for name, t in named_types().items() if isinstance(t, GraphQLEnumType)}
    assert {"ErrorCode", "ExamRegistrationStatus", "Role", "ServiceField"} <= set(enums)
    undescribed = [name for name, enum in enums.items() if not (enum.description or "").strip()]
    assert undescribed == []
    values = [
        f"{name}.{value}"
        for name, enum in enums.items()
        for value, definition in enum.values.items()
        if not (definition.description or "").strip()
    ]
    assert values == []


def test_every_filter_input_and_each_field_is_described() -> None:
    filters = {
        name: t
        for name, t in named_types().items()
        if isinstance(t, GraphQLInputObjectType) and name.endswith("Filter")
    }
    assert {"PersonFilter", "CourseFilter", "AuditEventFilter", "OrganizationFilter"} <= set(filters)
    assert [name for name, f in filters.items() if not (f.description or "").strip()] == []
    fields = [
        f"{name}.{field}"
        for name, f in filters.items()
        for field, definition in f.fields.items()
        if not (definition.description or "").strip()
    ]
    assert fields == []


def test_every_custom_scalar_says_what_it_carries() -> None:
    scalars = {
        name: t
        for name, t in named_types().items()
        if isinstance(t, GraphQLScalarType) and name not in BUILT_IN
    }
    assert set(scalars) >= SPECIFIED
    vague = [name for name, s in scalars.items() if (s.description or "").strip() in {"", *LIBRARY_DEFAULTS}]
    assert vague == []
    assert [name for name in sorted(SPECIFIED) if not scalars[name].specified_by_url] == []
