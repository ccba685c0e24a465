"""The HTTP protocol `swtalent serve` runs: uvicorn's httptools protocol with Nagle's algorithm off on
every connection.

With several workers uvicorn binds the listening socket itself, with protocol number 0, and asyncio turns
TCP_NODELAY on only for sockets whose protocol is IPPROTO_TCP: every response then waited for the client's
delayed ACK, about 40 ms (#14 measured a bare route falling from 2,400 to 700 requests/s with 2 workers).
"""

from __future__ import annotations

import asyncio
import socket
from typing import Final

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# As uvicorn's `http` setting takes it: an import string, which every worker process imports.
PROTOCOL: Final = "api.serving:NoDelayHttpToolsProtocol"


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
