"""ASGI middleware: the browser-facing security headers on every HTTP response the app sends.

- HTML pages (the built front end, the GraphQL IDE, the 503 "not built" page) get `PAGE_POLICY`, a
  Content-Security-Policy that the Vite build satisfies (tests/web/test_content_security_policy.py):
  every script is a file from this origin (no inline `<script>`, no `eval`), and nothing loads from
  anywhere else (the app runs on closed government networks, 政务内网, and a script injected through a
  stored name could not call out).
- Every other response (GraphQL JSON, exports, evidence files, static assets) gets `RESOURCE_POLICY`,
  which lets nothing run or load: a JSON body or an uploaded file opened directly in a tab is inert.
- All responses: `X-Content-Type-Options: nosniff` (a file is what its Content-Type says, never sniffed
  into HTML or script), `Referrer-Policy: no-referrer` (addresses carry Relay IDs of people and
  applications, which must not leak to another site), `X-Frame-Options: DENY` (the older browsers'
  form of `frame-ancestors 'none'`: no page of the app can be framed, so no click-jacking).

No `Strict-Transport-Security`: TLS is ended in front of the app by the office's own reverse proxy,
which is where HSTS belongs (the app itself is served on plain HTTP to 127.0.0.1 and the LAN).

A header a route set itself is kept (the evidence download sets its own `X-Content-Type-Options`).
"""

from __future__ import annotations

from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY: Final = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Vue, Element Plus and ECharts style elements through the CSSOM (`el.style.x = …`,
        # `style.cssText`, vue-echarts' constructed stylesheet), which CSP does not govern, so no
        # 'unsafe-inline' is needed: the one library that added <style> elements (react-style-singleton,
        # in GraphiQL's dialogs) is replaced in the build by web/src/lib/styleSingleton.ts. A browser
        # test (tests/web/test_content_security_policy.py) proves the pages run with no violation.
        "style-src 'self'",
        # The favicon is `data:,` and the Element Plus / GraphiQL stylesheets embed small PNGs.
        "img-src 'self' data:",
        # GraphiQL's stylesheet embeds its fonts as data: URLs.
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

RESOURCE_POLICY: Final = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

COMMON_HEADERS: Final[tuple[tuple[bytes, bytes], ...]] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


def headers_for(content_type: bytes) -> list[tuple[bytes, bytes]]:
    """The security headers for a response of `content_type` (lower-case bytes, possibly empty)."""
    policy = PAGE_POLICY if content_type.startswith(b"text/html") else RESOURCE_POLICY
    return [(b"content-security-policy", policy.encode()), *COMMON_HEADERS]


class SecurityHeaders:
    """Adds the security headers (see the module) to each HTTP response as it starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = next((v.lower() for n, v in headers if n.lower() == b"content-type"), b"")
                headers.extend(h for h in headers_for(content_type) if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


__all__ = ["PAGE_POLICY", "RESOURCE_POLICY", "SecurityHeaders", "headers_for"]
