"""`swtalent serve` answers without waiting on Nagle's algorithm, however uvicorn bound its socket
(api/serving.py, #14)."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from api.serving import NoDelayHttpToolsProtocol


async def app(scope: object, receive: object, send: object) -> None:
    raise AssertionError("no request is sent")


async def nodelay_of_accepted(protocol_class: type[HttpToolsProtocol]) -> int:
    """Accepts one connection on a socket bound as uvicorn binds it for several workers (protocol
    number 0); TCP_NODELAY of the connection the server accepted."""
    config = Config(app=app, log_config=None, lifespan="off")
    config.load()
    state = ServerState()
    made: list[HttpToolsProtocol] = []

    def factory() -> HttpToolsProtocol:
        protocol = protocol_class(config=config, server_state=state, app_state={})
        made.append(protocol)
        return protocol

    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn's bind_socket
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    server = await asyncio.get_running_loop().create_server(factory, sock=listening)
    try:
        _, writer = await asyncio.open_connection(*listening.getsockname())
        for _ in range(500):  # the server accepts on a later turn of the loop
            if made:
                break
            await asyncio.sleep(0.01)
        accepted = made[0].transport.get_extra_info("socket")
        nodelay = int(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()
        await writer.wait_closed()
        return nodelay
    finally:
        server.close()
        await server.wait_closed()


async def test_uvicorns_own_protocol_leaves_nagle_on_for_such_a_socket() -> None:
    # Why serving.py exists: without it the accepted connection keeps Nagle's algorithm.
    assert await nodelay_of_accepted(HttpToolsProtocol) == 0


async def test_the_served_protocol_turns_nagle_off() -> None:
    assert await nodelay_of_accepted(NoDelayHttpToolsProtocol) != 0
