"""rasa_patches/action_connection.py: one kept connection to the action server, and a
connection the server has closed meanwhile is replaced without the person noticing."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig
from stack import free_port

from rasa_patches import action_connection


@pytest.fixture(autouse=True)
def installed():
    action_connection.install()
    yield
    action_connection.uninstall()


class ActionServerStub:
    """A tiny HTTP server that records which TCP connection each request came on."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.peers: list[tuple] = []
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        async def webhook(request: web.Request) -> web.Response:
            self.peers.append(request.transport.get_extra_info("peername"))
            return web.json_response({"events": [], "responses": [{"text": "svar"}], "token": request.query.get("token")})

        app = web.Application()
        app.router.add_post("/webhook", webhook)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        await self.runner.cleanup()


def run(scenario):
    async def main():
        port = free_port()
        stub = ActionServerStub(port)
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", token="geheim")
        try:
            return await scenario(stub, endpoint)
        finally:
            await action_connection.close_all()
            if stub.runner:
                await stub.stop()

    return asyncio.run(main())


def test_requests_share_one_connection_and_keep_rasas_parameters():
    async def scenario(stub, endpoint):
        await stub.start()
        answers = [await endpoint.request(json={"next_action": "x"}, method="post") for _ in range(3)]
        return stub.peers, answers

    peers, answers = run(scenario)
    assert len(peers) == 3 and len(set(peers)) == 1
    assert all(a["responses"] == [{"text": "svar"}] and a["token"] == "geheim" for a in answers)


def test_an_action_server_restart_is_bridged_by_one_retry():
    async def scenario(stub, endpoint):
        await stub.start()
        await endpoint.request(json={}, method="post")
        await stub.stop()  # closes the kept connection
        stub2 = ActionServerStub(stub.port)
        await stub2.start()
        try:
            answer = await endpoint.request(json={}, method="post")
        finally:
            await stub2.stop()
        return answer, stub2.peers

    answer, peers = run(scenario)
    assert answer["responses"] == [{"text": "svar"}]
    assert len(peers) == 1


def test_an_action_server_that_is_down_still_fails_as_in_rasa():
    async def scenario(stub, endpoint):
        with pytest.raises(aiohttp.ClientConnectorError):
            await endpoint.request(json={}, method="post")
        await stub.start()
        await endpoint.request(json={}, method="post")
        await stub.stop()
        with pytest.raises(aiohttp.ClientConnectorError):
            await endpoint.request(json={}, method="post")  # kept connection gone, retry refused too
        return True

    assert run(scenario)
