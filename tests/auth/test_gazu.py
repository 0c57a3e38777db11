"""The gazu client's own auth calls against a live server: log in, host checks, refresh on expiry, log out."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import gazu
import pytest
import uvicorn
from gazu.exception import AuthFailedException, NotAuthenticatedException

from tenko.app import create_app
from tenko.auth.tokens import TokenCodec
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Backend

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_url(server: Backend) -> Iterator[str]:
    """A second app on the test database, served by uvicorn in a thread (gazu speaks blocking HTTP)."""
    port = free_port()
    config = uvicorn.Config(create_app(server.settings), host="127.0.0.1", port=port, log_level="warning")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not live.started:
        assert time.monotonic() < deadline, "the live server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/api"
    live.should_exit = True
    thread.join(timeout=10)


async def blocking(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.to_thread(call, *args, **kwargs)


async def test_gazu_host_checks(live_url: str) -> None:
    client = gazu.client.create_client(live_url)
    assert await blocking(gazu.client.host_is_up, client)
    assert await blocking(gazu.client.host_is_valid, client)


async def test_gazu_log_in_and_out(live_url: str) -> None:
    client = gazu.client.create_client(live_url)
    tokens = await blocking(gazu.log_in, ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
    assert tokens["login"] is True
    user = await blocking(gazu.client.get_current_user, client)
    assert user["email"] == ADMIN_EMAIL
    with pytest.raises(AuthFailedException):
        await blocking(gazu.log_in, ADMIN_EMAIL, "wrong-password", client=gazu.client.create_client(live_url))
    access = client.access_token
    assert access is not None
    await blocking(gazu.log_out, client)
    # the token gazu held is refused from now on
    client.access_token = access
    with pytest.raises(NotAuthenticatedException):
        await blocking(gazu.client.get_current_user, client)


async def test_gazu_refreshes_an_expired_token(live_url: str, server: Backend) -> None:
    client = gazu.client.create_client(live_url, use_refresh_token=True)
    await blocking(gazu.log_in, ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
    user_id = uuid.UUID((await blocking(gazu.client.get_current_user, client))["id"])
    expired = TokenCodec(server.settings.resolved_secret_key(), -1, 1).issue(user_id, "access")
    client.access_token = expired
    user = await blocking(gazu.client.get_current_user, client)
    assert user["id"] == str(user_id)
    assert client.access_token != expired
