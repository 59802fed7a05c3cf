"""The SSRF guard: address classes, schemes, every resolved address, every redirect hop, the peer."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config import Settings, load_settings
from news.errors import BlockedURLError, FetchError
from news.ingest.http import Fetcher, policy_for
from news.ingest.netguard import (
    URLPolicy,
    check_peer,
    check_url,
    check_url_async,
    is_public_address,
)
from tests.helpers.http_server import LocalServer, Reply

STRICT = URLPolicy(allow_private=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """No database needed here, so not the backend-parametrized fixture."""
    return load_settings(data_dir=tmp_path / "data")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),  # multicast
        ("240.0.0.1", False),  # reserved
        ("255.255.255.255", False),
        ("198.18.0.1", False),  # benchmarking
        ("192.0.2.1", False),  # documentation
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:8.8.8.8", True),
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # Teredo wrapping 10.0.0.1
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/",
                                 "javascript:alert(1)", "//example.com/x"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(BlockedURLError, match="only http:// and https://"):
        check_url(url, URLPolicy(allow_private=True))


def test_literal_and_named_private_hosts_refused_unless_allowed() -> None:
    for url in ("http://127.0.0.1:8080/", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
                "http://localhost/feed", "http://10.0.0.5/",
                "http://2130706433/", "http://0x7f.1/"):  # 127.0.0.1 spelled as inet_aton allows
        with pytest.raises(BlockedURLError, match="not a public internet address"):
            check_url(url, STRICT)
        check_url(url, URLPolicy(allow_private=True))
    check_url("http://127.0.0.1:8080/", URLPolicy(trusted_hosts=frozenset({"127.0.0.1:8080"})))
    with pytest.raises(BlockedURLError):  # trust is per host and port
        check_url("http://127.0.0.1:8081/", URLPolicy(trusted_hosts=frozenset({"127.0.0.1:8080"})))
    with pytest.raises(FetchError, match="no host"):
        check_url("http:///path", STRICT)


def test_every_resolved_address_must_be_public(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {
        "public.test": ["93.184.216.34", "2606:2800:220:1::1"],
        "mixed.test": ["93.184.216.34", "10.0.0.7"],  # one private answer is enough to refuse
    }

    def fake_getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    check_url("https://public.test/feed", STRICT)
    with pytest.raises(BlockedURLError, match=r"mixed\.test \(10\.0\.0\.7\)"):
        check_url("https://mixed.test/feed", STRICT)
    with pytest.raises(FetchError, match="cannot resolve"):
        check_url("https://nowhere.test/", STRICT)

    async def via_loop() -> None:
        await check_url_async("https://public.test/feed", STRICT)
        with pytest.raises(BlockedURLError):
            await check_url_async("https://mixed.test/feed", STRICT)

    asyncio.run(via_loop())


def test_peer_check() -> None:
    check_peer("news.test", 443, "93.184.216.34", STRICT)
    with pytest.raises(BlockedURLError):
        check_peer("news.test", 443, "192.168.0.10", STRICT)
    with pytest.raises(BlockedURLError):
        check_peer("news.test", 443, None, STRICT)


def _get(settings: Settings, url: str, policy: URLPolicy) -> Any:
    async def run() -> Any:
        async with Fetcher(settings, policy=policy) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(run())


def test_redirect_to_a_private_address_is_refused_though_the_first_hop_was_allowed(
    settings: Settings, server: LocalServer
) -> None:
    """The first host is trusted explicitly; the redirect's hosts are not, and are loopback/link-local.

    Trusting only 127.0.0.1:<port> stands in for "a public site": the guard must judge the redirect
    target on its own, not inherit the first hop's verdict.
    """
    trusted = policy_for(settings, [server.host])
    server.route("/feed", Reply("<rss/>", content_type="application/rss+xml"))
    server.route("/to-localhost", Reply(redirect=f"http://localhost:{server.port}/feed"))
    server.route("/to-metadata", Reply(redirect="http://169.254.169.254/latest/meta-data/", status=301))
    server.route("/relative", Reply(redirect="/feed", status=308))

    assert _get(settings, server.url("/relative"), trusted).url == server.url("/feed")
    with pytest.raises(BlockedURLError, match="localhost"):
        _get(settings, server.url("/to-localhost"), trusted)
    with pytest.raises(BlockedURLError, match=r"169\.254\.169\.254"):
        _get(settings, server.url("/to-metadata"), trusted)
    assert server.hits("/feed") == 1  # only the allowed relative redirect reached it


def test_redirect_loops_stop(settings: Settings, server: LocalServer) -> None:
    server.route("/loop", Reply(redirect="/loop"))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        _get(settings, server.url("/loop"), URLPolicy(allow_private=True))
    assert server.hits("/loop") == 6


def test_connected_address_is_checked_even_when_dns_looked_public(
    settings: Settings, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the pre-check saw a public answer, the socket reached loopback anyway."""
    server.route("/feed", Reply("<rss/>"))

    async def looked_public(url: str, policy: URLPolicy) -> None:
        return None

    monkeypatch.setattr("news.ingest.http.check_url_async", looked_public)
    with pytest.raises(BlockedURLError, match="not a public internet address"):
        _get(settings, server.url("/feed"), STRICT)
    assert server.hits("/feed") == 0  # connected, refused before a request was sent
