"""ASGI middleware: a request id for every request, the request body limit, and one structured log
line per request."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import request_id_of
from api.request_errors import echoed
from domain.people.masking import mask_id_card_number

log = logging.getLogger("swtalent.request")

# How every served process logs, given to uvicorn as `log_config`: uvicorn applies it in each worker it
# starts (workers are fresh processes that inherit no logging set up in the parent), so with `--workers
# 4` each worker writes its own request lines. The request log and the app's other loggers go to stderr
# as bare lines (each request line is one JSON object); uvicorn's own lines keep its usual look.
LOG_CONFIG: Final[dict[str, Any]] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(message)s"},
        "uvicorn": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s"},
    },
    "handlers": {
        "app": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"},
        "uvicorn": {"class": "logging.StreamHandler", "formatter": "uvicorn", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["uvicorn"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["uvicorn"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["app"], "level": "INFO"},
}


def _error_body(message: str, code: str) -> bytes:
    # Refused before any GraphQL ran: no `data` key (GraphQL over HTTP §Response).
    return json.dumps(
        {"errors": [{"message": message, "extensions": {"code": code}}]},
        ensure_ascii=False,
    ).encode()


class RequestLog:
    """Assigns the request id and logs one JSON line per HTTP request when it ends: request id, the
    serving process's id, method, path, status, GraphQL operation name (cut to 40 characters), viewer,
    outcome and duration. Each answer carries `X-Request-Id` and `Server-Timing: app;dur=<ms>` (the time
    from the request's arrival to the answer's start)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"x-request-id")
        request_id = request_id_of(state, raw.decode("latin-1") if raw else None)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # The server's own time to the answer (W3C Server Timing), for clients and harnesses
                # that must tell it from their own queueing and network time.
                elapsed = (time.perf_counter() - started) * 1000
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                    (b"server-timing", f"app;dur={elapsed:.1f}".encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                json.dumps(
                    {
                        "event": "request",
                        # The client may choose its request id, and name its operation: masked too.
                        "requestId": _masked_numbers(request_id),
                        # Which worker served it, when `swtalent serve --workers N` runs several.
                        "pid": os.getpid(),
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        # The operation's name is the client's text: a 5,000-character one is cut short.
                        "operation": _masked_numbers(_cut(state.get("operation"))),
                        # A username may be the person's ID number (people sign up with it): masked.
                        "viewer": _masked_numbers(state.get("viewer")),
                        "outcome": state.get("outcome", "ok" if status < 400 else "error"),
                        "durationMs": round((time.perf_counter() - started) * 1000, 1),
                    },
                    ensure_ascii=False,
                )
            )


def _cut(value: object) -> object:
    return echoed(value) if isinstance(value, str) else value


# A run of digits as long as a phone number or longer (an ID number's 17 digits and check character, a
# bank account), also written in groups (`532301-19880512-0013`, `6222 0212 3456`): personal data that a
# log, read by operators and kept for months, must not hold.
_LONG_NUMBER: Final = re.compile(r"\d(?:[-._ ]?\d){10,}[xX]?")


def _masked_numbers(value: object) -> object:
    """`value` with each long run of digits masked as the registry masks ID numbers (`5323**********1234`)."""
    if not isinstance(value, str):
        return value
    return _LONG_NUMBER.sub(lambda number: mask_id_card_number(number[0]), value)


class BodyLimit:
    """Refuses request bodies past the limit (multipart uploads have their own, larger limit) with
    413 and a LIMIT_EXCEEDED error, whether the size is declared up front or only seen streaming."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        is_upload = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = self.max_upload_bytes if is_upload else self.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
            await self._refuse(scope, send, limit)
            return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not response_started:
                await self._refuse(scope, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, limit: int) -> None:
        scope.setdefault("state", {})["outcome"] = "limit_exceeded"
        # Said in MiB, as people size files (an upload's limit holds all its files together).
        size = f"{limit / 1024 / 1024:g} MiB" if limit >= 1024 * 1024 else f"{limit} 字节"
        body = _error_body(f"请求体超过 {size} 的上限", "LIMIT_EXCEEDED")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
