"""`GET /files/talent-evidence/{evidenceId}`: an evidence file of a leading-talent application, behind
the same bearer token as the API, only for those who may see the application
(`domain.talent.visibility.can_see_application`): 401 without a token, 404 for anyone else, as if the
file did not exist."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.auth import resolve_actor
from api.errors import PasswordChangeRequired, TopLevelCode
from api.schema.relay import decode_pk
from domain.talent.evidence import evidence_for_download


def _error(status: int, code: str, message: str) -> Response:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


def content_disposition(file_name: str) -> str:
    """RFC 6266 with RFC 5987's filename* for the Chinese name, and an ASCII fallback of its extension."""
    extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
    fallback = "".join(c for c in extension if c.isascii() and c.isalnum()) or "bin"
    return f"attachment; filename=\"evidence.{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


async def talent_evidence(request: Request) -> Response:
    actor, _, _ = await resolve_actor(request)
    if not actor.is_signed_in:
        return _error(401, "UNAUTHENTICATED", "请先登录")
    if actor.must_change_password:
        return _error(403, TopLevelCode.PASSWORD_CHANGE_REQUIRED.value, PasswordChangeRequired().message)
    evidence_id = decode_pk(request.path_params["evidence_id"], "TalentEvidence")
    row = await evidence_for_download(actor, evidence_id) if evidence_id is not None else None
    if row is None:
        return _error(404, "NOT_FOUND", "证明材料不存在")
    return Response(
        bytes(row.content),
        media_type=row.content_type,
        headers={
            "content-disposition": content_disposition(row.file_name),
            "x-content-type-options": "nosniff",
            # The file is one person's evidence: no shared cache may keep it.
            "cache-control": "private, no-store",
        },
    )


routes = [Route("/files/talent-evidence/{evidence_id}", talent_evidence)]
