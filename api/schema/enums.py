"""Domain enumerations exposed to GraphQL under their API.md names (registered once, here)."""

from __future__ import annotations

import strawberry

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
    "EnrollmentStatus",
    "EntrySource",
    "HourCategory",
    "RequirementAudience",
    "ServiceField",
]
