"""The targets report on a seeded scene with known answers (API.md §Reports): every figure below is
worked out by hand from the scene, for the prefecture and for a county admin, for both plan periods."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from domain import clock
from domain.access import Actor
from domain.exam.certificates import record_existing_certificate
from domain.exam.vocabulary import ExamLevel
from domain.incentives.budgets import set_county_budget
from domain.people import organizations
from domain.people.counties import PopulationFigure, import_population
from domain.people.credit_code import make_credit_code
from domain.people.vocabulary import OrganizationType, PopulationBasis
from domain.training.adjustments import adjust_hours
from domain.training.vocabulary import HourCategory
from tests.api.conftest import Api, Tokens, error_codes, sign_in_staff
from tests.api.test_query_count import SqlCounter, sql
from tests.factories import SYSTEM, actor_of, person_id_of, trainee

__all__ = ["sql"]

TODAY = date(2027, 6, 15)  # within the 15th five-year plan (2026–2030)

TARGETS = """
query Targets($periodId: ID) {
  targets(periodId: $periodId) {
    period { id name talentTarget certifiedTarget perMilleFloor }
    countyScope asOf populationYear population
    talentTotal talentTarget talentProgress certifiedTotal certifiedTarget certifiedProgress
    perMille perMilleFloor countiesMeetingFloor
    trainingRequirement requiredHours frontLine frontLineMet trainingComplianceRate
    townships townshipsCovered filingCoverage
    budgetFirstYear budgetLastYear money { budget committed paid recovered remaining }
    certificatesIssued { year level count }
    counties {
      countyCode county population populationYear talents certified perMille floorTalents meetsFloor
      frontLine frontLineMet trainingComplianceRate organizationsFiled organizationsApproved
      townships townshipsCovered filingCoverage money { budget remaining }
    }
  }
}
"""

PERIODS = "{ planPeriods { id name startsOn endsOn talentTarget certifiedTarget perMilleFloor } }"

SET_TARGETS = """
mutation Set($input: SetPeriodTargetsInput!) {
  setPeriodTargets(input: $input) {
    period { id talentTarget certifiedTarget perMilleFloor }
    userErrors { code field message }
  }
}
"""


@dataclass
class Scene:
    fyp14: str
    fyp15: str
    # Signed in on TODAY (tokens from before the clock moved have expired by then).
    tokens: Tokens


async def _hours(person_id: int, hours: str, category: HourCategory, on: date, key: str) -> None:
    await adjust_hours(
        SYSTEM,
        person_id,
        hours=Decimal(hours),
        category=category,
        reason="补录系统上线前的培训",
        occurred_on=on,
        idempotency_key=key,
    )


async def _organization(
    filer: Actor, name: str, county: str, township: str, serial: str, *, approve: bool | None
) -> None:
    filed = await organizations.file_organization(
        filer,
        organizations.OrganizationFiling(
            name=name,
            credit_code=make_credit_code(f"52532301MJ{serial}"),
            county_code=county,
            township=township,
            type=OrganizationType.SOCIAL_WORK_SERVICE_ORGANIZATION,
        ),
    )
    if approve is not None:
        await organizations.review_organization(
            SYSTEM, filed.id, approve=approve, reason=None if approve else "材料不全"
        )


@pytest.fixture
async def scene(api: Api, tokens: Tokens) -> Any:
    """楚雄市: 阿依·木呷 (front-line, certified twice in the period, 170 h) and 李娜 (front-line, 60 h + a
    degree's 100 h capped at 90 = 150 h, not met); 禄丰市 (population 2,000 loaded for 2025): 张梅
    (certified in 2024, 160 h: met), 王强 and 马丽 (front-line, no hours); 双柏县: 普秀 (not front-line,
    200 h). Organisations: 楚雄市 two approved in 鹿城镇, one in 东瓜镇, one pending in 子午镇; 禄丰市 one
    rejected. Budgets: 楚雄市 100,000 (2026) + 50,000.50 (2027) + 999 (2031, outside); 禄丰市 20,000
    (2027). The 15th period's targets: 10,000 / 5,000 / 1.5‰."""
    with clock.travel_to(TODAY):
        tokens = await sign_in_staff(api)
        ayi_user = await trainee("ayi", name="阿依·木呷", county_code="532301")
        ayi = person_id_of(ayi_user)
        filer = await actor_of(ayi_user)
        lina = person_id_of(await trainee("lina", name="李娜", county_code="532301"))
        zhang = person_id_of(await trainee("zhang", name="张梅", county_code="532302"))
        await trainee("wang", name="王强", county_code="532302")
        await trainee("mali", name="马丽", county_code="532302")
        puxiu = person_id_of(await trainee("puxiu", name="普秀", county_code="532322", front_line=False))
        await import_population(
            SYSTEM,
            [PopulationFigure("532302", 2025, PopulationBasis.HOUSEHOLD, 2000, "禄丰市统计年鉴（测试）")],
        )
        await record_existing_certificate(
            SYSTEM,
            ayi,
            level=ExamLevel.ASSISTANT,
            number="A2026001",
            issued_on=date(2026, 7, 1),
            local_only=False,
        )
        await record_existing_certificate(
            SYSTEM,
            ayi,
            level=ExamLevel.SOCIAL_WORKER,
            number="B2027001",
            issued_on=date(2027, 3, 1),
            local_only=False,
        )
        await record_existing_certificate(
            SYSTEM,
            zhang,
            level=ExamLevel.ASSISTANT,
            number="A2024001",
            issued_on=date(2024, 5, 1),
            local_only=False,
        )
        await _hours(ayi, "170", HourCategory.KNOWLEDGE, date(2027, 2, 1), "h1")
        await _hours(ayi, "200", HourCategory.KNOWLEDGE, date(2024, 2, 1), "h2")  # the 14th period's
        await _hours(lina, "60", HourCategory.KNOWLEDGE, date(2026, 5, 1), "h3")
        await _hours(lina, "100", HourCategory.DEGREE_STUDY, date(2026, 6, 1), "h4")
        await _hours(zhang, "160", HourCategory.PRACTICE_SKILLS, date(2027, 1, 10), "h5")
        await _hours(puxiu, "200", HourCategory.KNOWLEDGE, date(2027, 1, 10), "h6")
        await _organization(filer, "鹿城镇社工站", "532301", "鹿城镇", "0000001", approve=True)
        await _organization(filer, "鹿城镇青少年服务社", "532301", "鹿城镇", "0000002", approve=True)
        await _organization(filer, "东瓜镇社工站", "532301", "东瓜镇", "0000003", approve=True)
        await _organization(filer, "子午镇社工站", "532301", "子午镇", "0000004", approve=None)
        await _organization(filer, "禄丰市某协会", "532302", "金山镇", "0000005", approve=False)
        await set_county_budget(SYSTEM, "532301", 2026, Decimal("100000"))
        await set_county_budget(SYSTEM, "532301", 2027, Decimal("50000.50"))
        await set_county_budget(SYSTEM, "532301", 2031, Decimal("999"))
        await set_county_budget(SYSTEM, "532302", 2027, Decimal("20000"))
        periods = (await api.data(PERIODS))["planPeriods"]
        fyp14, fyp15 = periods[0]["id"], periods[1]["id"]
        body = await api.data(
            SET_TARGETS,
            {
                "input": {
                    "periodId": fyp15,
                    "talentTarget": 10000,
                    "certifiedTarget": 5000,
                    "perMilleFloor": "1.5",
                }
            },
            token=tokens.prefecture,
        )
        assert body["setPeriodTargets"]["userErrors"] == []
        yield Scene(fyp14=fyp14, fyp15=fyp15, tokens=tokens)


async def _report(api: Api, token: str, period_id: str | None = None) -> dict[str, Any]:
    variables = {"periodId": period_id} if period_id else {}
    report: dict[str, Any] = (await api.data(TARGETS, variables, token=token))["targets"]
    return report


def _county(report: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in report["counties"] if c["countyCode"] == code)
    return found


async def test_the_plan_periods_carry_the_seeds_targets_and_the_15th_is_unset_until_the_prefecture_sets_it(
    api: Api,
) -> None:
    periods = (await api.data(PERIODS))["planPeriods"]
    assert [
        (p["startsOn"], p["endsOn"], p["talentTarget"], p["certifiedTarget"], p["perMilleFloor"])
        for p in periods
    ] == [
        ("2021-01-01", "2025-12-31", 8000, 4000, "1.00"),
        ("2026-01-01", "2030-12-31", None, None, None),
    ]


async def test_the_prefecture_sees_the_current_periods_totals_against_its_targets(
    api: Api, scene: Scene
) -> None:
    with clock.travel_to(TODAY):
        report = await _report(api, scene.tokens.prefecture)
    assert report["period"]["id"] == scene.fyp15
    assert report["countyScope"] is None
    assert report["asOf"] == "2027-06-15"
    # 禄丰市's 2025 figure replaces its 2024 estimate; the others keep 2024's.
    assert report["populationYear"] == 2025
    assert report["population"] == 2_648_301 - 436_000 + 2_000
    assert (report["talentTotal"], report["talentTarget"], report["talentProgress"]) == (6, 10000, "0.0006")
    # 阿依·木呷 counts once for two certificates; 张梅's 2024 certificate still counts.
    assert (report["certifiedTotal"], report["certifiedTarget"], report["certifiedProgress"]) == (
        2,
        5000,
        "0.0004",
    )
    assert (report["perMilleFloor"], report["countiesMeetingFloor"]) == ("1.50", 1)
    assert report["trainingRequirement"] == "一线社会工作者累计培训（2026—2030年）"
    assert report["requiredHours"] == "160.0"
    assert (report["frontLine"], report["frontLineMet"], report["trainingComplianceRate"]) == (5, 2, "0.4000")
    assert (report["townships"], report["townshipsCovered"], report["filingCoverage"]) == (103, 2, "0.0194")
    assert (report["budgetFirstYear"], report["budgetLastYear"]) == (2026, 2030)
    assert report["money"] == {
        "budget": "170000.50",
        "committed": "0.00",
        "paid": "0.00",
        "recovered": "0.00",
        "remaining": "170000.50",
    }
    assert report["certificatesIssued"] == [
        {"year": 2026, "level": "ASSISTANT", "count": 1},
        {"year": 2027, "level": "SOCIAL_WORKER", "count": 1},
    ]
    assert len(report["counties"]) == 10


async def test_each_county_is_measured_against_the_floor_in_whole_people(api: Api, scene: Scene) -> None:
    with clock.travel_to(TODAY):
        report = await _report(api, scene.tokens.prefecture)
    chuxiong, lufeng, shuangbai = (_county(report, code) for code in ("532301", "532302", "532322"))
    # 楚雄市: 2 of 538,301 people; 1.5‰ asks ⌈807.45⌉ = 808.
    assert (chuxiong["talents"], chuxiong["perMille"], chuxiong["floorTalents"], chuxiong["meetsFloor"]) == (
        2,
        "0.00",
        808,
        False,
    )
    # 禄丰市: 3 of 2,000 is exactly 1.50‰, which meets a 1.5‰ floor.
    assert (lufeng["population"], lufeng["populationYear"]) == (2000, 2025)
    assert (lufeng["talents"], lufeng["perMille"], lufeng["floorTalents"], lufeng["meetsFloor"]) == (
        3,
        "1.50",
        3,
        True,
    )
    # 李娜's degree counts 90 h of its 100 (the cap): 150 h is short of 160.
    assert (chuxiong["frontLine"], chuxiong["frontLineMet"], chuxiong["trainingComplianceRate"]) == (
        2,
        1,
        "0.5000",
    )
    assert (lufeng["frontLine"], lufeng["frontLineMet"], lufeng["trainingComplianceRate"]) == (3, 1, "0.3333")
    # 普秀 is not front-line: no one to measure in 双柏县, so no rate (not 0%).
    assert (shuangbai["frontLine"], shuangbai["trainingComplianceRate"]) == (0, None)
    # Two approved in 鹿城镇 cover one township; the pending one in 子午镇 covers none.
    assert (chuxiong["organizationsFiled"], chuxiong["organizationsApproved"]) == (4, 3)
    assert (chuxiong["townships"], chuxiong["townshipsCovered"], chuxiong["filingCoverage"]) == (
        15,
        2,
        "0.1333",
    )
    assert (lufeng["organizationsFiled"], lufeng["organizationsApproved"], lufeng["filingCoverage"]) == (
        1,
        0,
        "0.0000",
    )
    # The 2031 budget is outside 2026–2030.
    assert chuxiong["money"] == {"budget": "150000.50", "remaining": "150000.50"}


async def test_the_ended_period_counts_certificates_up_to_its_end_and_its_own_training_requirement(
    api: Api, scene: Scene
) -> None:
    with clock.travel_to(TODAY):
        report = await _report(api, scene.tokens.prefecture, scene.fyp14)
    assert report["asOf"] == "2025-12-31"
    assert (report["talentTarget"], report["certifiedTarget"], report["perMilleFloor"]) == (
        8000,
        4000,
        "1.00",
    )
    assert report["certifiedTotal"] == 1
    assert report["certificatesIssued"] == [{"year": 2024, "level": "ASSISTANT", "count": 1}]
    assert report["trainingRequirement"] == "一线社会工作者累计培训（2021—2025年）"
    assert (report["frontLineMet"], _county(report, "532301")["frontLineMet"]) == (1, 1)
    assert (report["budgetFirstYear"], report["budgetLastYear"], report["money"]["budget"]) == (
        2021,
        2025,
        "0.00",
    )
    # 1‰ of 2,000 is 2: 禄丰市 meets it with 3.
    assert _county(report, "532302")["floorTalents"] == 2


async def test_a_county_admin_sees_only_their_county_and_no_prefecture_targets(
    api: Api, scene: Scene
) -> None:
    with clock.travel_to(TODAY):
        report = await _report(api, scene.tokens.chuxiong)
    assert report["countyScope"] == ["532301"]
    assert [c["county"] for c in report["counties"]] == ["楚雄市"]
    assert (report["talentTotal"], report["certifiedTotal"], report["population"]) == (2, 1, 538_301)
    assert (report["talentTarget"], report["talentProgress"], report["certifiedTarget"]) == (None, None, None)
    assert (report["frontLine"], report["frontLineMet"], report["townships"]) == (2, 1, 15)
    assert report["money"]["budget"] == "150000.50"
    assert report["certificatesIssued"] == [
        {"year": 2026, "level": "ASSISTANT", "count": 1},
        {"year": 2027, "level": "SOCIAL_WORKER", "count": 1},
    ]


async def test_only_administrators_read_the_report(api: Api, scene: Scene) -> None:
    with clock.travel_to(TODAY):
        await _only_administrators_read_the_report(api, scene)


async def _only_administrators_read_the_report(api: Api, scene: Scene) -> None:
    trainee_token = await api.login("ayi")
    assert error_codes(await api.post(TARGETS, token=trainee_token)) == ["FORBIDDEN"]
    assert error_codes(await api.post(TARGETS, token=scene.tokens.expert)) == ["FORBIDDEN"]
    assert error_codes(await api.post(TARGETS)) == ["UNAUTHENTICATED"]
    unknown = await api.post(TARGETS, {"periodId": "UGxhblBlcmlvZDo5OTk="}, token=scene.tokens.prefecture)
    assert error_codes(unknown) == ["NOT_FOUND"]
    wrong_kind = await api.post(TARGETS, {"periodId": "not-an-id"}, token=scene.tokens.prefecture)
    assert error_codes(wrong_kind) == ["BAD_USER_INPUT"]


async def test_the_report_costs_the_same_queries_however_many_people_there_are(
    api: Api, scene: Scene, sql: SqlCounter
) -> None:
    with clock.travel_to(TODAY):
        sql.statements.clear()
        await _report(api, scene.tokens.prefecture)
        before = len(sql.statements)
        for n in range(8):
            await trainee(f"more{n}", name="罗军", county_code="532323")
        sql.statements.clear()
        report = await _report(api, scene.tokens.prefecture)
    assert len(sql.statements) == before
    assert before <= 20
    assert _county(report, "532323")["talents"] == 8


async def test_the_xlsx_export_holds_the_report_of_the_admins_scope(api: Api, scene: Scene) -> None:
    with clock.travel_to(TODAY):
        response = await api.client.get(
            "/exports/targets.xlsx", headers={"Authorization": f"Bearer {scene.tokens.prefecture}"}
        )
        county = await api.client.get(
            f"/exports/targets.xlsx?periodId={scene.fyp14}",
            headers={"Authorization": f"Bearer {scene.tokens.chuxiong}"},
        )
        refused = await api.client.get(
            "/exports/targets.xlsx", headers={"Authorization": f"Bearer {await api.login('ayi')}"}
        )
        anonymous = await api.client.get("/exports/targets.xlsx")
        unknown = await api.client.get(
            "/exports/targets.xlsx?periodId=bogus",
            headers={"Authorization": f"Bearer {scene.tokens.prefecture}"},
        )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["总览", "分县市", "证书发放", "激励资金"]
    summary = {row[0]: row[1] for row in workbook["总览"].iter_rows(values_only=True)}
    assert summary["社会工作人才数"] == 6
    assert summary["人才总量目标"] == 10000
    assert summary["一线培训达标率（%）"] == 40
    lines = {row[1]: row for row in workbook["分县市"].iter_rows(min_row=2, values_only=True)}
    assert lines["禄丰市"][2] == 2000
    assert lines["禄丰市"][8] == "是"
    assert lines["楚雄市"][8] == "否"
    money = list(workbook["激励资金"].iter_rows(values_only=True))
    assert money[-1][:2] == ("合计", 170000.5)

    assert county.status_code == 200
    county_lines = [
        row[1]
        for row in load_workbook(io.BytesIO(county.content))["分县市"].iter_rows(min_row=2, values_only=True)
    ]
    assert county_lines == ["楚雄市"]
    assert (refused.status_code, anonymous.status_code, unknown.status_code) == (403, 401, 404)
