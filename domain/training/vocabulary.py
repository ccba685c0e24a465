"""Training's enumerations, in the business vocabulary (API.md §Training)."""

from __future__ import annotations

from enum import StrEnum


class ServiceField(StrEnum):
    """服务领域: the fields named by seed §一, plus elderly care and other."""

    SOCIAL_WELFARE = "SOCIAL_WELFARE"  # 社会福利
    SOCIAL_ASSISTANCE = "SOCIAL_ASSISTANCE"  # 社会救助
    POVERTY_RELIEF = "POVERTY_RELIEF"  # 扶贫济困
    CHARITY = "CHARITY"  # 慈善事业
    COMMUNITY_BUILDING = "COMMUNITY_BUILDING"  # 社区建设
    MARRIAGE_FAMILY = "MARRIAGE_FAMILY"  # 婚姻家庭
    MENTAL_HEALTH = "MENTAL_HEALTH"  # 精神卫生
    DISABILITY_REHABILITATION = "DISABILITY_REHABILITATION"  # 残障康复
    EDUCATION_GUIDANCE = "EDUCATION_GUIDANCE"  # 教育辅导
    EMPLOYMENT_ASSISTANCE = "EMPLOYMENT_ASSISTANCE"  # 就业援助
    WORKER_SUPPORT = "WORKER_SUPPORT"  # 职工帮扶
    CRIME_PREVENTION = "CRIME_PREVENTION"  # 犯罪预防
    DRUG_REHABILITATION = "DRUG_REHABILITATION"  # 禁毒戒毒
    CORRECTIONAL_SUPPORT = "CORRECTIONAL_SUPPORT"  # 矫治帮扶
    EMERGENCY_RESPONSE = "EMERGENCY_RESPONSE"  # 应急处置
    MASS_CULTURE = "MASS_CULTURE"  # 群众文化
    ELDERLY_CARE = "ELDERLY_CARE"  # 养老服务
    OTHER = "OTHER"  # 其他


class HourCategory(StrEnum):
    KNOWLEDGE = "KNOWLEDGE"  # 专业知识
    PRACTICE_SKILLS = "PRACTICE_SKILLS"  # 实务技能
    SUPERVISION = "SUPERVISION"  # 督导
    CONFERENCE = "CONFERENCE"  # 学术会议
    DEGREE_STUDY = "DEGREE_STUDY"  # 学历教育
    RESEARCH_PUBLICATION = "RESEARCH_PUBLICATION"  # 论文著作
    TEACHING = "TEACHING"  # 授课
    OTHER = "OTHER"


class DeliveryMode(StrEnum):
    IN_PERSON = "IN_PERSON"  # 面授
    ONLINE = "ONLINE"  # 线上
    BLENDED = "BLENDED"  # 混合


class CourseStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    CANCELLED = "CANCELLED"


class EnrollmentStatus(StrEnum):
    ENROLLED = "ENROLLED"
    WAITLISTED = "WAITLISTED"
    WITHDRAWN = "WITHDRAWN"
    COMPLETED = "COMPLETED"
    # The provider cancelled the course before it started: the enrolment ended without the trainee.
    CANCELLED = "CANCELLED"


class EntrySource(StrEnum):
    COMPLETION = "COMPLETION"
    ROSTER_IMPORT = "ROSTER_IMPORT"
    ADJUSTMENT = "ADJUSTMENT"
    REVERSAL = "REVERSAL"


class RequirementAudience(StrEnum):
    FRONT_LINE = "FRONT_LINE"  # 直接提供社会服务的一线人员
    ASSISTANT_HOLDERS = "ASSISTANT_HOLDERS"  # 助理社会工作师
    SOCIAL_WORKER_HOLDERS = "SOCIAL_WORKER_HOLDERS"  # 社会工作师、高级社会工作师


HOUR_CATEGORY_LABELS = {
    HourCategory.KNOWLEDGE: "专业知识",
    HourCategory.PRACTICE_SKILLS: "实务技能",
    HourCategory.SUPERVISION: "督导",
    HourCategory.CONFERENCE: "学术会议",
    HourCategory.DEGREE_STUDY: "学历教育",
    HourCategory.RESEARCH_PUBLICATION: "论文著作",
    HourCategory.TEACHING: "授课",
    HourCategory.OTHER: "其他",
}

ENTRY_SOURCE_LABELS = {
    EntrySource.COMPLETION: "结业",
    EntrySource.ROSTER_IMPORT: "名单导入",
    EntrySource.ADJUSTMENT: "调整",
    EntrySource.REVERSAL: "冲正",
}
