"""A payout batch's list for the finance office (`GET /exports/payout-batches/{batchId}.csv|.xlsx`): full
ID numbers and accounts as text, amounts that add up to the batch's total, only for admins whose scope
includes the batch's county, and each download in the audit trail."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any, Final
from urllib.parse import unquote

import openpyxl
import pytest

from api.schema.relay import to_global_id
from domain.audit.models import AuditEvent
from domain.exam.vocabulary import ExamLevel
from domain.incentives.models import Entitlement, PayoutBatch
from domain.incentives.payouts import entitlement_number
from domain.incentives.vocabulary import IncentiveKind
from domain.people.models import Person
from tests.api.conftest import Api, Tokens
from tests.domain.incentives.payout_rows import CHUXIONG, budget, entitlement, person
from tests.factories import trainee

HEADERS: Final = ["序号", "姓名", "身份证号", "开户银行", "账号", "金额（元）", "事由", "待遇编号"]
CREATE = """
mutation C($input: CreatePayoutBatchInput!) {
  createPayoutBatch(input: $input) { batch { id number total } userErrors { code } }
}
"""
RESET = """
mutation Reset($input: ResetPasswordInput!) {
  resetPassword(input: $input) { temporaryPassword userErrors { code } }
}
"""


@pytest.fixture(autouse=True)
def mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-07-15")


async def a_batch(api: Api, tokens: Tokens) -> dict[str, Any]:
    """李娜's reward (2000 元) and 王芳's July allowance (150.50 元) batched; the account of 王芳 has
    a leading zero and a formula-looking bank name."""
    await budget()
    li = await person(name="李娜", account_number="6228480012345678901")
    wang = await person(name="王芳", bank_name='=HYPERLINK("x")', account_number="0062170000111122223")
    await entitlement(li, amount_fen=200_000)
    await entitlement(
        wang,
        kind=IncentiveKind.MONTHLY_ALLOWANCE,
        level=ExamLevel.ASSISTANT,
        amount_fen=15_050,
        month="2027-07",
    )
    data = await api.data(
        CREATE, {"input": {"countyCode": CHUXIONG, "idempotencyKey": "b"}}, token=tokens.chuxiong
    )
    batch: dict[str, Any] = data["createPayoutBatch"]["batch"]
    return batch


async def get(api: Api, batch_id: str, extension: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await api.client.get(f"/exports/payout-batches/{batch_id}.{extension}", headers=headers)


async def test_the_xlsx_holds_full_numbers_as_text_and_a_total_equal_to_the_batch(
    api: Api, tokens: Tokens
) -> None:
    batch = await a_batch(api, tokens)
    li, wang = await Person.get(name="李娜"), await Person.get(name="王芳")

    response = await get(api, batch["id"], "xlsx", tokens.chuxiong)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = unquote(response.headers["content-disposition"].split("filename*=UTF-8''")[1])
    assert disposition == f"发放批次-{batch['number']}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    first, second, total = rows[1], rows[2], rows[3]
    assert first[:5] == [1, "李娜", li.id_card_number, "中国农业银行楚雄分行", "6228480012345678901"]
    assert first[6] == "一次性奖励（社会工作师）"
    assert second[:5] == [2, "王芳", wang.id_card_number, '=HYPERLINK("x")', "0062170000111122223"]
    assert second[6] == "职业津贴 2027-07（助理社会工作师）"
    numbers = [entitlement_number(e.county_id, e.id) for e in await Entitlement.all().order_by("id")]
    assert [first[7], second[7]] == numbers
    assert numbers[0].startswith(f"{CHUXIONG}-00")
    for r in (2, 3):  # the ID number and account cells are strings, never numbers
        assert sheet.cell(row=r, column=3).data_type == "s"
        assert sheet.cell(row=r, column=5).data_type == "s"
    assert sheet.cell(row=3, column=4).data_type == "s"  # the bank name stays text, not a formula
    assert sheet.column_dimensions["C"].number_format == "@"
    assert sheet.column_dimensions["E"].number_format == "@"
    assert total[0] == "合计"
    amounts = [Decimal(str(first[5])), Decimal(str(second[5]))]
    assert Decimal(str(total[5])) == sum(amounts) == Decimal(batch["total"]) == Decimal("2150.50")
    stored = await PayoutBatch.get()
    assert Decimal(str(total[5])) * 100 == stored.total_fen


async def test_the_csv_has_the_same_rows_and_neutralises_formulas(api: Api, tokens: Tokens) -> None:
    batch = await a_batch(api, tokens)
    li = await Person.get(name="李娜")

    response = await get(api, batch["id"], "csv", tokens.chuxiong)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    # ID numbers and accounts as ="…": Excel and WPS open them as text, never 5.32301E+17 (nor drop
    # an account's leading zeros); amounts stay numbers.
    assert rows[1][:6] == [
        "1",
        "李娜",
        f'="{li.id_card_number}"',
        "中国农业银行楚雄分行",
        '="6228480012345678901"',
        "2000.00",
    ]
    assert rows[2][3] == '\'=HYPERLINK("x")'
    assert rows[2][4] == '="0062170000111122223"'
    assert rows[2][5] == "150.50"
    assert rows[3][0] == "合计"
    assert rows[3][5] == batch["total"] == "2150.50"
    assert Decimal(rows[1][5]) + Decimal(rows[2][5]) == Decimal(rows[3][5])


async def test_each_download_is_audited(api: Api, tokens: Tokens) -> None:
    batch = await a_batch(api, tokens)

    for extension in ("csv", "xlsx", "xlsx"):
        assert (await get(api, batch["id"], extension, tokens.chuxiong)).status_code == 200

    events = await AuditEvent.filter(action="payout_batch.exported").order_by("id")
    assert [e.summary["format"] for e in events] == ["csv", "xlsx", "xlsx"]
    assert {(e.actor_username, e.county_code, e.summary["rows"]) for e in events} == {("chen", CHUXIONG, 2)}
    assert {e.target_id for e in events} == {str((await PayoutBatch.get()).id)}


async def test_others_are_told_the_batch_does_not_exist_and_nothing_is_audited(
    api: Api, tokens: Tokens
) -> None:
    batch = await a_batch(api, tokens)
    await trainee("xiaoli")
    learner = await api.login("xiaoli")

    for token in (tokens.lufeng, tokens.expert, learner):
        for extension in ("csv", "xlsx"):
            response = await get(api, batch["id"], extension, token)
            assert response.status_code == 404
            assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for wrong in (to_global_id("PayoutBatch", 999), to_global_id("Course", 1), "not-an-id"):
        assert (await get(api, wrong, "csv", tokens.chuxiong)).status_code == 404
    anonymous = await get(api, batch["id"], "csv", None)
    assert anonymous.status_code == 401
    # The prefecture sees the batch and its total, but the list of accounts is the county's.
    prefecture = await get(api, batch["id"], "xlsx", tokens.prefecture)
    assert prefecture.status_code == 403
    assert "本县" in prefecture.json()["errors"][0]["message"]
    assert await AuditEvent.filter(action="payout_batch.exported").count() == 0


async def test_an_admin_who_must_change_password_gets_nothing(api: Api, tokens: Tokens) -> None:
    batch = await a_batch(api, tokens)
    reset = await api.data(RESET, {"input": {"username": "chen"}}, token=tokens.prefecture)
    temporary = reset["resetPassword"]["temporaryPassword"]
    token = await api.login("chen", temporary)

    response = await get(api, batch["id"], "csv", token)

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "PASSWORD_CHANGE_REQUIRED"
