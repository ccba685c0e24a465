"""What the fuzzer (tests/stress/test_fuzz.py) writes into generated documents: a strategy for every scalar
of the schema that an input can hold, and real IDs bound per database.

Mostly values the API accepts, so that generated requests reach the domain's rules rather than stopping at
the scalars, with a share of edge values each scalar must refuse with a coded error (api/schema/scalars.py).
`ID` arguments are generated as placeholders (`"@id:17@"`) and bound to a real global ID of the type the
argument names (`courseId` → a `Course`, `reviewerIds` → `User`s) once a seeded database is known, so one
set of generated documents serves every database kind.
"""

from __future__ import annotations

import base64
import importlib
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final

import schemathesis
from graphql import (
    ArgumentNode,
    ListValueNode,
    ObjectFieldNode,
    StringValueNode,
    ValueNode,
    Visitor,
    parse,
    print_ast,
    visit,
)
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from api.demo.data import EXISTING_CERTIFICATES, STAFF, TALENTS
from api.schema.relay import to_global_id

# --- scalar values ---------------------------------------------------------------------------------

EDGE_DECIMALS: Final = (
    "0",
    "-1",
    "0.0",
    "1e3",
    "1E+400",
    "-0",
    "999999999999999",
    "9999999999999999",
    "0.000000000001",
    "0.0000000000001",
    "NaN",
    "Infinity",
    "-Infinity",
    "",
    " 12 ",
    "\t12",
    "１２",
    "1,000",
    "12.5.1",
    "0x10",
)
EDGE_DATES: Final = (
    "2028-02-29",
    "2027-02-29",
    "1900-01-01",
    "2100-12-31",
    "1899-12-31",
    "0000-01-01",
    "9999-12-31",
    "2027-13-01",
    "2027-1-5",
    "20270105",
    "",
    "2027-01-05T00:00:00",
)
EDGE_DATE_TIMES: Final = (
    "2026-12-20T09:00",
    "2026-12-20 09:00:00",
    "2026-12-20T09:00:00.123456789Z",
    "2026-12-20T24:00:00",
    "2027-02-30T00:00:00+08:00",
    "2026-12-20T09:00:00+25:00",
    "2026-12-20T09:00:00-23:59",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "2026-12-20",
    "",
    "now",
)


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


DECIMALS: Final = st.one_of(
    # Hours and yuan as a form sends them: a few places, within the fields' ranges.
    st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
    .map(_decimal_text)
    .map(nodes.String),
    st.decimals(min_value=0, max_value=200, places=1, allow_nan=False, allow_infinity=False)
    .map(_decimal_text)
    .map(nodes.String),
    st.integers(min_value=-10, max_value=100_000).map(nodes.Int),
    st.sampled_from([1.5, 12.25, 0.1]).map(nodes.Float),
    st.sampled_from(EDGE_DECIMALS).map(nodes.String),
)

DATES: Final = st.one_of(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2032, 12, 31)).map(date.isoformat).map(nodes.String),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2010, 12, 31)).map(date.isoformat).map(nodes.String),
    st.sampled_from(EDGE_DATES).map(nodes.String),
    st.just(nodes.Int(20270105)),
)

_ZONES: Final = (None, UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)))

DATE_TIMES: Final = st.one_of(
    st.builds(
        lambda moment, zone: (moment if zone is None else moment.replace(tzinfo=zone)).isoformat(),
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2032, 12, 31)),  # noqa: DTZ001 - a zone is added or left out on purpose
        st.sampled_from(_ZONES),
    ).map(nodes.String),
    st.sampled_from(EDGE_DATE_TIMES).map(nodes.String),
)

# An upload travels as a multipart part; written in a document it can only be a name or null, which the
# resolvers must refuse rather than read as a file.
UPLOADS: Final = st.one_of(
    st.sampled_from(["roster.csv", "results.xlsx", "", "0"]).map(nodes.String),
    st.just(nodes.Int(0)),
)


# `JSON` is only ever an output (AuditEvent.summary); a value is given in case an input ever takes one.
def _int_list(values: list[int]) -> ValueNode:
    items: list[ValueNode] = [nodes.Int(value) for value in values]
    return nodes.List(items)


JSON_VALUES: Final = st.one_of(
    st.just(nodes.String("{}")),
    st.lists(st.integers(min_value=0, max_value=9), max_size=3).map(_int_list),
)


def _county_codes() -> list[str]:
    counties = importlib.import_module("domain.people.migrations.0002_seed_counties")
    return [code for code, _, _ in counties.COUNTIES]


ROLE_ACCOUNTS: Final = frozenset({"li.na", "provider.px", *(username for username, *_ in STAFF)})

# Real keys a generated string may hit: county codes, months, usernames, names, certificate numbers. The
# accounts the fuzzer signs in as are left out, so a generated `revokeRole` or `resetPassword` cannot take
# a role's token away halfway through a run.
REAL_STRINGS: Final = (
    *_county_codes(),
    "5323",
    "2027-07",
    "2026-13",
    *(row[0] for row in TALENTS if row[0] not in ROLE_ACCOUNTS),
    *(row[1] for row in TALENTS),
    *(row[2] for row in EXISTING_CERTIFICATES),
)

STRINGS: Final = st.one_of(
    st.sampled_from(REAL_STRINGS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
).map(nodes.String)

INTS: Final = st.one_of(
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=2020, max_value=2032),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
).map(nodes.Int)

# --- IDs --------------------------------------------------------------------------------------------

PLACEHOLDER: Final = re.compile(r"@id:([0-9]+)@")

EDGE_IDS: Final = (
    "",
    "not base64!",
    "Q291cnNlOjE",  # "Course:1" without its padding
    to_global_id("Course", 0),
    to_global_id("Course", -1),
    to_global_id("Course", 2**63),
    to_global_id("Course", "1 OR 1=1"),
    to_global_id("Nope", 1),
    to_global_id("Person", "１"),
    base64.b64encode(b"\xff\xfe:1").decode(),
    "1",
)

IDS: Final = st.one_of(
    st.integers(min_value=0, max_value=2**16).map(lambda n: nodes.String(f"@id:{n}@")),
    st.integers(min_value=0, max_value=2**16).map(lambda n: nodes.String(f"@id:{n}@")),
    st.integers(min_value=0, max_value=2**16).map(lambda n: nodes.String(f"@id:{n}@")),
    st.sampled_from(EDGE_IDS).map(nodes.String),
)


def register_scalars() -> None:
    """Gives schemathesis a strategy for every scalar our inputs hold: the custom ones (`Decimal`,
    `Date`, `DateTime`, `Upload`, `JSON`) and the built-in ones whose real values matter (`ID`, `String`,
    `Int`). Global to the process, as schemathesis keeps them."""
    for name, strategy in {
        "Decimal": DECIMALS,
        "Date": DATES,
        "DateTime": DATE_TIMES,
        "Upload": UPLOADS,
        "JSON": JSON_VALUES,
        "ID": IDS,
        "String": STRINGS,
        "Int": INTS,
    }.items():
        schemathesis.graphql.scalar(name, strategy)


# The type an ID argument names when its name is not simply the type's (`sittingId` is an ExamSitting's).
ID_TYPES: Final[Mapping[str, str]] = {
    "sitting": "ExamSitting",
    "site": "ExamSite",
    "session": "CourseSession",
    "round": "TalentRound",
    "application": "TalentApplication",
    "registration": "ExamRegistration",
    "entry": "HourEntry",
    "batch": "PayoutBatch",
    "policy": "IncentivePolicy",
    "period": "PlanPeriod",
    "requirement": "TrainingRequirement",
    "objection": "TalentObjection",
    "evidence": "TalentEvidence",
    "talent": "LeadingTalent",
    "reviewer": "User",
    "actor": "User",
}


def id_type(name: str) -> str | None:
    """The type of object an argument or input field named `name` refers to, or None (`id`, `ids`,
    `targetId`: any object)."""
    stem = re.sub(r"Ids?$", "", name)
    if not stem or stem == "target":
        return None
    return ID_TYPES.get(stem, stem[0].upper() + stem[1:])


class _Binder(Visitor):
    def __init__(self, ids: Mapping[str, Sequence[str]], everything: Sequence[str]) -> None:
        super().__init__()
        self.ids = ids
        self.everything = everything

    def _bound(self, value: ValueNode, name: str) -> ValueNode:
        if isinstance(value, StringValueNode) and (match := PLACEHOLDER.fullmatch(value.value)):
            pool = self.ids.get(id_type(name) or "", ()) or self.everything
            return StringValueNode(value=pool[int(match.group(1)) % len(pool)])
        if isinstance(value, ListValueNode):
            return ListValueNode(values=tuple(self._bound(item, name) for item in value.values))
        return value

    def enter_argument(self, node: ArgumentNode, *_: object) -> ArgumentNode:
        return ArgumentNode(name=node.name, value=self._bound(node.value, node.name.value))

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> ObjectFieldNode:
        return ObjectFieldNode(name=node.name, value=self._bound(node.value, node.name.value))


def bind_ids(document: str, ids: Mapping[str, Sequence[str]]) -> str:
    """`document` with each ID placeholder replaced by a real global ID from `ids` (type name → IDs) of
    the type its argument names, or of any type when it names none or that type has no rows."""
    if "@id:" not in document:
        return document
    everything = [global_id for pool in ids.values() for global_id in pool]
    bound: Any = visit(parse(document, no_location=True), _Binder(ids, everything))
    return print_ast(bound)
