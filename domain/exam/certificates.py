"""Certificates: issued when a level is passed, recorded when obtained before the system, verified
publicly, and registered (登记) — first within a year of passing, valid three years, renewed in the
last three months with the continuing-education hours (民发〔2009〕123号)."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from tortoise.exceptions import IntegrityError

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.columns import fits
from domain.errors import InvalidInput, OutOfScope
from domain.exam import service as exam_events
from domain.exam.errors import (
    CertificateAlreadyHeld,
    CertificateNotFound,
    CertificateNumberTaken,
    ContinuingEducationMissing,
    IssueDateImpossible,
    RegistrationNotDue,
    SocialWorkerCertificateMissing,
)
from domain.exam.models import Certificate
from domain.exam.vocabulary import (
    LEVEL_DIGIT,
    REGISTRATION_YEARS,
    CertificateRegistrationState,
    ExamEventKind,
    ExamLevel,
)
from domain.names import same_name
from domain.people import service as people
from domain.training import service as training
from domain.training.vocabulary import RequirementAudience
from domain.transaction import write_transaction

FIRST_REGISTRATION_WITHIN_DAYS: Final = 365
RENEWAL_WINDOW_DAYS: Final = 92  # the last three months before expiry
# The alphabet of verification codes: no 0/O or 1/I/L, which are misread over the phone.
CODE_ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# 《社会工作者职业水平评价暂行规定》(2006) set up the exam; its first national sitting was in 2008, so no
# certificate of any level is dated earlier.
FIRST_EXAM_YEAR: Final = 2008


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


async def issue_certificate(
    actor: Actor, *, person_id: int, level: ExamLevel, year: int, local_only: bool, issued_on: date
) -> Certificate:
    """Within the caller's transaction (recording results): the certificate for a passed level.

    `year` is the exam year; `issued_on` the Asia/Shanghai business date of issue. The number is
    `{year}{level digit}5323{sequence:06d}`, the sequence counting that year's and level's certificates;
    the verification code is random (`new_verification_code`).

    Writes one `Certificate`, the outbox event CERTIFICATE_ISSUED (`exam.service.record_event`, read by the
    contexts above the exam) and the audit event `certificate.issued`. It opens no transaction of its
    own and checks nothing: the caller has established that the person passed the level and holds no
    certificate of it (a second one would break the unique (person, level) constraint).
    """
    sequence = (
        await Certificate.filter(level=level, number__startswith=f"{year}{LEVEL_DIGIT[level]}").count() + 1
    )
    certificate = await Certificate.create(
        person_id=person_id,
        level=level,
        number=f"{year}{LEVEL_DIGIT[level]}5323{sequence:06d}",
        issued_on=issued_on,
        local_only=local_only,
        verification_code=new_verification_code(),
    )
    await exam_events.record_event(
        ExamEventKind.CERTIFICATE_ISSUED,
        person_id=person_id,
        level=level,
        occurred_on=issued_on,
        certificate_id=certificate.id,
    )
    await audit.record(
        actor,
        "certificate.issued",
        target_type="Certificate",
        target_id=certificate.id,
        county_code=await people.county_of(person_id),
        summary={
            "person": person_id,
            "level": level.value,
            "number": certificate.number,
            "localOnly": local_only,
        },
    )
    return certificate


async def record_existing_certificate(
    actor: Actor, person_id: int, *, level: ExamLevel, number: str, issued_on: date, local_only: bool
) -> Certificate:
    """A certificate obtained before the system existed, recorded by the person's county; it counts
    everywhere a certificate counts (eligibility, continuing education, incentives).

    `actor` must administer the person's county. `number` is 4–40 letters or digits, stored upper-case
    and unique; `issued_on` is an Asia/Shanghai business date no later than today; `local_only` marks a
    certificate valid only in the area of a local pass line (单独划线). The certificate starts
    unregistered (登记 is `register_certificate`).

    Writes one `Certificate` (marked `recorded_existing`), the outbox event CERTIFICATE_RECORDED and the
    audit event `certificate.recorded`, in one transaction.

    Raises:
        OutOfScope: the person does not exist or is outside the actor's counties (field `personId`).
        InvalidInput: a malformed number (field `number`).
        IssueDateImpossible: a date that cannot be true (`check_issue_date`).
        CertificateNumberTaken: the number is already recorded (a collision at write time, such as a
            concurrent request recording the same certificate, is reported so too).
        CertificateAlreadyHeld: the person already holds a certificate of that level.
        SocialWorkerCertificateMissing: a 高级 certificate for someone with no 中级 one in the system.
    """
    county = await people.county_of(person_id)
    if county is None or not actor.can_administer_county(county):
        raise OutOfScope(field="personId")
    number = unicodedata.normalize("NFKC", number).strip().upper()  # as verify_certificate reads it
    if not 4 <= len(number) <= 40 or not number.isalnum():
        raise InvalidInput("证书编号应为 4 到 40 位字母或数字", field="number")
    if await Certificate.exists(number=number):
        raise CertificateNumberTaken()
    held = {
        ExamLevel(held_level): held_on
        for held_level, held_on in await Certificate.filter(person_id=person_id).values_list(
            "level", "issued_on"
        )
    }
    if level in held:
        raise CertificateAlreadyHeld()
    check_issue_date(level, issued_on, held=held, today=clock.today())
    try:
        async with write_transaction():
            certificate = await Certificate.create(
                person_id=person_id,
                level=level,
                number=number,
                issued_on=issued_on,
                local_only=local_only,
                verification_code=new_verification_code(),
                recorded_existing=True,
            )
            await exam_events.record_event(
                ExamEventKind.CERTIFICATE_RECORDED,
                person_id=person_id,
                level=level,
                occurred_on=issued_on,
                certificate_id=certificate.id,
            )
            await audit.record(
                actor,
                "certificate.recorded",
                target_type="Certificate",
                target_id=certificate.id,
                county_code=county,
                summary={"person": person_id, "level": level.value, "number": number},
            )
    except IntegrityError:
        raise CertificateNumberTaken() from None
    return certificate


def check_issue_date(
    level: ExamLevel, issued_on: date, *, held: Mapping[ExamLevel, date], today: date
) -> None:
    """A certificate's issue date that could be true, given the person's other certificates (`held`: the
    issue date of each level they hold) and `today` (Asia/Shanghai business dates).

    No certificate is dated after today or before the exam's first year (`FIRST_EXAM_YEAR`, 2008). A
    高级社会工作师 is examined only once a 社会工作师 (中级) certificate is held (《高级社会工作师评价办法》,
    2018), so a 高级 certificate needs the 中级 one in the system, issued no later; and a 中级 certificate
    recorded beside a 高级 one is dated no later than it.

    Raises:
        IssueDateImpossible: the date is after today, before 2008, or out of order with the other level.
        SocialWorkerCertificateMissing: a 高级 certificate for someone with no 中级 one.
    """
    if issued_on > today:
        raise IssueDateImpossible("发证日期不能晚于今天")
    if issued_on.year < FIRST_EXAM_YEAR:
        raise IssueDateImpossible(
            f"社会工作者职业水平考试自 {FIRST_EXAM_YEAR} 年起举行，"
            f"发证日期不能早于 {FIRST_EXAM_YEAR} 年，请核对"
        )
    social_worker = held.get(ExamLevel.SOCIAL_WORKER)
    senior = held.get(ExamLevel.SENIOR)
    if level is ExamLevel.SENIOR:
        if social_worker is None:
            raise SocialWorkerCertificateMissing()
        if issued_on < social_worker:
            raise IssueDateImpossible(
                f"高级社会工作师证书的发证日期不能早于此人社会工作师（中级）证书的发证日期（{social_worker}）"
            )
    if level is ExamLevel.SOCIAL_WORKER and senior is not None and issued_on > senior:
        raise IssueDateImpossible(
            f"社会工作师（中级）证书的发证日期不能晚于此人高级社会工作师证书的发证日期（{senior}）"
        )


@dataclass(frozen=True, slots=True)
class Verification:
    valid: bool
    level: ExamLevel | None = None
    issued_on: date | None = None
    holder_name: str | None = None
    local_only: bool | None = None


async def verify_certificate(number: str, name: str) -> Verification:
    """Public: a certificate is confirmed only when number and holder's name match; the name shown
    back is masked, so the query reveals nothing to someone who did not already know both.

    The name matches however its middle dot and spaces were typed (`domain.names.same_name`: 阿依•木呷
    and 阿依 · 木呷 are the holder 阿依·木呷), since an employer checking a certificate types what their
    keyboard gives them."""
    # As typed from a paper certificate: full-width letters and digits (Ｚ, ２０２７) and stray spaces.
    typed = "".join(unicodedata.normalize("NFKC", number).split()).upper()
    certificate = (
        await Certificate.get_or_none(number=typed).select_related("person")
        if fits(Certificate, "number", typed)
        else None
    )
    if certificate is None or not same_name(certificate.person.name, name):
        return Verification(valid=False)
    return Verification(
        valid=True,
        level=certificate.level,
        issued_on=certificate.issued_on,
        holder_name=people.mask_name(certificate.person.name),
        local_only=certificate.local_only,
    )


def audience_of(level: ExamLevel) -> RequirementAudience:
    return (
        RequirementAudience.ASSISTANT_HOLDERS
        if level is ExamLevel.ASSISTANT
        else RequirementAudience.SOCIAL_WORKER_HOLDERS
    )


async def register_certificate(actor: Actor, certificate_id: int) -> Certificate:
    """登记 of a certificate, by its holder or, on paperwork handled at the county office, by an admin
    whose scope includes the holder's county.

    Dates are Asia/Shanghai business dates from `clock.today()`. A registration is valid three years
    (to the day before the same date three years on); kinds (民发〔2009〕123号):
    - first registration: the holder within 365 days of `issued_on`; later only at the county office
      (the holder is told to go there), by an admin, with the continuing-education hours of a
      registration period counted up to today, as after a lapse. Runs from today.
    - renewal (续期), by either: in the last 92 days of the current registration, with the
      continuing-education requirement of the holder's level met over the period ending (72 h for
      助理社会工作师, 90 h for 社会工作师 and 高级社会工作师; the figures live in the training requirement),
      when such a requirement is set. Runs from the day after the current one ends.
    - re-registration after a lapse (重新登记): only at the county office, by an admin, with the same
      continuing-education hours counted over the registration period's length up to today. Runs from
      today.
    An admin who holds the certificate registers it under the holder's rules: no one waives their own
    deadline.

    Continuing education toward the new registration counts from `education_counts_from`: its first
    day, or after a renewal or a late registration the day after it was made, since the hours up to
    then were counted to make it.

    Writes the certificate's `registered_on`, `registered_until` and `education_counts_from`, the outbox
    event CERTIFICATE_REGISTERED (read by incentives) and the audit event
    `certificate.registered` (its summary says whether the county recorded it), in one transaction.

    Raises:
        CertificateNotFound: no such certificate, or neither the actor's nor in the admin's scope.
        RegistrationNotDue: the holder's first registration is more than a year late or their
            registration has lapsed (both: go to the county office), or the renewal window has not
            opened yet.
        ContinuingEducationMissing: the period's continuing-education hours fall short; the message
            says how many hours are missing.
    """
    certificate = await Certificate.get_or_none(id=certificate_id)
    if certificate is None:
        raise CertificateNotFound()
    county_code = await people.county_of(certificate.person_id)
    holder = certificate.person_id == actor.person_id
    at_county_office = not holder and actor.can_administer_county(county_code)
    if not holder and not at_county_office:
        raise CertificateNotFound()
    today = clock.today()
    late = (
        today > certificate.issued_on + timedelta(days=FIRST_REGISTRATION_WITHIN_DAYS)
        if certificate.registered_until is None
        else today > certificate.registered_until
    )
    if late:
        if not at_county_office:
            raise RegistrationNotDue(
                "首次登记须在取得证书后一年内办理；已逾期，请持证书到县级民政部门办理登记"
                if certificate.registered_until is None
                else f"登记已于 {certificate.registered_until} 失效，请持证书到县级民政部门办理重新登记"
            )
        # Late either way, the holder shows a registration period's continuing education counted up
        # to today, as a renewal would (民发〔2009〕123号): a late first registration is no easier
        # than a lapsed one.
        await _check_continuing_education(
            certificate, clock.add_years(today, -REGISTRATION_YEARS) + timedelta(days=1), today
        )
        starts_on, counts_from = today, today + timedelta(days=1)
    elif certificate.registered_until is None:
        starts_on = counts_from = today
    else:
        if today < certificate.registered_until - timedelta(days=RENEWAL_WINDOW_DAYS):
            raise RegistrationNotDue(
                f"续期登记须在有效期届满前三个月内办理（有效期至 {certificate.registered_until}）"
            )
        await _check_continuing_education(
            certificate,
            certificate.education_counts_from or certificate.registered_on or certificate.issued_on,
            certificate.registered_until,
        )
        # The hours up to today made this renewal; those earned from tomorrow count toward the next
        # period, though it starts when the current one ends.
        starts_on, counts_from = certificate.registered_until + timedelta(days=1), today + timedelta(days=1)
    until = clock.add_years(starts_on, REGISTRATION_YEARS) - timedelta(days=1)
    async with write_transaction():
        certificate.registered_on = starts_on
        certificate.registered_until = until
        certificate.education_counts_from = counts_from
        await certificate.save(update_fields=["registered_on", "registered_until", "education_counts_from"])
        # Incentives that wait for the 登记 (DOMAIN.md §Subsidies) learn of it from the outbox.
        await exam_events.record_event(
            ExamEventKind.CERTIFICATE_REGISTERED,
            person_id=certificate.person_id,
            level=certificate.level,
            occurred_on=today,
            certificate_id=certificate.id,
        )
        await audit.record(
            actor,
            "certificate.registered",
            target_type="Certificate",
            target_id=certificate.id,
            county_code=county_code,
            summary={"from": str(starts_on), "until": str(until), "atCountyOffice": at_county_office},
        )
    return certificate


async def _check_continuing_education(certificate: Certificate, starts_on: date, ends_on: date) -> None:
    """Raises ContinuingEducationMissing when the holder's continuing-education hours between the two
    dates (inclusive) fall short of the requirement of the certificate's level, when one is set."""
    education = await training.continuing_education(
        certificate.person_id, audience_of(certificate.level), starts_on, ends_on
    )
    if education is not None and not education.progress.met:
        missing = training.from_tenths(education.progress.remaining_tenths)
        required = training.from_tenths(education.progress.required_tenths)
        raise ContinuingEducationMissing(
            f"本登记期继续教育须满 {required} 学时，尚缺 {missing} 学时（{education.requirement_name}）"
        )


def registration_state(until: date | None, today: date) -> CertificateRegistrationState:
    """Where a certificate's 登记, in force until `until` (None: never registered), stands on `today`:
    DUE from the day the renewal window opens (the last three months, as `register_certificate`
    allows) to its last day in force, LAPSED after it."""
    if until is None:
        return CertificateRegistrationState.UNREGISTERED
    if today > until:
        return CertificateRegistrationState.LAPSED
    if today >= until - timedelta(days=RENEWAL_WINDOW_DAYS):
        return CertificateRegistrationState.DUE
    return CertificateRegistrationState.REGISTERED


async def certificates_by_ids(ids: list[int]) -> dict[int, Certificate]:
    """Rows for a DataLoader; a certificate is visible to whoever may see its holder."""
    return {c.id: c for c in await Certificate.filter(id__in=ids)}
