"""Issue dates a recorded certificate could really have (domain/exam/certificates.py `check_issue_date`):
none before the exam's first sitting in 2008 or after today, and a 高级 only on top of a 中级."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import ErrorCode
from domain.exam.certificates import check_issue_date
from domain.exam.errors import IssueDateImpossible, SocialWorkerCertificateMissing
from domain.exam.vocabulary import ExamLevel

TODAY = date(2026, 11, 30)
A, S, H = ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR


@pytest.mark.parametrize("level", [A, S])
def test_the_first_day_of_2008_and_today_are_possible_issue_dates(level: ExamLevel) -> None:
    check_issue_date(level, date(2008, 1, 1), held={}, today=TODAY)
    check_issue_date(level, TODAY, held={}, today=TODAY)


@pytest.mark.parametrize("level", list(ExamLevel))
def test_a_certificate_dated_before_2008_is_refused(level: ExamLevel) -> None:
    held = {S: date(2007, 1, 1)} if level is H else {}
    with pytest.raises(IssueDateImpossible) as caught:
        check_issue_date(level, date(2007, 12, 31), held=held, today=TODAY)
    assert (caught.value.code, caught.value.field_name) == (ErrorCode.INVALID_ISSUE_DATE, "issuedOn")
    assert "2008" in caught.value.message


@pytest.mark.parametrize("level", list(ExamLevel))
def test_a_certificate_dated_after_today_is_refused(level: ExamLevel) -> None:
    held = {S: date(2015, 1, 1)} if level is H else {}
    with pytest.raises(IssueDateImpossible, match="不能晚于今天"):
        check_issue_date(level, date(2026, 12, 1), held=held, today=TODAY)


@pytest.mark.parametrize(
    "held",
    [pytest.param({}, id="no certificate"), pytest.param({A: date(2012, 10, 1)}, id="only a 助理")],
)
def test_a_senior_certificate_for_someone_with_no_social_worker_certificate_is_refused(
    held: dict[ExamLevel, date],
) -> None:
    with pytest.raises(SocialWorkerCertificateMissing) as caught:
        check_issue_date(H, date(2022, 12, 1), held=held, today=TODAY)
    assert (caught.value.code, caught.value.field_name) == (
        ErrorCode.SOCIAL_WORKER_CERTIFICATE_MISSING,
        "level",
    )
    assert "中级" in caught.value.message


def test_a_senior_certificate_issued_on_or_after_the_social_worker_one_is_possible() -> None:
    check_issue_date(H, date(2022, 12, 1), held={S: date(2015, 9, 1)}, today=TODAY)
    check_issue_date(H, date(2015, 9, 1), held={S: date(2015, 9, 1)}, today=TODAY)


def test_a_senior_certificate_issued_before_the_social_worker_one_is_refused() -> None:
    with pytest.raises(IssueDateImpossible, match="2015-09-01"):
        check_issue_date(H, date(2015, 8, 31), held={S: date(2015, 9, 1)}, today=TODAY)


def test_a_social_worker_certificate_dated_after_the_persons_senior_one_is_refused() -> None:
    with pytest.raises(IssueDateImpossible, match="2022-12-01"):
        check_issue_date(S, date(2022, 12, 2), held={H: date(2022, 12, 1)}, today=TODAY)
    check_issue_date(S, date(2016, 1, 1), held={H: date(2022, 12, 1)}, today=TODAY)


def test_an_assistant_certificate_needs_no_other_level() -> None:
    check_issue_date(A, date(2010, 5, 1), held={S: date(2009, 1, 1), H: date(2020, 1, 1)}, today=TODAY)
