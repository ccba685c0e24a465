"""The demo's exam: next year's sitting, registrations at different stages, certificates from before
the system."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from api.demo.data import (
    EXISTING_CERTIFICATES,
    SEEDER,
)
from domain import clock
from domain.access import Actor
from domain.exam import certificates, registration, review, sittings
from domain.exam import service as exam_service
from domain.exam.models import ExamSite
from domain.exam.vocabulary import ExamLevel


async def seed_exam(talents: dict[str, Actor]) -> None:
    """Next year's sitting with registration open from today, a few registrations at different
    stages, and certificates obtained before the system (recorded by the county), one registered."""
    today = clock.today()
    year = today.year + 1
    sitting = await sittings.create_sitting(
        SEEDER,
        sittings.SittingPlan(
            year=year,
            exam_date=date(year, 5, 22),
            registration_opens_on=today,
            registration_closes_on=date(year, 3, 31),
            levels=tuple(ExamLevel),
            sites=(
                sittings.SitePlan("楚雄州民族中学", "532301", 300),
                sittings.SitePlan("禄丰市第一中学", "532302", 200),
            ),
            fee_per_subject=Decimal("60"),
        ),
    )
    sites = await ExamSite.filter(sitting_id=sitting.id).order_by("id")
    for username, level, number, issued in EXISTING_CERTIFICATES:
        person_id = talents[username].person_id
        if person_id is None:
            raise RuntimeError(username)
        await certificates.record_existing_certificate(
            SEEDER, person_id, level=level, number=number, issued_on=issued, local_only=False
        )
    zhang = (await exam_service.certificates_of(talents["zhang.mei"].person_id or 0))[0]
    await certificates.register_certificate(talents["zhang.mei"], zhang.id)
    li = await registration.register_for_exam(
        talents["li.na"],
        sitting.id,
        level=ExamLevel.SOCIAL_WORKER,
        site_id=sites[0].id,
        idempotency_key="demo-li",
    )
    await review.review_registration(SEEDER, li.id, approve=True, reason=None)
    await review.confirm_fee(
        SEEDER, li.id, amount=Decimal("180"), payment_reference="DEMO-0001", idempotency_key="demo-fee-li"
    )
    # 楚雄市's review queue: waiting for review (oldest first), approved and waiting for the fee, paid
    # (李娜, above), and one rejected with the reason the person sees.
    queue = [
        ("wang.qiang", ExamLevel.ASSISTANT, None),
        ("ma.li", ExamLevel.ASSISTANT, None),
        ("zi.ying", ExamLevel.ASSISTANT, None),
        ("luo.jun", ExamLevel.ASSISTANT, True),
        ("he.yan", ExamLevel.ASSISTANT, False),
    ]
    for username, level, decision in queue:
        submitted = await registration.register_for_exam(
            talents[username],
            sitting.id,
            level=level,
            site_id=sites[0].id,
            idempotency_key=f"demo-{username}",
        )
        if decision is not None:
            await review.review_registration(
                SEEDER,
                submitted.id,
                approve=decision,
                reason=None if decision else "工作年限证明材料不全：请补充单位盖章的工作证明后重新报名",
            )
    await registration.register_for_exam(
        talents["pu.xiu"],
        sitting.id,
        level=ExamLevel.SOCIAL_WORKER,
        site_id=sites[0].id,
        idempotency_key="demo-pu",
    )
