"""The guarded httpx transport: the SSRF guard checks the address each connection reached.

Kept apart from ``news.ingest.http`` so that importing the news core does not import httpx and
httpcore (~0.2 s): ``Fetcher`` imports this module when it is first made.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from news.errors import BlockedURLError
from news.ingest.netguard import URLPolicy, check_peer

__all__ = ["guarded_transport"]


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Checks the address each new connection actually reached (defeats DNS rebinding)."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, policy: URLPolicy) -> None:
        self._inner = inner
        self._policy = policy

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        peer = stream.get_extra_info("server_addr")
        try:
            check_peer(host, port, str(peer[0]) if peer else None, self._policy)
        except BlockedURLError:
            await stream.aclose()
            raise
        return stream

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedURLError("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(policy: URLPolicy, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    # httpx offers no public hook for the network backend; the pool attribute is stable across
    # httpx 0.27-0.28 (pinned in pyproject). Without it the pre-request check still applies.
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if pool is not None and backend is not None:
        pool._network_backend = _GuardedBackend(backend, policy)
    return transport
