"""Evidence files of a leading-talent application (DOMAIN.md §leading talent, step 2: "application ...
with evidence"): PDF or images only, judged by their content, not their name; at most 10 MiB each and
10 per application; kept in the database (`TalentEvidence.content`, with its SHA-256) so a file commits
or rolls back with its application; served only to those who may see the application
(`domain.talent.visibility.can_see_application`).

The applicant adds and removes files while the application is a DRAFT or RETURNED for changes; the
employer that recommended someone, while the recommendation waits for the person (RECOMMENDED).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope, in_row
from domain.names import plain_text
from domain.talent.errors import (
    ApplicationWindowClosed,
    EvidenceNotFound,
    InvalidEvidence,
    TalentApplicationNotFound,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import TalentApplication, TalentEvidence
from domain.talent.rounds import check_calling, check_window_open, get_round
from domain.talent.visibility import can_see_application
from domain.talent.vocabulary import ApplicationStatus
from domain.talent.workflow import APPLICATION_NAMES
from domain.transaction import write_transaction

MAX_EVIDENCE_BYTES: Final = 10 * 1024 * 1024
MAX_EVIDENCE_FILES: Final = 10
MAX_FILE_NAME_LENGTH: Final = 200
EVIDENCE_FIELD: Final = "evidence"

# The first bytes of each accepted format, and the extensions its name may keep.
_FORMATS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("application/pdf", (".pdf",)),
    ("image/png", (".png",)),
    ("image/jpeg", (".jpg", ".jpeg")),
    ("image/gif", (".gif",)),
    ("image/webp", (".webp",)),
)
_EXTENSIONS: Final = dict(_FORMATS)
_PATH_PARTS: Final = re.compile(r"^.*[/\\]")

# Who may add or remove files in which status: the applicant while editing, the recommender while the
# recommendation waits for the person.
_APPLICANT_EDITS: Final = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})
_RECOMMENDER_EDITS: Final = frozenset({ApplicationStatus.RECOMMENDED})


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file as uploaded: the name the client gave and the bytes."""

    file_name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class CheckedEvidence:
    file_name: str
    content_type: str
    content: bytes
    sha256: str


def content_type_of(content: bytes) -> str | None:
    """The media type the bytes are (magic numbers: %PDF-, PNG, JPEG, GIF, WebP), or None."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(content) >= 12 and content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def clean_file_name(raw: str, content_type: str) -> str:
    """The name shown and offered on download: no folder parts, one line of plain text, at most 200
    characters, ending in an extension of what the file is (a PNG named 证书.pdf becomes 证书.pdf.png)."""
    name = plain_text(_PATH_PARTS.sub("", raw)).strip(". ")
    extensions = _EXTENSIONS[content_type]
    if not name.lower().endswith(extensions):
        name = (name or "证明材料") + extensions[0]
    if len(name) > MAX_FILE_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        name = stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1] + dot + extension
    return name


def check_evidence_file(file: EvidenceFile) -> CheckedEvidence:
    """Raises InvalidEvidence: empty, over 10 MiB, or not a PDF or an image by its content."""
    if not file.content:
        raise InvalidEvidence("证明材料文件为空，请重新选择文件")
    if len(file.content) > MAX_EVIDENCE_BYTES:
        raise InvalidEvidence(
            f"证明材料每个文件不超过 10 MB（{MAX_EVIDENCE_BYTES:,} 字节），"
            f"该文件 {len(file.content):,} 字节，超出上限，请压缩后再上传"
        )
    content_type = content_type_of(file.content)
    if content_type is None:
        raise InvalidEvidence(
            "证明材料只接受 PDF 或图片（PNG、JPEG、GIF、WebP）文件；"
            "该文件的内容不是其中之一（按内容判断，与文件名无关）"
        )
    return CheckedEvidence(
        file_name=clean_file_name(file.file_name, content_type),
        content_type=content_type,
        content=file.content,
        sha256=hashlib.sha256(file.content).hexdigest(),
    )


def check_evidence_files(files: Sequence[EvidenceFile]) -> list[CheckedEvidence]:
    """Each file checked; a refusal points at its row of `evidence`."""
    if len(files) > MAX_EVIDENCE_FILES:
        raise InvalidEvidence(f"每份申报最多 {MAX_EVIDENCE_FILES} 个证明材料文件")
    checked: list[CheckedEvidence] = []
    for index, file in enumerate(files):
        try:
            checked.append(check_evidence_file(file))
        except InvalidEvidence as error:
            # The row is the file: no field inside it.
            error.field_path = ()
            with in_row(EVIDENCE_FIELD, index):
                raise
    return checked


async def store_evidence(
    actor: Actor, application: TalentApplication, files: Sequence[CheckedEvidence]
) -> list[TalentEvidence]:
    """Within the caller's write transaction: the files added to `application`, with one audit event
    `talent.evidence.attached` each. Raises InvalidEvidence when the application would hold more than
    10 files (counted inside the transaction, under the application's row lock)."""
    held = await TalentEvidence.filter(application_id=application.id).count()
    if held + len(files) > MAX_EVIDENCE_FILES:
        raise InvalidEvidence(
            f"每份申报最多 {MAX_EVIDENCE_FILES} 个证明材料文件，已有 {held} 个：请先删除不需要的文件"
        )
    rows: list[TalentEvidence] = []
    for file in files:
        row = await TalentEvidence.create(
            application_id=application.id,
            file_name=file.file_name,
            content_type=file.content_type,
            size_bytes=len(file.content),
            sha256=file.sha256,
            content=file.content,
            uploaded_by_user_id=actor.user_id or 0,
        )
        await audit.record(
            actor,
            "talent.evidence.attached",
            target_type="TalentApplication",
            target_id=application.id,
            county_code=application.county_id,
            summary={
                "evidenceId": row.id,
                "fileName": row.file_name,
                "contentType": row.content_type,
                "sizeBytes": row.size_bytes,
                "sha256": row.sha256,
            },
        )
        rows.append(row)
    return rows


async def remove_all_evidence(actor: Actor, application: TalentApplication) -> int:
    """Within the caller's write transaction: every file of `application` deleted, one audit event
    `talent.evidence.removed` each (used when a person applies on the row of a recommendation they
    declined: the employer's files go, the person's own replace them). Returns how many."""
    rows = await TalentEvidence.filter(application_id=application.id).only("id", "file_name", "sha256")
    for row in rows:
        await TalentEvidence.filter(id=row.id).delete()
        await audit.record(
            actor,
            "talent.evidence.removed",
            target_type="TalentApplication",
            target_id=application.id,
            county_code=application.county_id,
            summary={"evidenceId": row.id, "fileName": row.file_name, "sha256": row.sha256},
        )
    return len(rows)


async def _editable(actor: Actor, application_id: int, action: str) -> TalentApplication:
    """The application locked for the rest of the caller's transaction (PostgreSQL `FOR UPDATE`),
    if `actor` may change its files now: its status (`_APPLICANT_EDITS`, `_RECOMMENDER_EDITS`) and
    the round (a DRAFT or RECOMMENDED needs the window open, a RETURNED the round CALLING)."""
    row = await TalentApplication.filter(id=application_id).select_for_update().first()
    if row is None or not await can_see_application(actor, row):
        raise TalentApplicationNotFound()
    is_applicant = actor.person_id is not None and actor.person_id == row.person_id
    is_recommender = actor.user_id is not None and actor.user_id == row.recommended_by_user_id
    if (is_applicant and row.status in _APPLICANT_EDITS) or (
        is_recommender and row.status in _RECOMMENDER_EDITS
    ):
        round_ = await get_round(row.round_id)
        if row.status is ApplicationStatus.RETURNED:
            check_calling(round_, f"{action}（退回修改的申报只能在征集阶段再次提交）")
        else:
            check_window_open(round_, action)
        return row
    if is_applicant or is_recommender:
        raise WrongApplicationStatus(
            f"该申报{APPLICATION_NAMES[row.status]}，不能{action}："
            "申报人可在草稿或退回修改时、推荐单位可在待本人确认时更改证明材料"
        )
    raise OutOfScope(f"只有申报人本人或推荐单位可以{action}", field="applicationId")


async def attach_evidence(
    actor: Actor, application_id: int, file: EvidenceFile
) -> tuple[TalentApplication, TalentEvidence]:
    """Add one evidence file to an application: by the applicant while DRAFT or RETURNED, by the
    recommending employer's account while RECOMMENDED.

    The file is judged by its content (PDF, PNG, JPEG, GIF or WebP), at most 10 MiB, and the application
    holds at most 10 files; the name is cleaned (`clean_file_name`). Writes one `TalentEvidence` (the
    bytes and their SHA-256) and the audit event `talent.evidence.attached`, in one transaction.

    Raises:
        InvalidEvidence: empty, too large, not a PDF or an image, or the 11th file (field `file`).
        TalentApplicationNotFound: no such application, or one the actor may not see.
        OutOfScope: the actor may see it but is neither the applicant nor the recommender (an admin).
        WrongApplicationStatus: it is past the status in which its files may change.
        ApplicationWindowClosed: a DRAFT or RECOMMENDED outside the window (it could not be submitted).
        WrongRoundStatus: a RETURNED one after the round left the call.
    """
    try:
        checked = check_evidence_file(file)
    except InvalidEvidence as error:
        error.field_path = ("file",)
        raise
    async with write_transaction():
        application = await _editable(actor, application_id, "添加证明材料")
        try:
            [row] = await store_evidence(actor, application, [checked])
        except InvalidEvidence as error:
            error.field_path = ("file",)
            raise
    return application, row


async def remove_evidence(actor: Actor, evidence_id: int) -> TalentApplication:
    """Remove one evidence file, by whoever may add one now (`attach_evidence`).

    Deletes the `TalentEvidence` and writes the audit event `talent.evidence.removed` (name and
    SHA-256 of what was removed), in one transaction. Returns the application.

    Raises:
        EvidenceNotFound: no such file, or of an application the actor may not see.
        OutOfScope, WrongApplicationStatus: as `attach_evidence` (field `evidenceId`).
    """
    found = await TalentEvidence.filter(id=evidence_id).only("id", "application_id").first()
    if found is None:
        raise EvidenceNotFound()
    async with write_transaction():
        try:
            application = await _editable(actor, found.application_id, "删除证明材料")
        except TalentApplicationNotFound:
            raise EvidenceNotFound() from None
        except (OutOfScope, WrongApplicationStatus, ApplicationWindowClosed, WrongRoundStatus) as error:
            error.field_path = ("evidenceId",)
            raise
        row = await TalentEvidence.filter(id=evidence_id).only("id", "file_name", "sha256").first()
        if row is None:
            raise EvidenceNotFound()
        await TalentEvidence.filter(id=evidence_id).delete()
        await audit.record(
            actor,
            "talent.evidence.removed",
            target_type="TalentApplication",
            target_id=application.id,
            county_code=application.county_id,
            summary={"evidenceId": evidence_id, "fileName": row.file_name, "sha256": row.sha256},
        )
    return application


_LISTED: Final = ("id", "application_id", "file_name", "content_type", "size_bytes", "sha256", "uploaded_at")


async def evidence_of(application_ids: list[int]) -> dict[int, list[TalentEvidence]]:
    """Each application's files without their bytes, in the order added; callers decide visibility."""
    result: dict[int, list[TalentEvidence]] = {pk: [] for pk in application_ids}
    rows = await TalentEvidence.filter(application_id__in=application_ids).only(*_LISTED).order_by("id")
    for row in rows:
        result[row.application_id].append(row)
    return result


async def evidence_for_download(actor: Actor, evidence_id: int) -> TalentEvidence | None:
    """The file with its bytes, if `actor` may see its application; None otherwise (as if it did not
    exist)."""
    row = await TalentEvidence.get_or_none(id=evidence_id)
    if row is None:
        return None
    application = await TalentApplication.get_or_none(id=row.application_id)
    if application is None or not await can_see_application(actor, application):
        return None
    return row
