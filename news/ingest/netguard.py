"""The server-side request forgery guard: which URLs newsbrief may fetch.

Feeds, article links, redirects and ``/summarize`` links all come from outside, so any of them
could point the server at itself (``http://127.0.0.1:5432``), the cloud metadata service
(``http://169.254.169.254``) or the office network. A URL is refused when its scheme is not
http(s) or when *any* address its host resolves to is not globally routable, unless the operator
set ``NEWSBRIEF_ALLOW_PRIVATE_URLS``.

Two checks, because one is not enough:

* :func:`check_url` / :func:`check_url_async` resolve the host with ``getaddrinfo`` (DNS only,
  no connection) before a request and give a clear message;
* :func:`check_peer` runs on the socket actually connected (see ``news.ingest.transport``), so a
  host that answers DNS with a public address first and a private one next (DNS rebinding) is
  still caught.

``trusted_hosts`` (``"host:port"`` strings) lets an embedding program or a test name hosts that
bypass the address check; an explicit list, never a pattern.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from news.errors import BlockedURLError, FetchError

__all__ = [
    "URLPolicy",
    "check_peer",
    "check_url",
    "check_url_async",
    "is_public_address",
    "split_host_port",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_ALLOWED_SCHEMES = ("http", "https")
_HINT = "set NEWSBRIEF_ALLOW_PRIVATE_URLS=true to allow private and loopback addresses"


@dataclass(slots=True, frozen=True)
class URLPolicy:
    """What may be fetched: private addresses allowed or not, plus explicitly trusted hosts."""

    allow_private: bool = False
    trusted_hosts: frozenset[str] = field(default_factory=frozenset)

    def trusts(self, host: str, port: int) -> bool:
        return self.allow_private or f"{host.lower()}:{port}" in self.trusted_hosts


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses.

    ``is_global`` already excludes private, loopback, link-local, reserved, shared (100.64/10) and
    documentation ranges; multicast is checked separately because some multicast ranges count as
    global. IPv4 mapped or embedded in IPv6 (``::ffff:127.0.0.1``, 6to4, Teredo) is judged by the
    IPv4 address inside, the classic way round a naive check.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address.teredo is not None:
            inner = address.teredo[1]
        if inner is not None:
            return is_public_address(inner)
    if address.is_multicast or address.is_unspecified:
        return False
    return bool(address.is_global)


def split_host_port(url: str) -> tuple[str, int]:
    """Scheme-checked host and port of a URL, or BlockedURLError/FetchError saying what is wrong."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _ALLOWED_SCHEMES:
        raise BlockedURLError(
            f"{url}: only http:// and https:// URLs can be fetched (got {scheme or 'no'} scheme)"
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError(f"{url}: the URL has no host")
    return host.lower(), port or (443 if scheme == "https" else 80)


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def _refuse(url: str, host: str, address: IPAddress | str) -> BlockedURLError:
    shown = host if str(address) == host else f"{host} ({address})"
    return BlockedURLError(f"{url}: refused, {shown} is not a public internet address; {_HINT}")


def _judge(url: str, host: str, addresses: Iterable[str]) -> None:
    seen = False
    for raw in addresses:
        seen = True
        address = _literal_address(raw)
        if address is None or not is_public_address(address):
            raise _refuse(url, host, raw)
    if not seen:
        raise FetchError(f"{url}: {host} has no address")


def _sockaddr_hosts(infos: Iterable[tuple[Any, ...]]) -> list[str]:
    # getaddrinfo yields (family, type, proto, canonname, sockaddr); sockaddr[0] is the address.
    return [str(info[4][0]) for info in infos]


def _needs_lookup(url: str, policy: URLPolicy) -> tuple[str, int] | None:
    """Judge what can be judged without DNS; return (host, port) when a lookup must decide."""
    host, port = split_host_port(url)
    if policy.trusts(host, port):
        return None
    literal = _literal_address(host)
    if literal is not None:
        _judge(url, host, [str(literal)])
        return None
    return host, port


def check_url(url: str, policy: URLPolicy) -> None:
    """Refuse the URL unless every address of its host is public (or the policy trusts it).

    Resolution is DNS only (``getaddrinfo``); nothing connects. Blocks, so async code calls
    :func:`check_url_async`.
    """
    target = _needs_lookup(url, policy)
    if target is None:
        return
    host, port = target
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve {host} ({exc})") from None
    _judge(url, host, _sockaddr_hosts(infos))


async def check_url_async(url: str, policy: URLPolicy) -> None:
    """:func:`check_url` with the resolver run off the event loop."""
    target = _needs_lookup(url, policy)
    if target is None:
        return
    host, port = target
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve {host} ({exc})") from None
    _judge(url, host, _sockaddr_hosts(infos))


def check_peer(host: str, port: int, peer: str | None, policy: URLPolicy) -> None:
    """Refuse a connection whose remote address is not public (the rebinding-proof check)."""
    if policy.trusts(host, port):
        return
    if peer is None:
        raise BlockedURLError(f"{host}:{port}: refused, the connected address is unknown")
    _judge(f"{host}:{port}", host, [peer])
