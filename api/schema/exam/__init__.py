"""The exam over GraphQL (API.md §Exam): sittings, eligibility, registration and its review, results,
progress, certificates and 登记."""

from __future__ import annotations

from api.schema.exam.mutations import ExamMutation
from api.schema.exam.queries import ExamQuery

__all__ = ["ExamMutation", "ExamQuery"]
