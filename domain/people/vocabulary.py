"""The registry's enumerations, in the business vocabulary (API.md §People and accounts)."""

from __future__ import annotations

from enum import StrEnum


class Education(StrEnum):
    HIGH_SCHOOL = "HIGH_SCHOOL"  # 高中/中专
    JUNIOR_COLLEGE = "JUNIOR_COLLEGE"  # 大专
    BACHELOR = "BACHELOR"  # 本科
    MASTER = "MASTER"  # 硕士
    DOCTOR = "DOCTOR"  # 博士


class Major(StrEnum):
    SOCIAL_WORK = "SOCIAL_WORK"
    OTHER = "OTHER"


class OrganizationType(StrEnum):
    SOCIAL_WORK_SERVICE_ORGANIZATION = "SOCIAL_WORK_SERVICE_ORGANIZATION"  # 社会工作服务机构
    COMMUNITY = "COMMUNITY"  # 城乡社区
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"  # 事业单位
    SOCIAL_ORGANIZATION = "SOCIAL_ORGANIZATION"  # 社会组织
    ENTERPRISE = "ENTERPRISE"
    OTHER = "OTHER"


class OrganizationStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class PopulationBasis(StrEnum):
    HOUSEHOLD = "HOUSEHOLD"  # 户籍人口: the basis of the seed's 1‰ target
    RESIDENT = "RESIDENT"  # 常住人口
