"""The one seeded world the authorisation matrix (test_authorization_matrix.py) runs in, and a token per actor.

Two counties (楚雄市 532301 "own", 禄丰市 532302 "other"), a provider in each, two trainees (李娜 of 楚雄市,
whose data every row targets, and 王强 of 禄丰市), the organisation 李娜 filed (awaiting review), an exam sitting with a 楚雄市 site and 李娜's
registration, 李娜's certificate, a published course of the own provider with her enrolment, an hour entry,
an incentive policy with her entitlements (one pending, one in a payout batch, one paid then revoked
with its recovery outstanding), a talent round with her application, its evidence file and an assigned
expert, and the approved 2024 round that made her a leading talent (an objection filed during its
notice still open). Built through the API and the services, as users
would, at the dates each step needs (the 2024 round, the title, the objection and the recovery are
written with the models, in the states those services leave them: replaying a whole round would double
the matrix's time); the matrix itself runs on `TODAY`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final

import pytest

from api.schema.relay import to_global_id
from domain import clock
from domain.access import Grant, Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.accounts.passwords import hash_password
from domain.audit.models import AuditEvent
from domain.exam import certificates
from domain.exam.vocabulary import ExamLevel
from domain.incentives.models import Entitlement, Recovery
from domain.incentives.vocabulary import EntitlementStatus, RecoveryStatus
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.models import Person
from domain.talent.models import LeadingTalent, TalentApplication, TalentObjection, TalentRound
from domain.talent.vocabulary import ApplicationStatus, ObjectionStatus, RoundStatus, TalentStatus
from domain.training import providers
from tests.api.conftest import Api
from tests.domain.incentives.payout_rows import budget, entitlement
from tests.factories import PASSWORD, SYSTEM, person_id_of, staff, trainee

OWN_COUNTY: Final = "532301"
OTHER_COUNTY: Final = "532302"
# The business date the matrix runs on: the talent round's application window has closed (so reviewers
# can be assigned), the exam's registration window is open, the course's sessions are ahead.
TODAY: Final = date(2026, 9, 21)
ID_CARD: Final = make_id_card_number(OWN_COUNTY, date(1986, 5, 4), 501)
ACCOUNT_NUMBER: Final = "6228480012345678901"
OBJECTION_CONTACT: Final = "13908781234"
PDF: Final = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"

# The actors of every row: each signed in (but the anonymous caller) with a token of its own.
ACTORS: Final = (
    "anonymous",
    "trainee_own",  # 李娜 herself
    "trainee_other",  # 王强, another person (of the other county)
    "provider_own",  # the provider of 李娜's course
    "provider_other",  # another provider
    "county_own",  # 楚雄市's admin
    "county_other",  # 禄丰市's admin
    "prefecture",
    "expert_assigned",  # a reviewer of the talent round
    "expert_other",  # an expert not assigned to it
)
USERNAMES: Final = {
    "trainee_own": "li.na",
    "trainee_other": "wang.qiang",
    "provider_own": "px.own",
    "provider_other": "px.other",
    "county_own": "chen",
    "county_other": "lili",
    "prefecture": "zhou",
    "expert_assigned": "yang",
    "expert_other": "qian",
}


@dataclass
class World:
    """Global IDs of the seeded objects (all of them 李娜's, her county's or her provider's, unless named
    otherwise) and a token per actor (None for the anonymous caller)."""

    tokens: dict[str, str | None]
    ids: dict[str, str] = field(default_factory=dict)


def one_password_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every account created meanwhile gets one precomputed scrypt hash of `PASSWORD` (a dozen would take
    seconds of the matrix's time); signing in still verifies it for real."""
    stored = hash_password(PASSWORD)

    async def precomputed(password: str) -> str:
        assert password == PASSWORD
        return stored

    monkeypatch.setattr(accounts, "hash_password_off_loop", precomputed)


def _errors(body: dict[str, Any]) -> None:
    assert "errors" not in body, body["errors"]


async def _ok(api: Api, document: str, input: dict[str, Any], token: str | None) -> dict[str, Any]:
    body = await api.post(document, {"input": input}, token=token)
    _errors(body)
    payload: dict[str, Any] = next(iter(body["data"].values()))
    assert payload["userErrors"] == [], payload
    return payload


async def build_world(api: Api) -> World:
    """Seed the world (steps at their own dates, ending on `TODAY`) and sign every actor in on `TODAY`."""
    own_provider = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", OWN_COUNTY, "罗老师", "0878-3120000")
    )
    other_provider = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("禄丰市社工培训学校", OTHER_COUNTY, "张老师", "0878-4120000")
    )
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    await staff("chen", Grant(Role.COUNTY_ADMIN, county_code=OWN_COUNTY))
    await staff("lili", Grant(Role.COUNTY_ADMIN, county_code=OTHER_COUNTY))
    yang = await staff("yang", Grant(Role.EXPERT))
    await staff("qian", Grant(Role.EXPERT))
    await staff("px.own", Grant(Role.PROVIDER, provider_id=own_provider.id))
    await staff("px.other", Grant(Role.PROVIDER, provider_id=other_provider.id))
    li = await trainee(
        "li.na",
        name="李娜",
        id_card_number=ID_CARD,
        born=date(1986, 5, 4),
        social_work_since=date(2012, 9, 1),
    )
    wang = await trainee(
        "wang.qiang",
        name="王强",
        county_code=OTHER_COUNTY,
        id_card_number=make_id_card_number(OTHER_COUNTY, date(1985, 1, 2), 503),
    )
    spare = await trainee("spare", name="赵敏", born=date(1992, 2, 2))
    li_person = person_id_of(li)
    await Person.filter(id=li_person).update(bank_name="中国农业银行楚雄分行", account_number=ACCOUNT_NUMBER)
    certificate = await certificates.record_existing_certificate(
        SYSTEM,
        li_person,
        level=ExamLevel.SOCIAL_WORKER,
        number="SW2018LINA01",
        issued_on=date(2018, 6, 20),
        local_only=False,
    )
    world = World(tokens={"anonymous": None})
    ids = world.ids
    ids["person"] = to_global_id("Person", li_person)
    ids["other_person"] = to_global_id("Person", person_id_of(wang))
    ids["user"] = to_global_id("User", li.id)
    ids["spare_person"] = to_global_id("Person", person_id_of(spare))
    ids["expert_user"] = to_global_id("User", yang.id)
    ids["plan_period"] = to_global_id("PlanPeriod", 1)
    ids["provider"] = to_global_id("Provider", own_provider.id)
    ids["certificate"] = to_global_id("Certificate", certificate.id)

    # Signed in on `TODAY` (the module pins it); tokens issued then are valid on the earlier dates too.
    tokens = {actor: await api.login(name) for actor, name in USERNAMES.items()}
    with clock.travel_to(date(2026, 8, 20)):
        sitting = (await _ok(api, CREATE_SITTING, SITTING_INPUT, tokens["prefecture"]))["sitting"]
        ids["sitting"] = sitting["id"]
        ids["site"] = sitting["sites"][0]["id"]
        round_ = (await _ok(api, OPEN_ROUND, ROUND_INPUT, tokens["prefecture"]))["round"]
        ids["round"] = round_["id"]
    with clock.travel_to(date(2026, 9, 5)):
        course = (await _ok(api, POST_COURSE, COURSE_INPUT, tokens["provider_own"]))["course"]
        ids["course"] = course["id"]
        ids["session"] = course["sessions"][0]["id"]
        draft = (await _ok(api, POST_COURSE, COURSE_INPUT, tokens["provider_own"]))["course"]
        ids["draft_course"] = draft["id"]
        await _ok(api, PUBLISH_COURSE, {"courseId": ids["course"]}, tokens["provider_own"])
        enrolment = await _ok(api, ENROL, {"courseId": ids["course"]}, tokens["trainee_own"])
        ids["enrollment"] = enrolment["enrollment"]["id"]
        registration = await _ok(
            api,
            REGISTER_EXAM,
            {"sittingId": ids["sitting"], "level": "SENIOR", "siteId": ids["site"], "idempotencyKey": "w-1"},
            tokens["trainee_own"],
        )
        ids["registration"] = registration["registration"]["id"]
        application = await _ok(
            api,
            APPLY,
            {"roundId": ids["round"], "statement": "扎根基层社区多年。", "submit": False},
            tokens["trainee_own"],
        )
        ids["application"] = application["application"]["id"]
        filed = await _ok(
            api,
            FILE_ORGANIZATION,
            {
                "name": "楚雄市鹿城镇社区服务中心",
                "unifiedSocialCreditCode": make_credit_code("52532301000000001"),
                "countyCode": OWN_COUNTY,
                "township": "鹿城镇",
                "type": "COMMUNITY",
            },
            tokens["trainee_own"],
        )
        ids["organization"] = filed["organization"]["id"]
        body = await api.upload(
            ATTACH,
            {"applicationId": ids["application"]},
            ("获奖证书.pdf", PDF),
            token=tokens["trainee_own"],
            media_type="application/pdf",
        )
        _errors(body)
        ids["evidence"] = body["data"]["attachTalentEvidence"]["evidence"]["id"]
        await _ok(api, SUBMIT, {"applicationId": ids["application"]}, tokens["trainee_own"])
        await _ok(
            api, REVIEW, {"applicationId": ids["application"], "decision": "PASS"}, tokens["county_own"]
        )
    with clock.travel_to(TODAY):
        entry = await _ok(api, ADJUST, ADJUST_INPUT | {"personId": ids["person"]}, tokens["county_own"])
        ids["hour_entry"] = entry["entry"]["id"]
        assigned = await _ok(
            api, ASSIGN, {"roundId": ids["round"], "reviewerIds": [ids["expert_user"]]}, tokens["prefecture"]
        )
        ids["assignment"] = assigned["assignments"][0]["id"]
        await _ok(
            api, SCORE, {"applicationId": ids["application"], "scores": SCORES}, tokens["expert_assigned"]
        )
        await budget(OWN_COUNTY, 2026)
        batched = await entitlement(li_person, year=2026)
        pending = await entitlement(li_person, status=EntitlementStatus.PENDING, year=2026)
        ids["policy"] = to_global_id("IncentivePolicy", batched.policy_id)
        ids["entitlement"] = to_global_id("Entitlement", pending.id)
        batch = await _ok(
            api, CREATE_BATCH, {"countyCode": OWN_COUNTY, "idempotencyKey": "w-batch"}, tokens["county_own"]
        )
        ids["batch"] = batch["batch"]["id"]
        ids["batched_entitlement"] = to_global_id("Entitlement", batched.id)
        ids["recovery"] = to_global_id("Recovery", await _recovery(li_person))
    zhou = await User.get(username="zhou")
    ids.update(await _earlier_title(li_person, zhou.id))
    event = await AuditEvent.filter(action="certificate.recorded").first()
    assert event is not None
    ids["audit_event"] = to_global_id("AuditEvent", event.id)
    world.tokens.update(tokens)
    assert await User.filter(username__in=list(USERNAMES.values())).count() == len(USERNAMES)
    return world


async def _recovery(person_id: int) -> int:
    """A reward paid in August, revoked after payment: its recovery OUTSTANDING (`revoke_entitlement`)."""
    paid = await entitlement(person_id, status=EntitlementStatus.REVOKED, year=2026)
    await Entitlement.filter(id=paid.id).update(
        budget_year=2026,
        paid_on=date(2026, 8, 10),
        revoked_reason="重复申领",
        revoked_at=datetime(2026, 9, 15, 2, tzinfo=UTC),
    )
    recovery = await Recovery.create(
        entitlement_id=paid.id,
        county_id=OWN_COUNTY,
        amount_fen=paid.amount_fen,
        budget_year=2026,
        status=RecoveryStatus.OUTSTANDING,
        reason="重复申领",
    )
    return recovery.id


async def _earlier_title(person_id: int, prefecture_user_id: int) -> dict[str, str]:
    """2024's round, APPROVED, whose approved application made 李娜 a leading talent (CULTIVATING), and an
    objection to her filed during its notice, still OPEN."""
    round_ = await TalentRound.create(
        year=2024,
        title="2024年度彝乡专业社会工作领军人才选拔",
        quota=3,
        application_opens_on=date(2024, 9, 1),
        application_closes_on=date(2024, 9, 20),
        status=RoundStatus.APPROVED,
        notice_working_days=5,
        notice_starts_on=date(2024, 11, 3),
        notice_ends_on=date(2024, 11, 7),
        approved_on=date(2024, 11, 14),
        opened_by_user_id=prefecture_user_id,
    )
    application = await TalentApplication.create(
        round_id=round_.id,
        person_id=person_id,
        county_id=OWN_COUNTY,
        organization_name="楚雄市鹿城镇社区服务中心",
        status=ApplicationStatus.APPROVED,
        statement="扎根基层社区多年。",
        submitted_at=datetime(2024, 9, 10, 2, tzinfo=UTC),
        within_quota=True,
        rank=1,
        notice_starts_on=date(2024, 11, 3),
        notice_ends_on=date(2024, 11, 7),
    )
    talent = await LeadingTalent.create(
        round_id=round_.id,
        application_id=application.id,
        person_id=person_id,
        county_id=OWN_COUNTY,
        awarded_on=date(2024, 11, 14),
        cultivation_ends_on=date(2027, 11, 13),
        status=TalentStatus.CULTIVATING,
    )
    objection = await TalentObjection.create(
        round_id=round_.id,
        application_id=application.id,
        text="该申报人所报服务时长与实际不符，请核查。",
        contact=OBJECTION_CONTACT,
        status=ObjectionStatus.OPEN,
    )
    return {
        "past_round": to_global_id("TalentRound", round_.id),
        "past_application": to_global_id("TalentApplication", application.id),
        "leading_talent": to_global_id("LeadingTalent", talent.id),
        "objection": to_global_id("TalentObjection", objection.id),
    }


CREATE_SITTING = """
mutation($input: CreateExamSittingInput!) {
  createExamSitting(input: $input) { sitting { id sites { id } } userErrors { code field message } }
}
"""
SITTING_INPUT: Final = {
    "year": 2026,
    "examDate": "2026-11-07",
    "registrationOpensOn": "2026-09-01",
    "registrationClosesOn": "2026-09-30",
    "sites": [{"name": "楚雄师范学院考点", "countyCode": OWN_COUNTY, "capacity": 50}],
    "feePerSubject": "40",
}
OPEN_ROUND = """
mutation($input: OpenTalentRoundInput!) {
  openTalentRound(input: $input) { round { id } userErrors { code field message } }
}
"""
ROUND_INPUT: Final = {
    "year": 2026,
    "title": "2026年度彝乡专业社会工作领军人才选拔",
    "quota": 3,
    "countyQuotas": [{"countyCode": OWN_COUNTY, "quota": 2}, {"countyCode": OTHER_COUNTY, "quota": 1}],
    "applicationOpensOn": "2026-09-01",
    "applicationClosesOn": "2026-09-20",
}
POST_COURSE = """
mutation($input: PostCourseInput!) {
  postCourse(input: $input) { course { id sessions { id } } userErrors { code field message } }
}
"""
COURSE_INPUT: Final = {
    "title": "社会工作实务技能提升班",
    "description": "面向一线社会工作者的实务技能培训",
    "serviceField": "COMMUNITY_BUILDING",
    "hourCategory": "PRACTICE_SKILLS",
    "creditHours": "16",
    "deliveryMode": "IN_PERSON",
    "countyCode": OWN_COUNTY,
    "capacity": 30,
    "sessions": [
        {
            "startsAt": "2026-10-10T01:00:00+00:00",
            "endsAt": "2026-10-10T05:00:00+00:00",
            "location": "鹿城镇",
        },
        {
            "startsAt": "2026-10-11T01:00:00+00:00",
            "endsAt": "2026-10-11T05:00:00+00:00",
            "location": "鹿城镇",
        },
    ],
}
PUBLISH_COURSE = """
mutation($input: PublishCourseInput!) { publishCourse(input: $input) { userErrors { code field message } } }
"""
ENROL = """
mutation($input: EnrollInCourseInput!) {
  enrollInCourse(input: $input) { enrollment { id } userErrors { code field message } }
}
"""
REGISTER_EXAM = """
mutation($input: RegisterForExamInput!) {
  registerForExam(input: $input) { registration { id } userErrors { code field message } }
}
"""
APPLY = """
mutation($input: ApplyForTalentRoundInput!) {
  applyForTalentRound(input: $input) { application { id } userErrors { code field message } }
}
"""
ATTACH = """
mutation($input: AttachTalentEvidenceInput!) {
  attachTalentEvidence(input: $input) { evidence { id } userErrors { code field message } }
}
"""
SUBMIT = """
mutation($input: SubmitTalentApplicationInput!) {
  submitTalentApplication(input: $input) { userErrors { code field message } }
}
"""
REVIEW = """
mutation($input: ReviewTalentApplicationInput!) {
  reviewTalentApplication(input: $input) { userErrors { code field message } }
}
"""
ADJUST = """
mutation($input: AdjustTrainingHoursInput!) {
  adjustTrainingHours(input: $input) { entry { id } userErrors { code field message } }
}
"""
ADJUST_INPUT: Final = {
    "hours": "2",
    "hourCategory": "KNOWLEDGE",
    "reason": "补录州级培训学时",
    "idempotencyKey": "w-adjust",
}
ASSIGN = """
mutation($input: AssignTalentReviewersInput!) {
  assignTalentReviewers(input: $input) { assignments { id } userErrors { code field message } }
}
"""
CREATE_BATCH = """
mutation($input: CreatePayoutBatchInput!) {
  createPayoutBatch(input: $input) { batch { id } userErrors { code field message } }
}
"""
SCORE = """
mutation($input: ScoreTalentApplicationInput!) {
  scoreTalentApplication(input: $input) { userErrors { code field message } }
}
"""
SCORES: Final = [
    {"dimension": d, "score": "9.5"}
    for d in ("ETHICS", "PROFESSIONALISM", "EXPERTISE", "CAPABILITY", "PERFORMANCE", "CLIENT_FEEDBACK")
]
FILE_ORGANIZATION = """
mutation($input: FileOrganizationInput!) {
  fileOrganization(input: $input) { organization { id } userErrors { code field message } }
}
"""
