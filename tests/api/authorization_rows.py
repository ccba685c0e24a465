"""The rows of the authorisation matrix: what each actor of `authorization_world.ACTORS` may do with each
root query, root mutation, Node type, sensitive nested field and export or file route.

An outcome is what a user sees:
- `ALLOW`: answered, and the row's target (李娜's object, named by its global ID or a value of it) is in
  the answer (for a route: in the CSV, the workbook's cells or the file's bytes); for a mutation, no
  top-level error and no userError saying the object is out of reach. On the rows built with `_ran` it
  also ran: no userError but the row's "already done" codes, and the allowed calls changed the database.
  On the other (`_row`) rows ALLOW means only "not refused": a userError about the input or the state
  (e.g. a registration window, a round's status) still counts;
- `MASKED`: answered with the masked form of the target's value (ID numbers, bank accounts);
- `HIDDEN`: answered as if the target did not exist (null, an empty list, a `*_NOT_FOUND` userError, or
  404 on a route);
- `OUT_OF_SCOPE`: the userError code OUT_OF_SCOPE;
- `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_USER_INPUT`: the top-level error code (401/403 on routes).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import openpyxl
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, Undefined

from api.schema import build_schema
from api.schema.relay import to_global_id
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.masking import mask_account_number, mask_id_card_number
from tests.api.authorization_world import (
    ACCOUNT_NUMBER,
    ACTORS,
    ADJUST_INPUT,
    COURSE_INPUT,
    ID_CARD,
    OBJECTION_CONTACT,
    PDF,
    World,
)
from tests.api.conftest import Api

ALLOW: Final = "ALLOW"
MASKED: Final = "MASKED"
HIDDEN: Final = "HIDDEN"
OUT_OF_SCOPE: Final = "OUT_OF_SCOPE"
UNAUTHENTICATED: Final = "UNAUTHENTICATED"
FORBIDDEN: Final = "FORBIDDEN"
NOT_FOUND: Final = "NOT_FOUND"

Variables = Callable[[World], dict[str, Any]]


def expect(default: str, **cells: str) -> dict[str, str]:
    """An outcome per actor: `default` for every actor not named."""
    unknown = set(cells) - set(ACTORS)
    assert not unknown, f"no such actor: {unknown}"
    return {actor: cells.get(actor, default) for actor in ACTORS}


PUBLIC: Final = expect(ALLOW)
SIGNED_IN: Final = expect(ALLOW, anonymous=UNAUTHENTICATED)
# Admin lists of 李娜's county: the other county's admin is answered without her.
ADMINS_IN_SCOPE: Final = expect(
    FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, county_other=HIDDEN, prefecture=ALLOW
)
ADMINS: Final = expect(
    FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, county_other=ALLOW, prefecture=ALLOW
)
PREFECTURE_ONLY: Final = expect(FORBIDDEN, anonymous=UNAUTHENTICATED, prefecture=ALLOW)
# 李娜's own file: herself and the admins whose scope includes her county.
PERSON_AND_ADMINS_IN_SCOPE: Final = expect(
    HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW
)


def _ids(*names: str) -> Callable[[World], list[str]]:
    return lambda w: [w.ids[n] for n in names]


@dataclass(frozen=True)
class Row:
    """One root query field (or one nested field / Node read) and its expected outcome per actor.

    `seen` gives the values whose presence in the answer means the target was read; `masked` the values
    of its masked form."""

    name: str
    field: str
    document: str
    expected: Mapping[str, str]
    variables: Variables = lambda w: {}
    seen: Callable[[World], list[str]] = lambda w: []
    masked: Callable[[World], list[str]] = lambda w: []


async def observe_query(api: Api, world: World, row: Row, actor: str) -> str:
    body = await api.post(row.document, row.variables(world), token=world.tokens[actor])
    errors = body.get("errors")
    if errors:
        return str(errors[0].get("extensions", {}).get("code", errors[0].get("message")))
    text = json.dumps(body.get("data"), ensure_ascii=False)
    seen = row.seen(world)
    if not seen or any(value in text for value in seen):
        return ALLOW
    if any(value in text for value in row.masked(world)):
        return MASKED
    return HIDDEN


CONNECTION = "totalCount nodes { id }"

QUERY_ROWS: Final[list[Row]] = [
    Row(
        "person",
        "person",
        "query($id: ID!) { person(id: $id) { id } }",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["person"]},
        _ids("person"),
    ),
    Row(
        "persons",
        "persons",
        f"{{ persons(first: 50) {{ {CONNECTION} }} }}",
        ADMINS_IN_SCOPE,
        seen=_ids("person"),
    ),
    Row("counties", "counties", "{ counties { code name talentCount certifiedCount } }", PUBLIC),
    Row(
        "organizations",
        "organizations",
        f"{{ organizations(first: 10) {{ {CONNECTION} }} }}",
        PERSON_AND_ADMINS_IN_SCOPE,
        seen=_ids("organization"),
    ),
    Row(
        "viewer",
        "viewer",
        "{ viewer { user { id } person { id } } }",
        expect(HIDDEN, trainee_own=ALLOW),
        seen=_ids("person"),
    ),
    Row("users", "users", f"{{ users(first: 50) {{ {CONNECTION} }} }}", PREFECTURE_ONLY, seen=_ids("user")),
    Row(
        "auditEvents",
        "auditEvents",
        f"{{ auditEvents(first: 100) {{ {CONNECTION} }} }}",
        ADMINS_IN_SCOPE,
        seen=_ids("audit_event"),
    ),
    Row("courses", "courses", f"{{ courses(first: 50) {{ {CONNECTION} }} }}", PUBLIC, seen=_ids("course")),
    Row(
        "providers",
        "providers",
        f"{{ providers(first: 50) {{ {CONNECTION} }} }}",
        PUBLIC,
        seen=_ids("provider"),
    ),
    Row("trainingRequirements", "trainingRequirements", "{ trainingRequirements { id name } }", PUBLIC),
    Row(
        "examSittings",
        "examSittings",
        "{ examSittings(year: 2026) { id sites { id remaining } } }",
        PUBLIC,
        seen=_ids("sitting"),
    ),
    Row(
        "examEligibility of 李娜",
        "examEligibility",
        "query($s: ID!, $p: ID) { examEligibility(sittingId: $s, level: SENIOR, personId: $p) { eligible rule } }",
        expect(NOT_FOUND, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"s": w.ids["sitting"], "p": w.ids["person"]},
    ),
    Row(
        "verifyCertificate",
        "verifyCertificate",
        '{ verifyCertificate(number: "SW2018LINA01", name: "李娜") { valid holderName } }',
        PUBLIC,
        seen=lambda w: ['"valid": true'],
    ),
    Row(
        "examProgress of 李娜",
        "examProgress",
        "query($p: ID) { examProgress(personId: $p) { level passedSubjects } }",
        expect(NOT_FOUND, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"p": w.ids["person"]},
    ),
    Row(
        "myCertificates",
        "myCertificates",
        "{ myCertificates { id } }",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW),
        seen=_ids("certificate"),
    ),
    Row(
        "examRegistrations",
        "examRegistrations",
        f"{{ examRegistrations(first: 50) {{ {CONNECTION} }} }}",
        ADMINS_IN_SCOPE,
        seen=_ids("registration"),
    ),
    Row(
        "certificates",
        "certificates",
        f"{{ certificates(first: 50) {{ {CONNECTION} }} }}",
        ADMINS_IN_SCOPE,
        seen=_ids("certificate"),
    ),
    Row(
        "incentivePolicies",
        "incentivePolicies",
        "{ incentivePolicies { id } }",
        PUBLIC,
        seen=_ids("policy"),
    ),
    Row(
        "entitlements",
        "entitlements",
        f"{{ entitlements(first: 50) {{ {CONNECTION} }} }}",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        seen=_ids("entitlement"),
    ),
    Row(
        "countyBudget of 楚雄市",
        "countyBudget",
        '{ countyBudget(countyCode: "532301", year: 2026) { amount committed remaining } }',
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, prefecture=ALLOW),
        seen=lambda w: ['"amount"'],
    ),
    Row(
        "waitingEntitlements of 李娜",
        "waitingEntitlements",
        "query($p: ID) { waitingEntitlements(personId: $p) { kind } }",
        expect(NOT_FOUND, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"p": w.ids["person"]},
    ),
    Row(
        "payoutBatches",
        "payoutBatches",
        f"{{ payoutBatches(first: 50) {{ {CONNECTION} }} }}",
        ADMINS_IN_SCOPE,
        seen=_ids("batch"),
    ),
    Row(
        "recoveries",
        "recoveries",
        f"{{ recoveries(first: 50) {{ {CONNECTION} }} }}",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, county_other=HIDDEN, prefecture=ALLOW),
        seen=_ids("recovery"),
    ),
    Row(
        "talentRounds",
        "talentRounds",
        f"{{ talentRounds(first: 50) {{ {CONNECTION} }} }}",
        PUBLIC,
        seen=_ids("round"),
    ),
    Row(
        "talentRound",
        "talentRound",
        "query($r: ID!) { talentRound(roundId: $r) { id status } }",
        PUBLIC,
        lambda w: {"r": w.ids["round"]},
        _ids("round"),
    ),
    Row(
        "myTalentApplications",
        "myTalentApplications",
        "{ myTalentApplications { id } }",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW),
        seen=_ids("application"),
    ),
    Row(
        "talentApplications",
        "talentApplications",
        f"query($r: ID!) {{ talentApplications(roundId: $r, first: 50) {{ {CONNECTION} }} }}",
        ADMINS_IN_SCOPE,
        lambda w: {"r": w.ids["round"]},
        _ids("application"),
    ),
    Row(
        "talentEligibility of 李娜",
        "talentEligibility",
        "query($r: ID!, $p: ID) { talentEligibility(roundId: $r, personId: $p) { eligible } }",
        expect(NOT_FOUND, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"r": w.ids["round"], "p": w.ids["person"]},
    ),
    Row(
        "myTalentAssignments",
        "myTalentAssignments",
        f"{{ myTalentAssignments(first: 50) {{ {CONNECTION} }} }}",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, expert_assigned=ALLOW),
        seen=_ids("assignment"),
    ),
    Row(
        "talentAssignments",
        "talentAssignments",
        "query($r: ID!) { talentAssignments(roundId: $r) { id } }",
        PREFECTURE_ONLY,
        lambda w: {"r": w.ids["round"]},
        _ids("assignment"),
    ),
    Row("calendarDays", "calendarDays", "{ calendarDays(year: 2026) { date isWorkingDay } }", PUBLIC),
    Row(
        "talentPublicNotice",
        "talentPublicNotice",
        "query($r: ID!) { talentPublicNotice(roundId: $r) { startsOn } }",
        PUBLIC,
        lambda w: {"r": w.ids["round"]},
    ),
    Row(
        "talentObjections",
        "talentObjections",
        f"query($r: ID!) {{ talentObjections(roundId: $r, first: 50) {{ {CONNECTION} }} }}",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, county_other=HIDDEN, prefecture=ALLOW),
        lambda w: {"r": w.ids["past_round"]},
        _ids("objection"),
    ),
    Row(
        "leadingTalents",
        "leadingTalents",
        f"{{ leadingTalents(first: 50) {{ {CONNECTION} }} }}",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        seen=_ids("leading_talent"),
    ),
    Row(
        "myLeadingTalents",
        "myLeadingTalents",
        "{ myLeadingTalents { id } }",
        expect(HIDDEN, trainee_own=ALLOW),
        seen=_ids("leading_talent"),
    ),
    Row("planPeriods", "planPeriods", "{ planPeriods { id name } }", PUBLIC),
    Row(
        "targets",
        "targets",
        "{ targets { talentTotal certifiedTotal } }",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, county_other=ALLOW, prefecture=ALLOW),
    ),
]

# Every Node type, and the key of the world's object it is read as.
NODE_TYPES: Final[dict[str, str]] = {
    "AuditEvent": "audit_event",
    "Certificate": "certificate",
    "Course": "course",
    "Enrollment": "enrollment",
    "Entitlement": "entitlement",
    "ExamRegistration": "registration",
    "ExamSitting": "sitting",
    "HourEntry": "hour_entry",
    "IncentivePolicy": "policy",
    "LeadingTalent": "leading_talent",
    "Organization": "organization",
    "PayoutBatch": "batch",
    "Person": "person",
    "PlanPeriod": "plan_period",
    "Provider": "provider",
    "Recovery": "recovery",
    "TalentApplication": "application",
    "TalentAssignment": "assignment",
    "TalentObjection": "objection",
    "TalentRound": "round",
    "User": "user",
}


def _node_id(type_name: str) -> Callable[[World], str]:
    key = NODE_TYPES[type_name]
    return lambda w: w.ids[key]


def _node_row(type_name: str, expected: Mapping[str, str], *, many: bool) -> Row:
    target = _node_id(type_name)
    if many:
        return Row(
            f"nodes({type_name})",
            "nodes",
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            expected,
            lambda w: {"ids": [target(w)]},
            lambda w: [target(w)],
        )
    return Row(
        f"node({type_name})",
        "node",
        "query($id: ID!) { node(id: $id) { id } }",
        expected,
        lambda w: {"id": target(w)},
        lambda w: [target(w)],
    )


def node_rows(expected: Mapping[str, Mapping[str, str]]) -> list[Row]:
    """`node(id:)` and `nodes(ids:)` for every Node type, each with the type's expected outcomes."""
    return [_node_row(t, expected[t], many=many) for t in NODE_TYPES for many in (False, True)]


def masked_id_card() -> str:
    return mask_id_card_number(ID_CARD)


def masked_account() -> str:
    return mask_account_number(ACCOUNT_NUMBER)


NODE_EXPECTED: Final[dict[str, Mapping[str, str]]] = {
    "AuditEvent": expect(HIDDEN, county_own=ALLOW, prefecture=ALLOW),
    "Certificate": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "Course": PUBLIC,
    "Enrollment": expect(HIDDEN, trainee_own=ALLOW, provider_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "Entitlement": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "ExamRegistration": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "ExamSitting": PUBLIC,
    "HourEntry": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "IncentivePolicy": PUBLIC,
    "LeadingTalent": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "Organization": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "PayoutBatch": expect(HIDDEN, county_own=ALLOW, prefecture=ALLOW),
    "Person": expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
    "PlanPeriod": PUBLIC,
    "Provider": PUBLIC,
    "Recovery": expect(HIDDEN, county_own=ALLOW, prefecture=ALLOW),
    "TalentApplication": expect(
        HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW, expert_assigned=ALLOW
    ),
    "TalentAssignment": expect(HIDDEN, prefecture=ALLOW, expert_assigned=ALLOW),
    "TalentObjection": expect(HIDDEN, county_own=ALLOW, prefecture=ALLOW),
    "TalentRound": PUBLIC,
    "User": expect(HIDDEN, trainee_own=ALLOW, prefecture=ALLOW),
}
NODE_ROWS: Final[list[Row]] = node_rows(NODE_EXPECTED)

NESTED_ROWS: Final[list[Row]] = [
    Row(
        "Person.idCardNumber",
        "node",
        "query($id: ID!) { node(id: $id) { ... on Person { idCardNumber phone } } }",
        expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["person"]},
        lambda w: [ID_CARD],
        lambda w: [masked_id_card()],
    ),
    Row(
        "Person.paymentAccount",
        "node",
        "query($id: ID!) { node(id: $id) { ... on Person { paymentAccount { bankName accountNumber } } } }",
        expect(HIDDEN, trainee_own=MASKED, county_own=MASKED, prefecture=MASKED),
        lambda w: {"id": w.ids["person"]},
        lambda w: [ACCOUNT_NUMBER],
        lambda w: [masked_account()],
    ),
    Row(
        "Course.enrollments.person.idCardNumber",
        "node",
        "query($id: ID!) { node(id: $id) { ... on Course { enrollments(first: 10) { nodes { id person { idCardNumber } } } } } }",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=MASKED, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["course"]},
        lambda w: [ID_CARD],
        lambda w: [masked_id_card()],
    ),
    Row(
        "Course.enrollments",
        "node",
        "query($id: ID!) { node(id: $id) { ... on Course { enrollments(first: 10) { nodes { id } } } } }",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["course"]},
        _ids("enrollment"),
    ),
    Row(
        "Enrollment.person.enrollments",
        "node",
        "query($id: ID!) { node(id: $id) { ... on Enrollment { person { enrollments(first: 10) { nodes { id } } } } } }",
        expect(HIDDEN, trainee_own=ALLOW, provider_own=FORBIDDEN, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["enrollment"]},
        _ids("enrollment"),
    ),
    Row(
        "Person.examRegistrations",
        "node",
        "query($id: ID!) { node(id: $id) { ... on Person { examRegistrations(first: 10) { nodes { id } } } } }",
        expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["person"]},
        _ids("registration"),
    ),
    Row(
        "TalentApplication.person.idCardNumber",
        "node",
        "query($id: ID!) { node(id: $id) { ... on TalentApplication { person { idCardNumber } } } }",
        expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["application"]},
        lambda w: [ID_CARD],
        lambda w: [masked_id_card()],
    ),
    Row(
        "TalentApplication.evidence",
        "node",
        "query($id: ID!) { node(id: $id) { ... on TalentApplication { evidence { id downloadPath } } } }",
        expect(HIDDEN, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW, expert_assigned=ALLOW),
        lambda w: {"id": w.ids["application"]},
        _ids("evidence"),
    ),
    Row(
        "TalentAssignment.scores",
        "node",
        "query($id: ID!) { node(id: $id) { ... on TalentAssignment { myScores { score } weightedTotal scores { score } } } }",
        expect(HIDDEN, expert_assigned=ALLOW),
        lambda w: {"id": w.ids["assignment"]},
        lambda w: ['"9.5'],
    ),
    Row(
        "TalentObjection.contact",
        "node",
        "query($id: ID!) { node(id: $id) { ... on TalentObjection { contact text } } }",
        expect(HIDDEN, county_own=ALLOW, prefecture=ALLOW),
        lambda w: {"id": w.ids["objection"]},
        lambda w: [OBJECTION_CONTACT],
    ),
    Row(
        "TalentRound.applications scores (talentApplications.score)",
        "talentApplications",
        "query($r: ID!) { talentApplications(roundId: $r, first: 10) { nodes { id score rank } } }",
        ADMINS_IN_SCOPE,
        lambda w: {"r": w.ids["round"]},
        _ids("application"),
    ),
]


@dataclass(frozen=True)
class RouteRow:
    """A GET route under /exports/ or /files/, the path it is called with, and its outcome per actor.

    `holds` gives the values (text of a CSV or a workbook's cells, or a file's bytes) whose presence in
    a 200 answer means the target was served; a 200 without them is `HIDDEN` (answered without it)."""

    route: str
    path: Callable[[World], str]
    expected: Mapping[str, str]
    holds: Callable[[World], list[str | bytes]]

    @property
    def name(self) -> str:
        return self.route


def _route(
    route: str, path: Callable[[World], str], expected: Mapping[str, str], *holds: str | bytes
) -> RouteRow:
    return RouteRow(route, path, expected, lambda w: list(holds))


ADJUST_REASON: Final = ADJUST_INPUT["reason"]
_STATUS: Final = {401: UNAUTHENTICATED, 403: FORBIDDEN, 404: HIDDEN}


def _served_text(content: bytes) -> str:
    """A workbook's cell values (one per line), or the text of a CSV."""
    if content.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in book for cells in sheet.iter_rows(values_only=True) for value in cells
        )
    return content.decode("utf-8-sig", errors="replace")


async def observe_route(api: Api, world: World, row: RouteRow, actor: str) -> str:
    token = world.tokens[actor]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await api.client.get(row.path(world), headers=headers)
    if response.status_code != 200:
        return _STATUS.get(response.status_code, str(response.status_code))
    text = _served_text(response.content)
    for value in row.holds(world):
        found = value in response.content if isinstance(value, bytes) else value in text
        if not found:
            return HIDDEN
    return ALLOW


def _path(template: str, extension: str = "") -> Callable[[World], str]:
    """The path of `template` with `{e}` the extension and `{<key>}` the world's global IDs."""
    return lambda w: template.format(e=extension, **w.ids)


def _routes() -> list[RouteRow]:
    rows = []
    for e in ("csv", "xlsx"):
        rows += [
            _route(
                f"/exports/roster-template.{e}", _path("/exports/roster-template.{e}", e), PUBLIC, "身份证号"
            ),
            # Her transcript: the county's adjustment of her hours, by its reason.
            _route(
                f"/exports/transcript.{e}",
                _path("/exports/transcript.{e}?personId={person}", e),
                PERSON_AND_ADMINS_IN_SCOPE,
                "李娜",
                ADJUST_REASON,
            ),
            _route(
                f"/exports/courses/{{course_id}}/roster.{e}",
                _path("/exports/courses/{course}/roster.{e}", e),
                expect(
                    HIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, county_own=ALLOW, prefecture=ALLOW
                ),
                "李娜",
            ),
            _route(
                f"/exports/payout-batches/{{batch_id}}.{e}",
                _path("/exports/payout-batches/{batch}.{e}", e),
                # Full ID numbers and accounts: the county's own admins only; the prefecture sees the
                # batch but is told the list is the county's.
                expect(HIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, prefecture=FORBIDDEN),
                ID_CARD,
                ACCOUNT_NUMBER,
            ),
        ]
    rows.append(
        _route(
            "/exports/targets.xlsx",
            _path("/exports/targets.xlsx"),
            # 禄丰市's admin gets the report of 禄丰市 alone.
            expect(
                FORBIDDEN, anonymous=UNAUTHENTICATED, county_own=ALLOW, county_other=HIDDEN, prefecture=ALLOW
            ),
            "楚雄市",
        )
    )
    rows.append(
        _route(
            "/files/talent-evidence/{evidence_id}",
            _path("/files/talent-evidence/{evidence}"),
            expect(
                HIDDEN,
                anonymous=UNAUTHENTICATED,
                trainee_own=ALLOW,
                county_own=ALLOW,
                prefecture=ALLOW,
                expert_assigned=ALLOW,
            ),
            PDF,
        )
    )
    return rows


FILE_ROUTES: Final[list[RouteRow]] = _routes()

# --- Mutations -------------------------------------------------------------------------------------

Input = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class MutationRow:
    """A root mutation called with `input` (completed with placeholders for the required fields it leaves
    out), and its outcome per actor. `upload` sends `input.file` as a file (the multipart request);
    `fresh_token` signs the actor in anew for the call (logout ends the token it is called with)."""

    field: str
    expected: Mapping[str, str]
    input: Input = lambda w: {}
    upload: tuple[str, bytes] | None = None
    fresh_token: bool = False
    # userError codes that, for this mutation, refuse the caller rather than the input.
    out_of_reach: frozenset[str] = frozenset({"OUT_OF_SCOPE"})
    # Set on rows whose ALLOW is checked to have run: an allowed call may answer only these userError
    # codes (a state an earlier allowed actor reached, e.g. already recorded), and the allowed calls
    # must change the database. None: any userError but a refusal counts as ALLOW ("not refused").
    ran: frozenset[str] | None = None

    @property
    def name(self) -> str:
        return self.field


def _placeholder(graphql_type: Any) -> Any:
    """A value of `graphql_type` that passes validation: what a row does not care about."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _placeholder(graphql_type.of_type)
    if isinstance(graphql_type, GraphQLList):
        return [_placeholder(graphql_type.of_type)]
    if isinstance(graphql_type, GraphQLEnumType):
        return next(iter(graphql_type.values))
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {
            name: _placeholder(f.type)
            for name, f in graphql_type.fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
        }
    return {
        "String": "授权矩阵",
        "Int": 1,
        "Boolean": False,
        "ID": to_global_id("Missing", 1),
        "Decimal": "1",
        "Date": "2026-09-21",
        "DateTime": "2026-09-21T01:00:00+00:00",
        "Upload": None,
    }[graphql_type.name]


def mutation_document(field_name: str) -> tuple[str, dict[str, Any] | None]:
    """The document calling root mutation `field_name` (selecting only `userErrors`), and the
    placeholder input (None when the mutation takes no input)."""
    field_ = build_schema()._schema.mutation_type.fields[field_name]  # type: ignore[union-attr]
    if "input" not in field_.args:
        return f"mutation {{ {field_name} {{ userErrors {{ code }} }} }}", None
    type_name = str(field_.args["input"].type)
    document = (
        f"mutation($input: {type_name}) {{ {field_name}(input: $input) {{ userErrors {{ code field }} }} }}"
    )
    return document, _placeholder(field_.args["input"].type)


async def observe_mutation(api: Api, world: World, row: MutationRow, actor: str, token: str | None) -> str:
    document, placeholder = mutation_document(row.field)
    if placeholder is None:
        body = await api.post(document, token=token)
    elif row.upload is not None:
        given = placeholder | row.input(world)
        given.pop("file", None)
        operations = {"query": document, "variables": {"input": {**given, "file": None}}}
        response = await api.client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": (row.upload[0], row.upload[1], "application/octet-stream")},
            headers={"Authorization": f"Bearer {token}"} if token else {},
        )
        body = response.json()
    else:
        body = await api.post(document, {"input": placeholder | row.input(world)}, token=token)
    errors = body.get("errors")
    if errors:
        return str(errors[0].get("extensions", {}).get("code", errors[0].get("message")))
    payload = body["data"][row.field]
    codes = [e["code"] for e in payload["userErrors"]]
    if any(code in row.out_of_reach for code in codes):
        return OUT_OF_SCOPE
    if any(code.endswith("NOT_FOUND") or code in REFUSED_AS_MISSING for code in codes):
        return HIDDEN
    if row.ran is not None and not set(codes) <= row.ran:
        return f"NOT_RUN {codes}"
    return ALLOW


# userError codes that answer as if the object did not exist (besides `*_NOT_FOUND`): an account or a
# registry record that is not the caller's to touch.
REFUSED_AS_MISSING: Final = frozenset({"UNKNOWN_USER", "NO_PERSON"})


# An expert not assigned to the application is told so (NOT_ASSIGNED).
NOT_THE_REVIEWER: Final = frozenset({"OUT_OF_SCOPE", "NOT_ASSIGNED"})


def _row(field_name: str, expected: Mapping[str, str], **given: Callable[[World], Any]) -> MutationRow:
    return MutationRow(field_name, expected, lambda w: {k: v(w) for k, v in given.items()})


def _ran(
    field_name: str,
    expected: Mapping[str, str],
    settled: tuple[str, ...] = (),
    **given: Callable[[World], Any],
) -> MutationRow:
    """A row whose allowed calls must run (see `MutationRow.ran`); `settled` the codes of a state an
    earlier allowed actor reached (the first allowed actor's call must succeed outright for the database
    to change)."""
    return MutationRow(
        field_name, expected, lambda w: {k: v(w) for k, v in given.items()}, ran=frozenset(settled)
    )


def _id(key: str) -> Callable[[World], str]:
    return lambda w: w.ids[key]


def _const(value: Any) -> Callable[[World], Any]:
    return lambda w: value


OWN: Final = _const("532301")
STRONG_PASSWORD: Final = "Yixiang-2026-matrix"
CSV_ROSTER: Final = ("名单.csv", "姓名,身份证号,学时\n".encode())

# In the order they run: a row that would spoil another's target (withdrawing, cancelling, revoking)
# comes after the rows that need it.
MUTATION_ROWS: Final[list[MutationRow]] = [
    _ran(
        "updateMyProfile",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=ALLOW),
        phone=_const("13808780000"),
    ),
    _ran(
        "fileOrganization",
        SIGNED_IN,
        ("CREDIT_CODE_TAKEN",),
        countyCode=OWN,
        unifiedSocialCreditCode=_const(make_credit_code("52532301000000002")),
    ),
    _ran(
        "reviewOrganization",
        ADMINS_IN_SCOPE,
        ("ORGANIZATION_ALREADY_REVIEWED",),
        organizationId=_id("organization"),
        approve=_const(True),
    ),
    _ran(
        "setPaymentAccount",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        personId=_id("person"),
        # Another branch: setting the account she has would write nothing.
        bankName=_const("中国农业银行楚雄鹿城支行"),
        accountNumber=_const(ACCOUNT_NUMBER),
    ),
    _ran("login", PUBLIC, username=_const("spare"), password=_const("passw0rd-test")),
    _row("changePassword", SIGNED_IN, currentPassword=_const("not-the-password")),
    _ran("resetPassword", ADMINS_IN_SCOPE, username=_const("spare")),
    _ran(
        "registerAccount",
        PUBLIC,
        ("USERNAME_TAKEN",),
        username=_const("matrix.new"),
        password=_const(STRONG_PASSWORD),
        idCardNumber=_const(make_id_card_number("532301", date(1990, 3, 3), 511)),
        phone=_const("13908785511"),
        countyCode=OWN,
    ),
    _ran("createUser", PREFECTURE_ONLY, username=_const("matrix.staff"), password=_const(STRONG_PASSWORD)),
    _ran("grantRole", PREFECTURE_ONLY, username=_const("spare"), role=_const("EXPERT")),
    _ran("revokeRole", PREFECTURE_ONLY, username=_const("spare"), role=_const("EXPERT")),
    _row("fileProvider", PREFECTURE_ONLY, countyCode=OWN),
    _ran(
        "postCourse",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=ALLOW),
        countyCode=OWN,
        sessions=_const(COURSE_INPUT["sessions"]),
    ),
    _ran(
        "updateCourse",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=HIDDEN),
        courseId=_id("draft_course"),
        countyCode=OWN,
        sessions=_const(COURSE_INPUT["sessions"]),
    ),
    _ran(
        "publishCourse",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=HIDDEN),
        courseId=_id("draft_course"),
    ),
    _ran(
        "enrollInCourse",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=ALLOW),
        courseId=_id("course"),
    ),
    _row(
        "recordAttendance",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=HIDDEN),
        enrollmentId=_id("enrollment"),
        sessionId=_id("session"),
        present=_const(True),
    ),
    _row(
        "recordCompletion",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=HIDDEN),
        enrollmentId=_id("enrollment"),
        idempotencyKey=_const("m-done"),
    ),
    MutationRow(
        "importCompletions",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=HIDDEN),
        lambda w: {"courseId": w.ids["course"], "dryRun": True},
        CSV_ROSTER,
    ),
    _ran(
        "adjustTrainingHours",
        expect(
            FORBIDDEN,
            anonymous=UNAUTHENTICATED,
            county_own=ALLOW,
            county_other=OUT_OF_SCOPE,
            prefecture=ALLOW,
        ),
        personId=_id("person"),
        hours=_const("1"),
        idempotencyKey=_const("m-adj"),
    ),
    _ran("reverseLedgerEntry", ADMINS_IN_SCOPE, entryId=_id("hour_entry"), idempotencyKey=_const("m-rev")),
    _ran(
        "updateTrainingRequirement",
        PREFECTURE_ONLY,
        requirementId=lambda w: to_global_id("TrainingRequirement", 1),
    ),
    _ran(
        "createExamSitting",
        PREFECTURE_ONLY,
        year=_const(2027),
        examDate=_const("2027-11-06"),
        registrationOpensOn=_const("2027-09-01"),
        registrationClosesOn=_const("2027-09-30"),
        sites=_const([{"name": "禄丰考点", "countyCode": "532302", "capacity": 10}]),
    ),
    _row("updateExamSitting", PREFECTURE_ONLY, sittingId=_id("sitting")),
    _row(
        "registerForExam",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=ALLOW),
        sittingId=_id("sitting"),
        siteId=_id("site"),
        level=_const("SENIOR"),
        idempotencyKey=_const("m-reg"),
    ),
    _ran(
        "reviewExamRegistration",
        ADMINS_IN_SCOPE,
        ("WRONG_REGISTRATION_STATUS",),
        registrationId=_id("registration"),
        approve=_const(True),
    ),
    _row(
        "reviewExamRegistrations", ADMINS_IN_SCOPE, registrationIds=_ids("registration"), approve=_const(True)
    ),
    _row(
        "confirmExamFee",
        ADMINS_IN_SCOPE,
        registrationId=_id("registration"),
        amount=_const("120"),
        idempotencyKey=_const("m-fee"),
    ),
    _row("issueAdmissionTickets", PREFECTURE_ONLY, sittingId=_id("sitting")),
    _row(
        "recordExamResults",
        PREFECTURE_ONLY,
        sittingId=_id("sitting"),
        results=lambda w: [
            {"registrationId": w.ids["registration"], "subject": "SENIOR_PRACTICE", "score": "70"}
        ],
    ),
    MutationRow(
        "importExamResults",
        PREFECTURE_ONLY,
        lambda w: {"sittingId": w.ids["sitting"]},
        ("成绩.csv", "准考证号,科目,分数\n".encode()),
    ),
    _ran(
        "recordExistingCertificate",
        expect(
            FORBIDDEN,
            anonymous=UNAUTHENTICATED,
            county_own=ALLOW,
            county_other=OUT_OF_SCOPE,
            prefecture=ALLOW,
        ),
        ("CERTIFICATE_NUMBER_TAKEN",),
        personId=_id("person"),
        level=_const("ASSISTANT"),
        number=_const("AS2015LINA02"),
        issuedOn=_const("2015-06-20"),
    ),
    _row(
        "registerCertificate",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, county_own=ALLOW, prefecture=ALLOW),
        certificateId=_id("certificate"),
    ),
    _ran(
        "setIncentivePolicy",
        expect(
            FORBIDDEN,
            anonymous=UNAUTHENTICATED,
            county_own=ALLOW,
            county_other=OUT_OF_SCOPE,
            prefecture=ALLOW,
        ),
        ("INCENTIVE_POLICY_OVERLAP",),
        countyCode=OWN,
        amount=_const("500"),
        effectiveFrom=_const("2026-10-01"),
    ),
    _ran(
        "endIncentivePolicy",
        expect(
            FORBIDDEN,
            anonymous=UNAUTHENTICATED,
            county_own=ALLOW,
            county_other=OUT_OF_SCOPE,
            prefecture=ALLOW,
        ),
        policyId=_id("policy"),
        effectiveTo=_const("2026-12-31"),
    ),
    _ran(
        "reviewEntitlement",
        ADMINS_IN_SCOPE,
        ("WRONG_ENTITLEMENT_STATUS",),
        entitlementId=_id("entitlement"),
        approve=_const(True),
    ),
    _row("reviewEntitlements", ADMINS_IN_SCOPE, entitlementIds=_ids("entitlement"), approve=_const(True)),
    _ran("setCountyBudget", PREFECTURE_ONLY, countyCode=OWN, year=_const(2027), amount=_const("100000")),
    _ran(
        "accrueMonthlyAllowances", PREFECTURE_ONLY, month=_const("2026-08"), idempotencyKey=_const("m-accrue")
    ),
    _ran(
        "createPayoutBatch",
        expect(
            FORBIDDEN,
            anonymous=UNAUTHENTICATED,
            county_own=ALLOW,
            county_other=OUT_OF_SCOPE,
            prefecture=ALLOW,
        ),
        countyCode=OWN,
        idempotencyKey=_const("m-batch"),
    ),
    _ran("markPayoutBatchPaid", ADMINS_IN_SCOPE, batchId=_id("batch"), paidOn=_const("2026-09-21")),
    _ran(
        "recordRecovery",
        ADMINS_IN_SCOPE,
        ("RECOVERY_ALREADY_RECORDED",),
        recoveryId=_id("recovery"),
        recoveredOn=_const("2026-09-20"),
        reference=_const("收据2026-0917"),
    ),
    _ran(
        "openTalentRound",
        PREFECTURE_ONLY,
        year=_const(2027),
        applicationOpensOn=_const("2027-09-01"),
        applicationClosesOn=_const("2027-09-20"),
        countyQuotas=_const([{"countyCode": "532301", "quota": 1}]),
    ),
    _row("correctTalentRound", PREFECTURE_ONLY, roundId=_id("round")),
    _row(
        "applyForTalentRound",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=ALLOW),
        roundId=_id("round"),
    ),
    _row(
        "updateTalentApplication",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=HIDDEN),
        applicationId=_id("application"),
    ),
    _row(
        "submitTalentApplication",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=HIDDEN),
        applicationId=_id("application"),
    ),
    _row("recommendTalentApplicant", SIGNED_IN, roundId=_id("round"), personId=_id("spare_person")),
    _row(
        "confirmTalentRecommendation",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW, trainee_other=HIDDEN),
        applicationId=_id("application"),
    ),
    MutationRow(
        "attachTalentEvidence",
        expect(
            HIDDEN,
            anonymous=UNAUTHENTICATED,
            trainee_own=ALLOW,
            county_own=OUT_OF_SCOPE,
            prefecture=OUT_OF_SCOPE,
            expert_assigned=OUT_OF_SCOPE,
        ),
        lambda w: {"applicationId": w.ids["application"]},
        ("证明.pdf", b"%PDF-1.4\n%%EOF\n"),
    ),
    _row(
        "reviewTalentApplication", ADMINS_IN_SCOPE, applicationId=_id("application"), decision=_const("PASS")
    ),
    _ran("assignTalentReviewers", PREFECTURE_ONLY, roundId=_id("round"), reviewerIds=_ids("expert_user")),
    MutationRow(
        "scoreTalentApplication",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, expert_assigned=ALLOW, expert_other=OUT_OF_SCOPE),
        lambda w: {"applicationId": w.ids["application"], "scores": [{"dimension": "ETHICS", "score": "9"}]},
        out_of_reach=NOT_THE_REVIEWER,
    ),
    MutationRow(
        "declareTalentConflict",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, expert_assigned=ALLOW, expert_other=OUT_OF_SCOPE),
        lambda w: {"applicationId": w.ids["application"]},
        out_of_reach=NOT_THE_REVIEWER,
    ),
    _row("excuseTalentReviewer", PREFECTURE_ONLY, roundId=_id("round"), reviewerId=_id("expert_user")),
    _ran("closeTalentScoring", PREFECTURE_ONLY, roundId=_id("round")),
    _ran("setCalendarDay", PREFECTURE_ONLY, date=_const("2026-10-09")),
    _ran("removeCalendarDay", PREFECTURE_ONLY, date=_const("2026-10-09")),
    _ran("startTalentPublicNotice", PREFECTURE_ONLY, roundId=_id("round"), workingDays=_const(5)),
    _row("fileTalentObjection", PUBLIC, applicationId=_id("application")),
    _ran(
        "resolveTalentObjection",
        PREFECTURE_ONLY,
        objectionId=_id("objection"),
        upheld=_const(False),
        resolution=_const("经核查，服务时长记录属实，异议不成立。"),
    ),
    _row("approveTalentRound", PREFECTURE_ONLY, roundId=_id("round")),
    _ran(
        "recordCultivationAssessment",
        PREFECTURE_ONLY,
        talentId=_id("leading_talent"),
        grade=_const("PASS"),
        year=_const(2025),
    ),
    _ran(
        "revokeLeadingTalent",
        PREFECTURE_ONLY,
        talentId=_id("leading_talent"),
        reason=_const("离开社会工作岗位"),
    ),
    _row(
        "setPeriodTargets",
        PREFECTURE_ONLY,
        periodId=_id("plan_period"),
        talentTarget=_const(8000),
        certifiedTarget=_const(4000),
        perMilleFloor=_const("1"),
    ),
    # Last: these spoil the targets of the rows above.
    _row(
        "removeTalentEvidence",
        expect(
            HIDDEN,
            anonymous=UNAUTHENTICATED,
            trainee_own=ALLOW,
            county_own=OUT_OF_SCOPE,
            prefecture=OUT_OF_SCOPE,
            expert_assigned=OUT_OF_SCOPE,
        ),
        evidenceId=_id("evidence"),
    ),
    _row(
        "withdrawTalentApplication",
        expect(
            HIDDEN,
            anonymous=UNAUTHENTICATED,
            trainee_own=ALLOW,
            county_own=OUT_OF_SCOPE,
            prefecture=OUT_OF_SCOPE,
            expert_assigned=OUT_OF_SCOPE,
        ),
        applicationId=_id("application"),
    ),
    _ran(
        "withdrawEnrollment",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW),
        enrollmentId=_id("enrollment"),
    ),
    _ran(
        "withdrawExamRegistration",
        expect(HIDDEN, anonymous=UNAUTHENTICATED, trainee_own=ALLOW),
        registrationId=_id("registration"),
    ),
    _ran(
        "revokeEntitlement",
        ADMINS_IN_SCOPE,
        ("WRONG_ENTITLEMENT_STATUS",),
        entitlementId=_id("batched_entitlement"),
    ),
    _ran(
        "cancelCourse",
        expect(FORBIDDEN, anonymous=UNAUTHENTICATED, provider_own=ALLOW, provider_other=HIDDEN),
        courseId=_id("draft_course"),
    ),
    _row("cancelExamSitting", PREFECTURE_ONLY, sittingId=_id("sitting")),
    MutationRow("logout", SIGNED_IN, fresh_token=True),
]
