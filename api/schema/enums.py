"""Domain enumerations exposed to GraphQL under their API.md names (registered once, here)."""

from __future__ import annotations

import strawberry

from domain.access import Role
from domain.people.id_card import Sex
from domain.people.vocabulary import (
    Education,
    Major,
    OrganizationStatus,
    OrganizationType,
    PopulationBasis,
)

strawberry.enum(Role, name="Role", description="角色：学员、培训机构、县级管理员、州级管理员、评审专家")
strawberry.enum(Sex, name="Sex")
strawberry.enum(Education, name="Education", description="学历：高中/中专、大专、本科、硕士、博士")
strawberry.enum(Major, name="Major", description="专业：社会工作或其他")
strawberry.enum(OrganizationType, name="OrganizationType")
strawberry.enum(OrganizationStatus, name="OrganizationStatus", description="备案状态")
strawberry.enum(PopulationBasis, name="PopulationBasis", description="户籍人口或常住人口")

__all__ = [
    "Education",
    "Major",
    "OrganizationStatus",
    "OrganizationType",
    "PopulationBasis",
    "Role",
    "Sex",
]
