"""Domain enumerations exposed to GraphQL under their API.md names (registered once, here)."""

from __future__ import annotations

import strawberry

from domain.access import Role
from domain.exam.vocabulary import ExamLevel, ExamRegistrationStatus, ExamSubject
from domain.people.id_card import Sex
from domain.people.vocabulary import (
    Education,
    Major,
    OrganizationStatus,
    OrganizationType,
    PopulationBasis,
)
from domain.training.catalog import CourseOrder
from domain.training.vocabulary import (
    CourseStatus,
    DeliveryMode,
    EnrollmentStatus,
    EntrySource,
    HourCategory,
    RequirementAudience,
    ServiceField,
)

strawberry.enum(Role, name="Role", description="角色：学员、培训机构、县级管理员、州级管理员、评审专家")
strawberry.enum(Sex, name="Sex")
strawberry.enum(Education, name="Education", description="学历：高中/中专、大专、本科、硕士、博士")
strawberry.enum(Major, name="Major", description="专业：社会工作或其他")
strawberry.enum(OrganizationType, name="OrganizationType")
strawberry.enum(OrganizationStatus, name="OrganizationStatus", description="备案状态")
strawberry.enum(PopulationBasis, name="PopulationBasis", description="户籍人口或常住人口")
strawberry.enum(
    ExamLevel, name="ExamLevel", description="初级 助理社会工作师、中级 社会工作师、高级 高级社会工作师"
)
strawberry.enum(ExamSubject, name="ExamSubject")
strawberry.enum(ExamRegistrationStatus, name="ExamRegistrationStatus")
strawberry.enum(ServiceField, name="ServiceField", description="服务领域")
strawberry.enum(HourCategory, name="HourCategory", description="学时类别")
strawberry.enum(DeliveryMode, name="DeliveryMode", description="授课方式：面授、线上、混合")
strawberry.enum(CourseStatus, name="CourseStatus")
strawberry.enum(EnrollmentStatus, name="EnrollmentStatus")
strawberry.enum(EntrySource, name="EntrySource", description="学时来源：结业、名单导入、调整、冲正")
strawberry.enum(RequirementAudience, name="RequirementAudience")
strawberry.enum(CourseOrder, name="CourseOrder", description="NEWEST 最新发布在前；SOONEST 最早开课在前")

__all__ = [
    "CourseOrder",
    "CourseStatus",
    "DeliveryMode",
    "Education",
    "EnrollmentStatus",
    "EntrySource",
    "ExamLevel",
    "ExamRegistrationStatus",
    "ExamSubject",
    "HourCategory",
    "Major",
    "OrganizationStatus",
    "OrganizationType",
    "PopulationBasis",
    "RequirementAudience",
    "Role",
    "ServiceField",
    "Sex",
]
