"""The exam's enumerations, in the business vocabulary (API.md §Exam)."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class ExamLevel(StrEnum):
    ASSISTANT = "ASSISTANT"  # 初级：助理社会工作师
    SOCIAL_WORKER = "SOCIAL_WORKER"  # 中级：社会工作师
    SENIOR = "SENIOR"  # 高级：高级社会工作师 (exam, then review)


class ExamSubject(StrEnum):
    ASSISTANT_COMPREHENSIVE = "ASSISTANT_COMPREHENSIVE"  # 社会工作综合能力（初级）
    ASSISTANT_PRACTICE = "ASSISTANT_PRACTICE"  # 社会工作实务（初级）
    COMPREHENSIVE = "COMPREHENSIVE"  # 社会工作综合能力（中级）
    LAWS_AND_POLICIES = "LAWS_AND_POLICIES"  # 社会工作法规与政策
    PRACTICE = "PRACTICE"  # 社会工作实务（中级）
    SENIOR_PRACTICE = "SENIOR_PRACTICE"  # 社会工作实务（高级）


SUBJECTS_OF: dict[ExamLevel, tuple[ExamSubject, ...]] = {
    ExamLevel.ASSISTANT: (ExamSubject.ASSISTANT_COMPREHENSIVE, ExamSubject.ASSISTANT_PRACTICE),
    ExamLevel.SOCIAL_WORKER: (ExamSubject.COMPREHENSIVE, ExamSubject.LAWS_AND_POLICIES, ExamSubject.PRACTICE),
    ExamLevel.SENIOR: (ExamSubject.SENIOR_PRACTICE,),
}


# The professional title each level confers (职业水平证书), and its grade: how rules and lists name levels.
LEVEL_TITLES: dict[ExamLevel, str] = {
    ExamLevel.ASSISTANT: "助理社会工作师",
    ExamLevel.SOCIAL_WORKER: "社会工作师",
    ExamLevel.SENIOR: "高级社会工作师",
}
LEVEL_GRADES: dict[ExamLevel, str] = {
    ExamLevel.ASSISTANT: "初级",
    ExamLevel.SOCIAL_WORKER: "中级",
    ExamLevel.SENIOR: "高级",
}

# The digit a level takes in admission and certificate numbers.
LEVEL_DIGIT: dict[ExamLevel, str] = {
    ExamLevel.ASSISTANT: "1",
    ExamLevel.SOCIAL_WORKER: "2",
    ExamLevel.SENIOR: "3",
}


class ExamRegistrationStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    PAID = "PAID"
    ADMITTED = "ADMITTED"
    WITHDRAWN = "WITHDRAWN"
    SAT = "SAT"


class CertificateRegistrationState(StrEnum):
    """Where a certificate's 登记 stands: the certificate never expires, its registration does
    (民发〔2009〕123号: first within a year of passing, valid three years, renewed in the last three
    months)."""

    REGISTERED = "REGISTERED"  # 已登记，在有效期内
    DUE = "DUE"  # 已登记，可办理续期（有效期届满前三个月内）
    LAPSED = "LAPSED"  # 登记失效
    UNREGISTERED = "UNREGISTERED"  # 未登记


class ExamEventKind(StrEnum):
    """What the exam tells the contexts above it (incentives): written in the same transaction."""

    FEE_CONFIRMED = "FEE_CONFIRMED"  # → exam-fee subsidies
    CERTIFICATE_ISSUED = "CERTIFICATE_ISSUED"  # → one-time rewards, allowances
    CERTIFICATE_RECORDED = "CERTIFICATE_RECORDED"  # a certificate from before the system
    CERTIFICATE_REGISTERED = "CERTIFICATE_REGISTERED"  # 登记 (first, renewal or again after a lapse)


# A 登记 is valid three years (民发〔2009〕123号), to the day before the same date three years on.
REGISTRATION_YEARS: Final = 3
