"""Reading bytes as text: size limit, binary detection, UTF-8 first, legacy encodings next."""

from __future__ import annotations

import codecs

from news.errors import IngestError

__all__ = ["decode_text", "looks_binary"]

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a known file signature in the head, or mostly control characters."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes, *, name: str, max_bytes: int) -> str:
    """Decode a file's bytes or raise IngestError naming the problem."""
    if len(data) > max_bytes:
        raise IngestError(
            f"{name}: too large ({len(data):,} bytes, limit {max_bytes:,}; "
            "raise NEWSBRIEF_MAX_FILE_BYTES to accept it)"
        )
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    if looks_binary(data):
        raise IngestError(f"{name}: binary file, not text")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows-1252 is what legacy newsroom files use; it is a superset of Latin-1 for text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: undecodable (neither UTF-8 nor Windows-1252)") from exc
    return text
