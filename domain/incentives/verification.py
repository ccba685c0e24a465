"""The money check (`swtalent verify-payments`): proves every stored money figure equals what its parts
add up to, as `verify-ledger` does for hours (ARCHITECTURE.md: cached figures are kept in the same
transaction as what they sum, and a check proves it).

What must hold (DOMAIN.md §Subsidies; `payouts`, `budget_moves`, `accrual`, `revocation`):
- each thing owed is owed once: no two live entitlements (not REJECTED nor REVOKED) for one exam
  registration's fee, one person's reward of a level, or one person's allowance for a month;
- an entitlement is in a batch exactly when it was batched (IN_BATCH, PAID, or REVOKED after being
  paid), of its own county, with the batch's state (OPEN holds IN_BATCH, PAID holds PAID or revoked
  after payment), and paid (`paid_on`) exactly when it was;
- a batch's `total_fen` and `entitlement_count` are the sum and count of its entitlements;
- a county budget's committed figure is the sum of its year's APPROVED and IN_BATCH entitlements, paid
  the sum of those paid from it, recovered the sum of its RECOVERED recoveries, and remaining =
  amount − committed − paid + recovered; no money is committed or paid against a budget that is not set;
- an accrual's `created_count` and `total_fen` are the count and sum of the allowances it created, all
  of its month;
- a recovery is of a revoked, paid entitlement, for its amount.

Everything is read in a fixed number of queries and compared in integer fen; nothing is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from domain.incentives.models import AllowanceAccrual, CountyBudget, Entitlement, PayoutBatch, Recovery
from domain.incentives.payouts import batch_number, entitlement_number
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind, PayoutBatchStatus, RecoveryStatus
from domain.money import from_fen

__all__ = ["PaymentMismatch", "PaymentsCheck", "verify_payments"]

S = EntitlementStatus
_LIVE: Final = frozenset({S.PENDING, S.APPROVED, S.IN_BATCH, S.PAID})
_COMMITTED: Final = frozenset({S.APPROVED, S.IN_BATCH})
_BATCHED: Final = frozenset({S.IN_BATCH, S.PAID})
_UNBATCHED: Final = frozenset({S.PENDING, S.APPROVED, S.REJECTED})


@dataclass(frozen=True, slots=True)
class PaymentMismatch:
    """One figure or link that does not agree with what it stands for, in Chinese: what (`subject`,
    e.g. "发放批次 532301-P00001"), which figure (`figure`, e.g. "合计"), what the row says (`recorded`)
    and what its parts give (`expected`); amounts in yuan."""

    subject: str
    figure: str
    recorded: str
    expected: str


@dataclass(slots=True)
class PaymentsCheck:
    """What was checked (rows of each kind) and the mismatches found (none when the money agrees)."""

    entitlements: int = 0
    batches: int = 0
    budgets: int = 0
    accruals: int = 0
    recoveries: int = 0
    mismatches: list[PaymentMismatch] = field(default_factory=list)


def _yuan(fen: int) -> str:
    return f"{from_fen(fen)} 元"


def _owed_for(row: dict[str, Any]) -> tuple[str, ...] | None:
    """What an entitlement pays for, which is paid once: the fee of a registration, the reward of a
    level, the allowance of a month (None when the row does not say)."""
    kind = IncentiveKind(row["kind"])
    if kind is IncentiveKind.EXAM_FEE_SUBSIDY:
        return None if row["registration_id"] is None else (kind.value, str(row["registration_id"]))
    if kind is IncentiveKind.ONE_TIME_REWARD:
        return (kind.value, str(row["person_id"]), str(row["level"]))
    return None if row["month"] is None else (kind.value, str(row["person_id"]), str(row["month"]))


async def verify_payments() -> PaymentsCheck:
    """Checks the invariants above over every entitlement, batch, budget, accrual and recovery.

    Returns the counts checked and the mismatches, in a stable order (entitlements, things owed twice,
    batches, recoveries, budgets, accruals)."""
    rows: list[dict[str, Any]] = await Entitlement.all().values(*_COLUMNS)
    rows.sort(key=lambda r: int(r["id"]))
    batches = {b.id: b for b in await PayoutBatch.all().order_by("id")}
    budgets = await CountyBudget.all().order_by("county_id", "year")
    accruals = await AllowanceAccrual.all().order_by("id")
    recoveries = await Recovery.all().order_by("id")
    check = PaymentsCheck(len(rows), len(batches), len(budgets), len(accruals), len(recoveries))
    sums = _Sums()
    for row in rows:
        check.mismatches += _check_entitlement(row, batches, sums)
    check.mismatches += _owed_twice(rows)
    check.mismatches += _check_batches(batches, rows)
    by_id = {int(r["id"]): r for r in rows}
    for recovery in recoveries:
        check.mismatches += _check_recovery(recovery, by_id.get(recovery.entitlement_id), sums)
    check.mismatches += _check_budgets(budgets, sums)
    check.mismatches += _check_accruals(accruals, rows)
    return check


_COLUMNS: Final = (
    "id",
    "person_id",
    "county_id",
    "kind",
    "level",
    "amount_fen",
    "status",
    "registration_id",
    "month",
    "accrual_id",
    "budget_year",
    "batch_id",
    "paid_on",
)


@dataclass(slots=True)
class _Sums:
    """What the entitlements and recoveries add up to per (county, budget year), in fen."""

    committed: Counter[tuple[str, int]] = field(default_factory=Counter)
    paid: Counter[tuple[str, int]] = field(default_factory=Counter)
    recovered: Counter[tuple[str, int]] = field(default_factory=Counter)


def _name(row: dict[str, Any]) -> str:
    return f"待遇 {entitlement_number(row['county_id'], row['id'])}"


def _check_entitlement(
    row: dict[str, Any], batches: dict[int, PayoutBatch], sums: _Sums
) -> list[PaymentMismatch]:
    """One entitlement's links (batch, payment, budget year); adds its amount to the budget sums."""
    found: list[PaymentMismatch] = []
    status = S(row["status"])
    name = _name(row)
    paid_on: date | None = row["paid_on"]
    was_paid = status is S.PAID or (status is S.REVOKED and paid_on is not None)
    batch = batches.get(row["batch_id"]) if row["batch_id"] is not None else None
    if (status in _BATCHED or was_paid) and batch is None:
        found.append(PaymentMismatch(name, "所在批次", "无", "已编入或已发放的待遇须在一个批次中"))
    if status in _UNBATCHED and row["batch_id"] is not None:
        found.append(
            PaymentMismatch(name, "所在批次", str(row["batch_id"]), f"状态 {status.value} 不应在批次中")
        )
    if status is not S.REVOKED and (status is S.PAID) != (paid_on is not None):
        found.append(PaymentMismatch(name, "发放日期", str(paid_on), f"状态 {status.value}"))
    if batch is not None:
        if batch.county_id != row["county_id"]:
            found.append(PaymentMismatch(name, "批次所属县", batch.county_id, row["county_id"]))
        expected = S.IN_BATCH if batch.status is PayoutBatchStatus.OPEN else S.PAID
        if status is not expected and not (batch.status is PayoutBatchStatus.PAID and was_paid):
            found.append(
                PaymentMismatch(name, "状态", status.value, f"{expected.value}（批次 {batch.status.value}）")
            )
    if status in _COMMITTED:
        if row["budget_year"] is None:
            found.append(PaymentMismatch(name, "预算年度", "无", "已审核通过的待遇须占用某年度预算"))
        else:
            sums.committed[row["county_id"], row["budget_year"]] += row["amount_fen"]
    if was_paid and paid_on is not None:
        # As `payouts.mark_batch_paid` pays it: from its budget year, else the year it was paid.
        sums.paid[row["county_id"], row["budget_year"] or paid_on.year] += row["amount_fen"]
    return found


def _owed_twice(rows: list[dict[str, Any]]) -> list[PaymentMismatch]:
    """Things owed once that two live entitlements pay."""
    owed: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        key = _owed_for(row)
        if key is not None and S(row["status"]) in _LIVE:
            owed[key].append(row)
    return [
        PaymentMismatch(
            f"应享待遇 {':'.join(key)}",
            "有效待遇条数",
            str(len(twins)),
            "1（" + "、".join(entitlement_number(t["county_id"], t["id"]) for t in twins) + "）",
        )
        for key, twins in sorted(owed.items())
        if len(twins) > 1
    ]


def _check_batches(batches: dict[int, PayoutBatch], rows: list[dict[str, Any]]) -> list[PaymentMismatch]:
    """Each batch's total and count against its lines."""
    lines: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row["batch_id"] is not None:
            lines[row["batch_id"]].append(int(row["amount_fen"]))
    found: list[PaymentMismatch] = []
    for batch in batches.values():
        amounts = lines.get(batch.id, [])
        name = f"发放批次 {batch_number(batch.county_id, batch.id)}"
        if batch.total_fen != sum(amounts):
            found.append(PaymentMismatch(name, "合计", _yuan(batch.total_fen), _yuan(sum(amounts))))
        if batch.entitlement_count != len(amounts):
            found.append(PaymentMismatch(name, "待遇条数", str(batch.entitlement_count), str(len(amounts))))
    return found


def _check_recovery(recovery: Recovery, revoked: dict[str, Any] | None, sums: _Sums) -> list[PaymentMismatch]:
    """A recovery is of a revoked, paid entitlement, for its amount; adds what came back to the sums."""
    found: list[PaymentMismatch] = []
    name = f"追回 {recovery.id}"
    if revoked is None or S(revoked["status"]) is not S.REVOKED or revoked["paid_on"] is None:
        found.append(PaymentMismatch(name, "对应待遇", str(recovery.entitlement_id), "已发放后撤销的待遇"))
    elif recovery.amount_fen != revoked["amount_fen"]:
        found.append(PaymentMismatch(name, "金额", _yuan(recovery.amount_fen), _yuan(revoked["amount_fen"])))
    if recovery.status is RecoveryStatus.RECOVERED:
        sums.recovered[recovery.county_id, recovery.budget_year] += recovery.amount_fen
    return found


def _check_budgets(budgets: list[CountyBudget], sums: _Sums) -> list[PaymentMismatch]:
    """Each budget's figures against the sums; money committed or paid where no budget is set."""
    found: list[PaymentMismatch] = []
    seen: set[tuple[str, int]] = set()
    for budget in budgets:
        where = (budget.county_id, budget.year)
        seen.add(where)
        name = f"预算 {budget.county_id} {budget.year} 年"
        for figure, stored, expected in (
            ("已占用", budget.committed_fen, sums.committed[where]),
            ("已发放", budget.paid_fen, sums.paid[where]),
            ("已追回", budget.recovered_fen, sums.recovered[where]),
            (
                "余额",
                budget.remaining_fen,
                budget.amount_fen - budget.committed_fen - budget.paid_fen + budget.recovered_fen,
            ),
        ):
            if stored != expected:
                found.append(PaymentMismatch(name, figure, _yuan(stored), _yuan(expected)))
    for where in sorted((set(sums.committed) | set(sums.paid)) - seen):
        found.append(
            PaymentMismatch(
                f"预算 {where[0]} {where[1]} 年",
                "预算",
                "未设置",
                f"已占用 {_yuan(sums.committed[where])}、已发放 {_yuan(sums.paid[where])}",
            )
        )
    return found


def _check_accruals(accruals: list[AllowanceAccrual], rows: list[dict[str, Any]]) -> list[PaymentMismatch]:
    """Each accrual's count and total against the allowances it created, all of its month."""
    made: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["accrual_id"] is not None:
            made[row["accrual_id"]].append(row)
    found: list[PaymentMismatch] = []
    for accrual in accruals:
        allowances = made.get(accrual.id, [])
        total = sum(int(m["amount_fen"]) for m in allowances)
        name = f"津贴计提 {accrual.id}（{accrual.month}）"
        if accrual.created_count != len(allowances):
            found.append(PaymentMismatch(name, "生成条数", str(accrual.created_count), str(len(allowances))))
        if accrual.total_fen != total:
            found.append(PaymentMismatch(name, "合计", _yuan(accrual.total_fen), _yuan(total)))
        found += [
            PaymentMismatch(
                _name(m),
                "计提月份",
                f"{m['kind']} {m['month']}",
                f"{IncentiveKind.MONTHLY_ALLOWANCE.value} {accrual.month}",
            )
            for m in allowances
            if m["month"] != accrual.month or IncentiveKind(m["kind"]) is not IncentiveKind.MONTHLY_ALLOWANCE
        ]
    return found
