"""GraphQL types of training, by noun: the catalog and enrolment (`catalog`), the hour ledger
(`ledger`). Each module registers the enums its types speak in, once; importing this package
registers them all and the nodes `Query.node` resolves (Provider, Course, Enrollment)."""

from __future__ import annotations

from api.schema.training.types.catalog import (
    Attendance,
    CourseNode,
    CourseSession,
    EnrollmentNode,
    ProviderNode,
    course_node,
    enrollment_node,
    provider_node,
)
from api.schema.training.types.ledger import (
    CategoryCap,
    CategoryHours,
    HourEntryNode,
    TrainingLedger,
    TrainingRequirementNode,
)

__all__ = [
    "Attendance",
    "CategoryCap",
    "CategoryHours",
    "CourseNode",
    "CourseSession",
    "EnrollmentNode",
    "HourEntryNode",
    "ProviderNode",
    "TrainingLedger",
    "TrainingRequirementNode",
    "course_node",
    "enrollment_node",
    "provider_node",
]
