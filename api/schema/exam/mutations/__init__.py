"""The exam's mutations, one module per use-case module of domain/exam: sittings, registration,
results, certificates."""

from __future__ import annotations

import strawberry

from api.schema.exam.mutations.certificates import CertificateMutation
from api.schema.exam.mutations.registration import RegistrationMutation
from api.schema.exam.mutations.results import ResultsMutation
from api.schema.exam.mutations.sittings import SittingMutation


@strawberry.type
class ExamMutation(SittingMutation, RegistrationMutation, ResultsMutation, CertificateMutation):
    pass


__all__ = ["ExamMutation"]
