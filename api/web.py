"""The built web front end (web/dist, made by `make web`): its hashed assets under `/assets`, and
`index.html` for every page path, since the Vue router uses history mode (`/courses/…`, `/me/hours`)
and a reload or a shared link must land on the app, not a 404.

Everything the pages need comes from this origin: the app runs on closed government networks (政务内网).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

# Paths owned by the API: an unknown address under them is a 404, never the app's page.
API_PREFIXES: Final = ("/graphql", "/exports/", "/files/", "/healthz", "/readyz", "/assets/")

NOT_BUILT: Final = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>楚雄州社会工作专业人才培训与认证管理系统</title></head>
<body><h1>楚雄州社会工作专业人才培训与认证管理系统</h1>
<p>网页前端尚未构建：请在项目目录运行 <code>make run</code>（或 <code>make web</code>）后刷新。
GraphQL 接口 <code>POST /graphql</code> 照常可用。</p></body></html>
"""

# index.html names the current hashed assets: it is always revalidated, the assets are immutable.
NO_CACHE: Final = {"Cache-Control": "no-cache"}


def page(dist: Path, name: str) -> Response:
    """`dist/<name>` (an entry HTML file of the build), or a 503 page in Chinese saying how to build it."""
    path = dist / name
    if not path.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503)
    return FileResponse(path, media_type="text/html; charset=utf-8", headers=NO_CACHE)


def routes(dist: Path) -> list[BaseRoute]:
    """The front end's routes, to be placed after every API route: `/assets/*` (static, from the build)
    and the history-mode fallback `GET /{path}` → index.html."""

    async def app_page(request: Request) -> Response:
        path = request.url.path
        if path.startswith(API_PREFIXES):
            return JSONResponse(
                {"errors": [{"message": f"没有这个地址：{path[:200]}", "extensions": {"code": "NOT_FOUND"}}]},
                status_code=404,
            )
        return page(dist, "index.html")

    return [
        Mount("/assets", app=StaticFiles(directory=dist / "assets", check_dir=False), name="assets"),
        Route("/{path:path}", app_page, methods=["GET", "HEAD"]),
    ]


__all__ = ["page", "routes"]
