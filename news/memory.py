"""Giving the memory a pipeline pass freed back to the operating system.

A pass allocates and frees tens of megabytes in blocks of every size: feed bodies and the
decompression steps that produce them, parsed entries, article texts, similarity matrices. glibc's
malloc keeps freed blocks for reuse inside its heaps, and a heap shrinks only from its top, so
once a pass has left one live block high in a heap, everything freed beneath it stays in the
process's RSS: the bot grew a few megabytes a pass, and a pass over hostile feeds entered its
summarizing stage with ~30 MB of freed memory still resident. ``malloc_trim(0)`` hands every
free page of every heap back (glibc 2.8 and later), in a few milliseconds.

Called after the feed poll and at the end of each pass (``news.service``). Elsewhere than glibc
(musl, macOS) there is nothing to call, and this does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

__all__ = ["release_free_memory"]

log = logging.getLogger(__name__)


def release_free_memory() -> None:
    """Return the free pages of the C heap to the operating system (glibc only; else a no-op)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    # Imported here: the service imports this module at start-up, the first pass calls it.
    import ctypes
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        log.debug("malloc_trim not available; freed memory stays with the allocator")
        return None
    return function
