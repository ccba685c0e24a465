"""Tables of incentives: policy versions, entitlements and the conditions some wait for, county budgets,
payout batches, recoveries, monthly accruals and the place this context has read the exam's outbox to.

Money is stored in integer fen (`domain.money` converts to and from yuan), so sums and comparisons are
exact on both databases. Exactly-once lives in the database, not only in code: an entitlement's
`once_key` is unique (one reward per person and level, ever; one fee subsidy per registration; one
allowance per person and month), and every status change is a conditional update on the status read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from domain.exam.vocabulary import ExamLevel
from domain.incentives.vocabulary import (
    EntitlementStatus,
    IncentiveKind,
    PayoutBatchStatus,
    RecoveryStatus,
    WaitingCondition,
)
from domain.tables import Table

if TYPE_CHECKING:
    from domain.people.models import County, Person


# One version of a policy: a county's own (or, county NULL, the prefecture's default) amount for one
# kind and level, in force over an inclusive date range, with the rule switches. Versions of one
# county, kind and level never overlap; an entitlement keeps the version it was computed from.
class IncentivePolicy(Table):
    id = fields.IntField(primary_key=True)
    county: fields.ForeignKeyNullableRelation[County] = fields.ForeignKeyField(
        "people.County",
        related_name="incentive_policies",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    county_id: str | None
    kind = fields.CharEnumField(IncentiveKind, max_length=20)
    level = fields.CharEnumField(ExamLevel, max_length=20)
    amount_fen = fields.IntField()
    effective_from = fields.DateField()
    effective_to = fields.DateField(null=True)
    requires_pass = fields.BooleanField(default=True)
    requires_registration = fields.BooleanField(default=True)
    min_tenure_months = fields.IntField(default=0)
    full_time_community_worker_only = fields.BooleanField(default=False)
    pay_difference_on_upgrade = fields.BooleanField(default=True)
    prorate = fields.BooleanField(default=True)
    set_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "incentive_policy"


# What one person is owed once: a fee subsidy for a registration, a reward for a level, an allowance
# for a month. `county` is the person's county when it was created: its admins review it and its
# budget pays it.
class Entitlement(Table):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="entitlements", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="entitlements", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    kind = fields.CharEnumField(IncentiveKind, max_length=20)
    level = fields.CharEnumField(ExamLevel, max_length=20)
    amount_fen = fields.IntField()
    status = fields.CharEnumField(EntitlementStatus, max_length=10, db_index=True)
    policy: fields.ForeignKeyRelation[IncentivePolicy] = fields.ForeignKeyField(
        "incentives.IncentivePolicy", related_name="entitlements", on_delete=fields.RESTRICT, db_index=True
    )
    policy_id: int
    # "EXAM_FEE_SUBSIDY:<registration id>", "ONE_TIME_REWARD:<person id>:<level>",
    # "MONTHLY_ALLOWANCE:<person id>:<YYYY-MM>": the database keeps each paid once, ever.
    once_key = fields.CharField(max_length=80, unique=True)
    # Why the amount is what it is, in Chinese (policy, level, difference paid earlier, days).
    explanation = fields.CharField(max_length=500)
    # A one-time reward paying the difference (就高差额): what the lower levels were paid.
    paid_for_lower_levels_fen = fields.IntField(default=0)
    source_event_id = fields.IntField(null=True)  # the exam outbox event it came from
    registration_id = fields.IntField(null=True)  # fee subsidy: the exam registration
    certificate_id = fields.IntField(null=True)  # reward, allowance: the certificate
    month = fields.CharField(max_length=7, null=True)  # allowance: "2027-07"
    accrual_id = fields.IntField(null=True)
    review_reason = fields.CharField(max_length=500, null=True)
    reviewed_by_user_id = fields.IntField(null=True)
    reviewed_at = fields.DatetimeField(null=True)
    # The year whose county budget the approval committed (the year it was approved).
    budget_year = fields.IntField(null=True)
    batch: fields.ForeignKeyNullableRelation[PayoutBatch] = fields.ForeignKeyField(
        "incentives.PayoutBatch",
        related_name="entitlements",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    batch_id: int | None
    # The account the batch paid to, copied when it was batched: a later change of account does not
    # change what the finance office was sent.
    payout_bank_name = fields.CharField(max_length=100, null=True)
    payout_account_number = fields.CharField(max_length=40, null=True)
    paid_on = fields.DateField(null=True)
    revoked_reason = fields.CharField(max_length=500, null=True)
    # A one-time reward taken over by a higher level's still under review (就高): that reward's id, so
    # rejecting it restores this one.
    superseded_by_id = fields.IntField(null=True, db_index=True)
    revoked_by_user_id = fields.IntField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "entitlement"


# An event that arrived before its conditions held: the entitlement it will become (same once_key),
# what it waits for, and when that was last checked. Resolved when the entitlement is created, or
# when it never can be (the reason says why).
class WaitingEntitlement(Table):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="waiting_entitlements", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="waiting_entitlements", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    kind = fields.CharEnumField(IncentiveKind, max_length=20)
    level = fields.CharEnumField(ExamLevel, max_length=20)
    once_key = fields.CharField(max_length=80, unique=True)
    policy: fields.ForeignKeyRelation[IncentivePolicy] = fields.ForeignKeyField(
        "incentives.IncentivePolicy", related_name="waiting", on_delete=fields.RESTRICT
    )
    policy_id: int
    waiting_for = fields.CharEnumField(WaitingCondition, max_length=30)
    # Tenure: the first day it is reached; otherwise NULL.
    waiting_until = fields.DateField(null=True)
    detail = fields.CharField(max_length=300)
    source_event_id = fields.IntField(null=True)
    registration_id = fields.IntField(null=True)
    certificate_id = fields.IntField(null=True)
    fee_paid_fen = fields.IntField(null=True)
    occurred_on = fields.DateField()
    resolved_at = fields.DatetimeField(null=True, db_index=True)
    resolution = fields.CharField(max_length=300, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "waiting_entitlement"


# A county's budget for a calendar year. `remaining_fen` is kept in the same transaction as every
# change of the figures and guarded by conditional updates, so two approvals at once never spend
# past it: remaining = amount − committed − paid + recovered.
class CountyBudget(Table):
    id = fields.IntField(primary_key=True)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="incentive_budgets", on_delete=fields.RESTRICT
    )
    county_id: str
    year = fields.IntField()
    amount_fen = fields.IntField()
    committed_fen = fields.IntField(default=0)  # approved or in a batch, not yet paid
    paid_fen = fields.IntField(default=0)
    recovered_fen = fields.IntField(default=0)
    remaining_fen = fields.IntField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "county_budget"
        unique_together = (("county", "year"),)


# A list of approved entitlements for the county finance office to pay; closed by marking it paid.
class PayoutBatch(Table):
    id = fields.IntField(primary_key=True)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="payout_batches", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    status = fields.CharEnumField(PayoutBatchStatus, max_length=10, db_index=True)
    total_fen = fields.IntField()
    entitlement_count = fields.IntField()
    created_by_user_id = fields.IntField(null=True)
    idempotency_key = fields.CharField(max_length=100, unique=True)
    request_digest = fields.CharField(max_length=64)
    paid_on = fields.DateField(null=True)
    payment_reference = fields.CharField(max_length=100, null=True)
    paid_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    entitlements: fields.ReverseRelation[Entitlement]

    class Meta:
        table = "payout_batch"


# Money paid on an entitlement later revoked (fraud), to be collected back: never a deletion.
class Recovery(Table):
    id = fields.IntField(primary_key=True)
    entitlement: fields.OneToOneRelation[Entitlement] = fields.OneToOneField(
        "incentives.Entitlement", related_name="recovery", on_delete=fields.RESTRICT
    )
    entitlement_id: int
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="recoveries", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    amount_fen = fields.IntField()
    # The budget year the payment was counted in, which the recovered money returns to.
    budget_year = fields.IntField()
    status = fields.CharEnumField(RecoveryStatus, max_length=12, db_index=True)
    reason = fields.CharField(max_length=500)
    recovered_on = fields.DateField(null=True)
    reference = fields.CharField(max_length=100, null=True)
    recorded_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "incentive_recovery"


# One run of `accrueMonthlyAllowances`: its key answers a retry with the first run's result.
class AllowanceAccrual(Table):
    id = fields.IntField(primary_key=True)
    month = fields.CharField(max_length=7, db_index=True)
    idempotency_key = fields.CharField(max_length=100, unique=True)
    request_digest = fields.CharField(max_length=64)
    created_count = fields.IntField()
    total_fen = fields.IntField()
    run_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "allowance_accrual"


# How far this context has read an outbox (by name: "exam"); advanced in the transaction that handles
# the events, by a conditional update, so each event is handled once whatever runs at the same time.
class OutboxCursor(Table):
    name = fields.CharField(max_length=20, primary_key=True)
    last_seen_id = fields.IntField(default=0)

    class Meta:
        table = "incentive_outbox_cursor"
