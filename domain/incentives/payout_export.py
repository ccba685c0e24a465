"""A payout batch's list for the county finance office (发放名单), as CSV or XLSX.

The one file in the system with full ID numbers and accounts side by side (DOMAIN.md §Subsidies: the
finance office needs them), so only admins whose scope includes the batch's county download it and each
download is in the audit trail (`payout_batch.exported`). The account is the one copied into the batch
when it was made, so the list always says where the money was sent. Written through `domain.exports`:
no cell becomes a formula, amounts are exact `Decimal` yuan, and in the XLSX the ID numbers and
accounts are text cells in text-formatted columns, so Excel never turns them into 5.32301E+17.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.exam.vocabulary import LEVEL_TITLES
from domain.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, Cell, Sheet, csv_bytes, xlsx_bytes
from domain.incentives.models import Entitlement
from domain.incentives.payouts import batch_in_scope, batch_number, entitlement_number
from domain.incentives.vocabulary import IncentiveKind
from domain.money import from_fen
from domain.people import service as people
from domain.transaction import write_transaction

HEADERS: Final = ("序号", "姓名", "身份证号", "开户银行", "账号", "金额（元）", "事由", "待遇编号")
WIDTHS: Final = (6, 10, 22, 24, 26, 12, 34, 16)
ID_CARD: Final = HEADERS.index("身份证号")
ACCOUNT: Final = HEADERS.index("账号")
# Text a spreadsheet must never read as a number: ID numbers, accounts, entitlement numbers.
TEXT_COLUMNS: Final = (ID_CARD, ACCOUNT, HEADERS.index("待遇编号"))
TOTAL: Final = "合计"

KIND_NAMES: Final = {
    IncentiveKind.EXAM_FEE_SUBSIDY: "考试费补贴",
    IncentiveKind.ONE_TIME_REWARD: "一次性奖励",
    IncentiveKind.MONTHLY_ALLOWANCE: "职业津贴",
}


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True, slots=True)
class PayoutLine:
    name: str
    id_card_number: str  # in full
    bank_name: str
    account_number: str  # in full, as copied into the batch
    amount: Decimal  # yuan
    purpose: str
    number: str


@dataclass(frozen=True, slots=True)
class PayoutList:
    county_code: str
    batch_number: str
    lines: list[PayoutLine]
    total: Decimal  # yuan: the batch's total

    def rows(self) -> list[list[Cell]]:
        """The headers, one row per entitlement numbered from 1, and the 合计 row with the total."""
        body: list[list[Cell]] = [
            [n, line.name, line.id_card_number, line.bank_name, line.account_number, line.amount,
             line.purpose, line.number]
            for n, line in enumerate(self.lines, start=1)
        ]  # fmt: skip
        total: list[Cell] = [TOTAL, None, None, None, None, self.total, f"{len(self.lines)} 条", None]
        return [list(HEADERS), *body, total]


@dataclass(frozen=True, slots=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def purpose_of(entitlement: Entitlement) -> str:
    """事由: the kind, the month of an allowance, and the level: `职业津贴 2027-07（助理社会工作师）`."""
    kind = KIND_NAMES[entitlement.kind]
    month = f" {entitlement.month}" if entitlement.month else ""
    # An upgrade's reward is the difference (就高差额): the finance office sees why it is below the rate.
    difference = "，补差额" if entitlement.paid_for_lower_levels_fen else ""
    return f"{kind}{month}（{LEVEL_TITLES[entitlement.level]}{difference}）"


async def payout_list(actor: Actor, batch_id: int) -> PayoutList:
    """The batch's list, its entitlements in id order (`listing.entitlements_of_batch`). Reads only.

    Raises:
        PayoutBatchNotFound: no such batch, or the actor does not administer its county.
        OutOfScope: the actor administers it only as the prefecture, not as the county's staff.
    """
    batch = await batch_in_scope(actor, batch_id)
    if batch.county_id not in actor.administered_counties:
        # Issue #10: the list with full ID numbers and accounts is for the county's own staff (its
        # finance office's); the prefecture sees the batch and its totals, never the accounts.
        raise OutOfScope("发放名单含完整的身份证号和银行账号，只由本县（市）工作人员下载", field="batchId")
    entitlements = await Entitlement.filter(batch_id=batch.id).order_by("id")
    persons = await people.persons_by_ids(sorted({e.person_id for e in entitlements}))
    lines = [
        PayoutLine(
            name=persons[e.person_id].name,
            id_card_number=persons[e.person_id].id_card_number,
            bank_name=e.payout_bank_name or "",
            account_number=e.payout_account_number or "",
            amount=from_fen(e.amount_fen),
            purpose=purpose_of(e),
            number=entitlement_number(e.county_id, e.id),
        )
        for e in entitlements
    ]
    return PayoutList(
        county_code=batch.county_id,
        batch_number=batch_number(batch.county_id, batch.id),
        lines=lines,
        total=from_fen(batch.total_fen),
    )


async def export_payout_batch(actor: Actor, batch_id: int, form: ExportFormat) -> ExportFile:
    """The batch's list as a file, named `发放批次-532301-P00001.xlsx` (or `.csv`), for an admin whose
    scope includes the batch's county; CSV in UTF-8 with a byte-order mark, XLSX with one sheet.

    Writes the audit event `payout_batch.exported` (format, batch, row count): who took the ID numbers
    and accounts, and when.

    Raises:
        PayoutBatchNotFound: no such batch, or the actor does not administer its county.
    """
    found = await payout_list(actor, batch_id)
    rows = found.rows()
    if form is ExportFormat.XLSX:
        sheet = Sheet(f"发放批次 {found.batch_number}", rows, widths=WIDTHS, text_columns=TEXT_COLUMNS)
        content, media_type = xlsx_bytes([sheet]), XLSX_MEDIA_TYPE
    else:
        content, media_type = csv_bytes(rows, text_columns=TEXT_COLUMNS), CSV_MEDIA_TYPE
    async with write_transaction():
        await audit.record(
            actor,
            "payout_batch.exported",
            target_type="PayoutBatch",
            target_id=batch_id,
            county_code=found.county_code,
            summary={"format": form.value, "batch": found.batch_number, "rows": len(found.lines)},
        )
    return ExportFile(content, media_type, f"发放批次-{found.batch_number}.{form.value}")
