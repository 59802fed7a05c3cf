"""Polite, bounded HTTP GETs for feeds and pages (httpx, async): the one meaning of "fetch".

Every request goes through one :class:`Fetcher`, which enforces what a news crawler owes the
sites it reads and what it owes itself:

* a global concurrency limit and a per-host limit (``fetch_concurrency``, ``fetch_per_host``), so
  fifty feeds on one site do not hammer it;
* one deadline for the whole request, redirects included (``fetch_timeout_seconds`` from the
  first byte asked for to the last received): a server dripping one byte a second would
  otherwise never trip a read timeout, and a chain of slow redirects would multiply it;
* a maximum body size counted on the *decoded* bytes, so a gzip bomb stops at the limit too:
  gzip and deflate are decoded here, in steps that never produce more than the limit allows, and
  any other content coding (brotli, zstd: not asked for, not decodable here) is refused, never
  taken for the body;
* redirects followed by hand (at most :data:`MAX_REDIRECTS`) with the SSRF guard re-checked at
  every hop, and the connected socket's address checked again (``news.ingest.transport``);
* a User-Agent naming newsbrief, and conditional GET: ETag / Last-Modified in, 304 out.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import urljoin

from config import Settings
from news.errors import FetchError
from news.ingest.netguard import URLPolicy, check_url_async, split_host_port

if TYPE_CHECKING:
    import httpx

__all__ = ["FEED_ACCEPT", "MAX_REDIRECTS", "PAGE_ACCEPT", "FetchResult", "Fetcher", "policy_for"]

MAX_REDIRECTS = 5
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Content codings decoded here (by zlib, with a bound on the output of every step).
ACCEPT_ENCODING = "gzip, deflate"
_DECODED = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_STEP = 65_536  # decoded bytes produced per decompress call


def policy_for(settings: Settings, trusted_hosts: Iterable[str] = ()) -> URLPolicy:
    return URLPolicy(
        allow_private=settings.allow_private_urls,
        trusted_hosts=frozenset(h.lower() for h in trusted_hosts),
    )


@dataclass(slots=True, frozen=True)
class FetchResult:
    """One successful GET: the final URL after redirects, and the body unless 304."""

    url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _content_type(headers: httpx.Headers) -> tuple[str, str | None]:
    raw = headers.get("content-type", "")
    kind, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip().strip("\"'") or None
    return kind.strip().lower(), charset


async def _inflate(raw: AsyncIterator[bytes], wbits: int, url: str) -> AsyncIterator[bytes]:
    """Decode gzip/deflate a step at a time: each step yields at most ``_STEP`` bytes, so the
    caller's size limit stops a bomb before it is expanded (a 64 KB chunk of zeros would
    otherwise become 64 MB in one call)."""
    decoder = zlib.decompressobj(wbits)
    first = True
    try:
        async for chunk in raw:
            data = chunk
            while data:
                try:
                    out = decoder.decompress(data, _STEP)
                except zlib.error:
                    if first and wbits == zlib.MAX_WBITS:  # "deflate" sent raw, without zlib's header
                        decoder, wbits = zlib.decompressobj(-zlib.MAX_WBITS), -zlib.MAX_WBITS
                        continue
                    raise
                first = False
                if out:
                    yield out
                data = decoder.unconsumed_tail
                if decoder.eof and decoder.unused_data:  # another gzip member follows
                    data = decoder.unused_data
                    decoder = zlib.decompressobj(wbits)
                elif decoder.eof:
                    data = b""
        tail = decoder.flush()
        if tail:
            yield tail
    except zlib.error as exc:
        raise FetchError(f"{url}: the compressed body is corrupt ({exc})") from None


class Fetcher:
    """An httpx.AsyncClient with newsbrief's limits; use as ``async with Fetcher(settings)``.

    ``transport`` replaces the guarded one (tests, mocks); the per-connection peer check then no
    longer applies, the pre-request check on every hop still does.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        policy: URLPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.policy = policy or policy_for(settings)
        self.timeout = settings.fetch_timeout_seconds
        self.max_bytes = settings.fetch_max_bytes
        self.per_host = settings.fetch_per_host
        import httpx  # slow (~0.2 s with httpcore): only needed once something is fetched

        from news.ingest.transport import guarded_transport

        limits = httpx.Limits(
            max_connections=settings.fetch_concurrency,
            max_keepalive_connections=settings.fetch_concurrency,
        )
        self._client = httpx.AsyncClient(
            transport=transport or guarded_transport(self.policy, limits),
            timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,
        )
        self._global = asyncio.Semaphore(settings.fetch_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def _host_slot(self, host: str, port: int) -> asyncio.Semaphore:
        key = f"{host}:{port}"
        slot = self._hosts.get(key)
        if slot is None:
            slot = self._hosts[key] = asyncio.Semaphore(self.per_host)
        return slot

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = PAGE_ACCEPT,
    ) -> FetchResult:
        """GET a URL within the limits; raise FetchError (BlockedURLError) with a clear line."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        deadline: float | None = None  # set when the first hop starts (waiting for a slot is free)
        for _hop in range(MAX_REDIRECTS + 1):
            await check_url_async(current, self.policy)
            host, port = split_host_port(current)
            # The host slot first: waiting for a busy host must not hold a global slot.
            async with self._host_slot(host, port), self._global:
                if deadline is None:
                    deadline = asyncio.get_running_loop().time() + self.timeout
                result, location = await self._one_hop(current, headers, deadline)
            if result is not None:
                return result
            assert location is not None
            current = location
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    async def _one_hop(
        self, url: str, headers: dict[str, str], deadline: float
    ) -> tuple[FetchResult | None, str | None]:
        import httpx  # loaded by __init__ already; imported here for its exception types

        try:
            async with asyncio.timeout_at(deadline):
                async with self._client.stream("GET", url, headers=headers) as response:
                    if response.status_code in _REDIRECTS:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{url}: HTTP {response.status_code} without Location")
                        return None, urljoin(url, location)
                    if response.status_code >= 400:
                        raise FetchError(
                            f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
                        )
                    body = b"" if response.status_code == 304 else await self._read(url, response)
                    kind, charset = _content_type(response.headers)
                    return FetchResult(
                        url=url,
                        status=response.status_code,
                        content=body,
                        content_type=kind,
                        charset=charset,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    ), None
        except TimeoutError:
            raise FetchError(f"{url}: timed out after {self.timeout:g} s") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out after {self.timeout:g} s") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc or 'request failed'}") from None

    async def _read(self, url: str, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(self._too_large(url, f"{int(declared):,} bytes declared"))
        codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in _DECODED):
            raise FetchError(f"{url}: the server sent content encoded as {', '.join(codings)!r}, "
                             f"which newsbrief does not read (it asks for {ACCEPT_ENCODING})")
        chunks: list[bytes] = []
        size = 0
        raw = response.aiter_raw()
        stream = _inflate(raw, _DECODED[codings[0]], url) if codings else raw
        async for chunk in stream:
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(self._too_large(url, f"over {self.max_bytes:,} bytes"))
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str, what: str) -> str:
        return (
            f"{url}: response too large ({what}, limit {self.max_bytes:,}; "
            "raise NEWSBRIEF_FETCH_MAX_BYTES to accept it)"
        )
