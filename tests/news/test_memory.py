"""Memory a pass freed goes back to the operating system, not just back to the allocator."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

_PROBE = """
from news.memory import release_free_memory

def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024

blocks = [bytes(4096) for _ in range(16_000)]  # 64 MB in blocks malloc keeps in its heap
keep = bytes(4096)  # allocated last: the heap cannot shrink from its top past it
del blocks
freed = rss_mb()
release_free_memory()
print(freed - rss_mb())
"""


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_freed_heap_memory_is_returned_to_the_system() -> None:
    # A fresh interpreter: the test run's own heap would blur the figure.
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=60)
    assert float(done.stdout) > 40  # of the 64 MB freed, without the call none leaves the process
