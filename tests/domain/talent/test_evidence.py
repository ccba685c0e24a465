"""Evidence files (domain/talent/evidence.py): judged by content, bounded in size and number, added and
removed only while the application may change, and read only by those who may see the application."""

from __future__ import annotations

import hashlib

import pytest

from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import OutOfScope
from domain.talent import applications, evidence, recommendations
from domain.talent.errors import (
    EvidenceNotFound,
    InvalidEvidence,
    TalentApplicationNotFound,
    WrongApplicationStatus,
)
from domain.talent.models import TalentApplication, TalentAssignment, TalentEvidence
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus
from tests.domain.talent.applicant_rows import PREFECTURE, TODAY, applicant, county_admin, opened_round
from tests.factories import person_id_of

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 16
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
    ],
)
def test_pdf_and_images_are_known_by_their_first_bytes(content: bytes, content_type: str) -> None:
    assert evidence.content_type_of(content) == content_type


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04word",
        b"MZ\x90\x00exe",
        b"<html><script>",
        b"%PD",
        b"RIFF\x10\x00\x00\x00WAVEfmt ",
        b"\xff\xd8",
    ],
)
def test_anything_else_is_not_evidence_whatever_its_name(content: bytes) -> None:
    with pytest.raises(InvalidEvidence, match="按内容判断"):
        evidence.check_evidence_file(evidence.EvidenceFile("证书.pdf", content))


@pytest.mark.parametrize(
    ("raw", "content_type", "cleaned"),
    [
        ("证书.pdf", "application/pdf", "证书.pdf"),
        ("C:\\Users\\李娜\\Desktop\\证书.PDF", "application/pdf", "证书.PDF"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("照片.pdf", "image/png", "照片.pdf.png"),
        ("\u202egpj.exe", "image/jpeg", "gpj.exe.jpg"),
        ("", "image/jpeg", "证明材料.jpg"),
        ("长" * 300 + ".pdf", "application/pdf", "长" * 196 + ".pdf"),
    ],
)
def test_file_names_are_cleaned_and_end_in_what_the_file_is(
    raw: str, content_type: str, cleaned: str
) -> None:
    assert evidence.clean_file_name(raw, content_type) == cleaned


def test_a_file_over_10_mib_or_empty_is_refused() -> None:
    evidence.check_evidence_file(
        evidence.EvidenceFile("a.pdf", PDF + b"\x00" * (evidence.MAX_EVIDENCE_BYTES - len(PDF)))
    )
    with pytest.raises(InvalidEvidence, match="不超过 10 MB"):
        evidence.check_evidence_file(
            evidence.EvidenceFile("a.pdf", PDF + b"\x00" * evidence.MAX_EVIDENCE_BYTES)
        )
    with pytest.raises(InvalidEvidence, match="为空"):
        evidence.check_evidence_file(evidence.EvidenceFile("a.pdf", b""))


async def draft_of(username: str = "li.na") -> tuple[TalentApplication, Actor]:
    round_ = await opened_round()
    _, actor = await applicant(username)
    row = await applications.apply(actor, round_.id, statement="陈述", achievements="", submit=False)
    return row, actor


async def test_the_applicant_attaches_evidence_to_a_draft(db: str) -> None:
    draft, actor = await draft_of()
    _, row = await evidence.attach_evidence(
        actor, draft.id, evidence.EvidenceFile("/home/li.na/证书.pdf", PDF)
    )
    stored = await TalentEvidence.get(id=row.id)
    assert (stored.file_name, stored.content_type, stored.size_bytes) == (
        "证书.pdf",
        "application/pdf",
        len(PDF),
    )
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert bytes(stored.content) == PDF
    event = await AuditEvent.get(action="talent.evidence.attached")
    assert event.summary["sha256"] == stored.sha256
    listed = (await evidence.evidence_of([draft.id]))[draft.id]
    assert [e.id for e in listed] == [row.id]


async def test_files_come_with_the_application_in_one_transaction(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    files = [evidence.EvidenceFile("a.pdf", PDF), evidence.EvidenceFile("b.png", PNG)]
    row = await applications.apply(actor, round_.id, statement="陈述", achievements="", files=files)
    assert await TalentEvidence.filter(application_id=row.id).count() == 2
    _, other = await applicant("wang.fang")
    bad = [evidence.EvidenceFile("a.pdf", PDF), evidence.EvidenceFile("改名.pdf", b"PK\x03\x04")]
    with pytest.raises(InvalidEvidence) as refused:
        await applications.apply(other, round_.id, statement="陈述", achievements="", files=bad)
    assert refused.value.field_path == ("evidence", "1")  # the row is the file
    assert await TalentApplication.filter(person_id=other.person_id).count() == 0
    assert await TalentEvidence.all().count() == 2


async def test_an_eleventh_file_is_refused(db: str) -> None:
    draft, actor = await draft_of()
    for n in range(evidence.MAX_EVIDENCE_FILES):
        await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile(f"{n}.pdf", PDF))
    with pytest.raises(InvalidEvidence, match="最多 10 个") as refused:
        await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("11.pdf", PDF))
    assert refused.value.field_path == ("file",)
    assert await TalentEvidence.filter(application_id=draft.id).count() == 10


async def test_files_are_frozen_once_submitted_and_closed_to_others(db: str) -> None:
    draft, actor = await draft_of()
    _, row = await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("a.pdf", PDF))
    _, stranger = await applicant("wang.fang")
    with pytest.raises(TalentApplicationNotFound):
        await evidence.attach_evidence(stranger, draft.id, evidence.EvidenceFile("a.pdf", PDF))
    with pytest.raises(EvidenceNotFound):
        await evidence.remove_evidence(stranger, row.id)
    # A draft is private: its county's admin is told it does not exist; once submitted, that it is not theirs.
    with pytest.raises(TalentApplicationNotFound):
        await evidence.attach_evidence(county_admin("532301"), draft.id, evidence.EvidenceFile("a.pdf", PDF))
    await applications.submit_application(actor, draft.id)
    with pytest.raises(OutOfScope):
        await evidence.attach_evidence(county_admin("532301"), draft.id, evidence.EvidenceFile("a.pdf", PDF))
    with pytest.raises(WrongApplicationStatus, match="已提交"):
        await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("b.pdf", PDF))
    with pytest.raises(WrongApplicationStatus):
        await evidence.remove_evidence(actor, row.id)
    assert await TalentEvidence.filter(application_id=draft.id).count() == 1


async def test_the_applicant_removes_a_file_while_editing(db: str) -> None:
    draft, actor = await draft_of()
    _, row = await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("a.pdf", PDF))
    await evidence.remove_evidence(actor, row.id)
    assert await TalentEvidence.all().count() == 0
    assert (await AuditEvent.get(action="talent.evidence.removed")).summary["fileName"] == "a.pdf"
    with pytest.raises(EvidenceNotFound):
        await evidence.remove_evidence(actor, row.id)


async def test_the_recommender_attaches_while_the_recommendation_waits(db: str) -> None:
    round_ = await opened_round()
    user, actor = await applicant("li.na")
    admin = county_admin("532301")
    row = await recommendations.recommend(
        admin, round_.id, person_id_of(user), statement="推荐", achievements=""
    )
    await evidence.attach_evidence(admin, row.id, evidence.EvidenceFile("推荐表.pdf", PDF))
    with pytest.raises(WrongApplicationStatus):
        await evidence.attach_evidence(actor, row.id, evidence.EvidenceFile("a.pdf", PDF))
    await recommendations.confirm_recommendation(actor, row.id, submit=False)
    with pytest.raises(WrongApplicationStatus):
        await evidence.attach_evidence(admin, row.id, evidence.EvidenceFile("b.pdf", PDF))
    await evidence.attach_evidence(actor, row.id, evidence.EvidenceFile("b.pdf", PDF))


async def test_a_download_is_for_those_who_may_see_the_application(db: str) -> None:
    draft, actor = await draft_of()
    _, row = await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("a.pdf", PDF))
    _, stranger = await applicant("wang.fang")
    expert = Actor(user_id=950, username="yang", grants=(Grant(Role.EXPERT),), request_id="t")
    assert await evidence.evidence_for_download(actor, row.id) is not None
    # A draft's files are the applicant's own until it is submitted.
    assert await evidence.evidence_for_download(county_admin("532301"), row.id) is None
    assert await evidence.evidence_for_download(PREFECTURE, row.id) is None
    await applications.submit_application(actor, draft.id)
    assert await evidence.evidence_for_download(county_admin("532301"), row.id) is not None
    assert await evidence.evidence_for_download(PREFECTURE, row.id) is not None
    assert await evidence.evidence_for_download(county_admin("532302"), row.id) is None
    assert await evidence.evidence_for_download(stranger, row.id) is None
    assert await evidence.evidence_for_download(expert, row.id) is None
    assert await evidence.evidence_for_download(actor, row.id + 1) is None
    await TalentApplication.filter(id=draft.id).update(status=ApplicationStatus.COUNTY_PASSED)
    assignment = await TalentAssignment.create(
        round_id=draft.round_id, application_id=draft.id, reviewer_user_id=950
    )
    assert await evidence.evidence_for_download(expert, row.id) is not None
    await TalentAssignment.filter(id=assignment.id).update(status=AssignmentStatus.CONFLICT_DECLARED)
    assert await evidence.evidence_for_download(expert, row.id) is None


def test_an_oversized_file_says_its_size_in_bytes() -> None:
    with pytest.raises(InvalidEvidence) as refused:
        evidence.check_evidence_file(
            evidence.EvidenceFile("大.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1 - len(PDF)))
        )
    assert "10,485,761 字节" in refused.value.message
    assert "10,485,760 字节" in refused.value.message
