"""The refusals of the leading-talent programme, named as facts (messages in Chinese, saying what to do).

Refusals about a status ("申报已提交，不能修改") are raised with their message at the raise site, worded
with `domain.talent.workflow.status_name`, so each says the status the row is in and what comes next.
"""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class TalentRoundNotFound(DomainError):
    code = ErrorCode.TALENT_ROUND_NOT_FOUND
    field = "roundId"
    default_message = "领军人才选拔轮次不存在"


class InvalidQuota(DomainError):
    code = ErrorCode.INVALID_QUOTA
    field = "quota"


class InvalidRubric(DomainError):
    code = ErrorCode.INVALID_RUBRIC
    field = "rubric"


class TalentRoundLocked(DomainError):
    code = ErrorCode.TALENT_ROUND_LOCKED
    field = "roundId"
    default_message = "申报期已开始，选拔轮次不能再更正；如需调整请另行发布"


class WrongRoundStatus(DomainError):
    code = ErrorCode.WRONG_ROUND_STATUS
    field = "roundId"


class ApplicationWindowClosed(DomainError):
    code = ErrorCode.APPLICATION_WINDOW_CLOSED
    field = "roundId"


class TalentNotEligible(DomainError):
    code = ErrorCode.TALENT_NOT_ELIGIBLE
    field = "roundId"


class AlreadyApplied(DomainError):
    code = ErrorCode.ALREADY_APPLIED
    field = "roundId"
    default_message = "本轮已有此人的申报：每人每轮只能申报一次，请修改已有的申报"


class TalentApplicationNotFound(DomainError):
    code = ErrorCode.TALENT_APPLICATION_NOT_FOUND
    field = "applicationId"
    default_message = "领军人才申报不存在或不在您的查看范围"


class WrongApplicationStatus(DomainError):
    code = ErrorCode.WRONG_APPLICATION_STATUS
    field = "applicationId"


class CountyQuotaFull(DomainError):
    code = ErrorCode.COUNTY_QUOTA_FULL
    field = "decision"


class CountyWithoutPlaces(DomainError):
    """The round gives the person's county no places (its quota is 0): nobody there may apply, be
    recommended or confirm a recommendation."""

    code = ErrorCode.COUNTY_QUOTA_FULL
    field = "roundId"


class InvalidEvidence(DomainError):
    code = ErrorCode.INVALID_EVIDENCE
    field = "evidence"


class EvidenceNotFound(DomainError):
    code = ErrorCode.EVIDENCE_NOT_FOUND
    field = "evidenceId"
    default_message = "证明材料不存在"


class NotAnExpert(DomainError):
    code = ErrorCode.NOT_AN_EXPERT
    field = "reviewerIds"


class ReviewerConflict(DomainError):
    code = ErrorCode.REVIEWER_CONFLICT
    field = "reviewerIds"


class NotAssigned(DomainError):
    code = ErrorCode.NOT_ASSIGNED
    field = "applicationId"
    default_message = "您未被分配评审此申报"


class InvalidScores(DomainError):
    code = ErrorCode.INVALID_SCORES
    field = "scores"


class AlreadyScored(DomainError):
    code = ErrorCode.ALREADY_SCORED
    field = "applicationId"
    default_message = "您对此申报的评分已提交封存，不能修改"


class ScoringIncomplete(DomainError):
    code = ErrorCode.SCORING_INCOMPLETE
    field = "roundId"


class InvalidWorkingDays(DomainError):
    code = ErrorCode.INVALID_WORKING_DAYS
    field = "workingDays"


class NotOnNotice(DomainError):
    code = ErrorCode.NOT_ON_NOTICE
    field = "applicationId"
    default_message = "该人选不在公示中，不能对其提出异议"


class TooManyObjections(DomainError):
    code = ErrorCode.TOO_MANY_OBJECTIONS
    field = None
    default_message = "提交异议过于频繁，请一小时后再试；如情况紧急请直接联系州级主管部门"


class ObjectionNotFound(DomainError):
    code = ErrorCode.OBJECTION_NOT_FOUND
    field = "objectionId"
    default_message = "异议不存在"


class ObjectionAlreadyResolved(DomainError):
    code = ErrorCode.OBJECTION_ALREADY_RESOLVED
    field = "objectionId"
    default_message = "该异议已处理，处理意见不能更改"


class ObjectionsOpen(DomainError):
    code = ErrorCode.OBJECTIONS_OPEN
    field = "roundId"


class NoticeNotEnded(DomainError):
    code = ErrorCode.NOTICE_NOT_ENDED
    field = "roundId"


class LeadingTalentNotFound(DomainError):
    code = ErrorCode.LEADING_TALENT_NOT_FOUND
    field = "talentId"
    default_message = "领军人才不存在"


class WrongTalentStatus(DomainError):
    code = ErrorCode.WRONG_TALENT_STATUS
    field = "talentId"


class InvalidAssessmentYear(DomainError):
    code = ErrorCode.INVALID_ASSESSMENT_YEAR
    field = "year"


class AssessmentAlreadyRecorded(DomainError):
    code = ErrorCode.ASSESSMENT_ALREADY_RECORDED
    field = "grade"


class CalendarDayNotFound(DomainError):
    code = ErrorCode.CALENDAR_DAY_NOT_FOUND
    field = "date"
    default_message = "该日期没有管理员添加的节假日或调休工作日，无需删除"
