"""Keep one HTTP connection to the action server instead of opening one per action.

Rasa 3.6's ``EndpointConfig.request`` creates an aiohttp ``ClientSession``
(and so a new TCP connection) for every call and closes it afterwards; with a
custom action in almost every turn that was about 6 % of the Rasa server's
time per turn (py-spy, docs/profiling.md). Here each endpoint keeps one
session per event loop, with the same headers, authentication and timeout
Rasa would give it.

A kept connection can have been closed by the other side in the meantime
(the action server restarted, or dropped an idle connection). Such a request
is retried once, on a fresh session; if the action server is really down,
the retry fails the same way and Rasa reports it as before (our channel then
answers with phone numbers). Our actions only read, so a retry cannot do
anything twice. Installed by ``rasa_patches.install()`` (scripts/rasa_run.py); tests/rasa_patches/test_action_connection.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from rasa.utils.endpoints import EndpointConfig

from .patching import Patch

RASA_SESSION = EndpointConfig.__dict__["session"]
RASA_REQUEST = EndpointConfig.__dict__["request"]

# (id(endpoint), id(loop)) -> (endpoint, loop, session); the references keep the ids unique.
_sessions: dict[tuple[int, int], tuple[EndpointConfig, asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}

# Errors of a connection that was already closed when it was reused.
RETRIED = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)


class _Kept:
    """``async with`` that hands out the kept session and leaves it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _kept_session(endpoint: EndpointConfig) -> aiohttp.ClientSession | None:
    entry = _sessions.get((id(endpoint), id(asyncio.get_running_loop())))
    return entry[2] if entry and not entry[2].closed else None


def _drop(endpoint: EndpointConfig) -> None:
    entry = _sessions.pop((id(endpoint), id(asyncio.get_running_loop())), None)
    if entry and not entry[2].closed:
        asyncio.get_running_loop().create_task(entry[2].close())


def session(self: EndpointConfig) -> _Kept:
    kept = _kept_session(self)
    if kept is None:
        loop = asyncio.get_running_loop()
        kept = RASA_SESSION(self)
        _sessions[(id(self), id(loop))] = (self, loop, kept)
    return _Kept(kept)


async def request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any | None:
    reused = _kept_session(self) is not None
    try:
        return await RASA_REQUEST(self, *args, **kwargs)
    except RETRIED:
        _drop(self)
        if not reused:
            raise
        return await RASA_REQUEST(self, *args, **kwargs)


async def close_all() -> None:
    """Close the kept sessions of the running loop (server shutdown, tests)."""
    loop = asyncio.get_running_loop()
    for key, (_, owner, kept) in list(_sessions.items()):
        if owner is loop:
            del _sessions[key]
            await kept.close()


_patch = Patch(EndpointConfig, session=session, request=request)
install, uninstall = _patch.install, _patch.uninstall
