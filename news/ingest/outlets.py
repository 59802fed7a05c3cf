"""Outlet names as a reader knows them: a site's or feed's name, else its domain, else a folder.

A reader recognises "BBC News" or "reuters.com"; they do not recognise ``003_ea29d89927213a44.txt``.
Every path that stores an article names its outlet through these helpers, so a file name never
reaches a chat.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["FALLBACK_OUTLET", "file_outlet", "host_outlet", "outlet_name"]

FALLBACK_OUTLET = "local files"  # a file with no outlet of its own, no --source, no named folder


def host_outlet(url: str | None) -> str | None:
    """The domain a reader would name ("www.bbc.co.uk" reads as "bbc.co.uk"); None without one."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").rstrip(".")
    return host.removeprefix("www.") or None


def file_outlet(path: Path) -> str:
    """A file's outlet when nothing inside it names one: the containing folder's name (people
    keep one outlet's articles in one folder), never the file's own name."""
    folder = path.resolve().parent.name.strip()
    return folder or FALLBACK_OUTLET


def outlet_name(*candidates: str | None, url: str | None = None) -> str:
    """The first non-blank candidate (a site or feed name, trimmed), else the URL's domain."""
    for candidate in candidates:
        if candidate and candidate.strip():
            return " ".join(candidate.split())
    return host_outlet(url) or FALLBACK_OUTLET
