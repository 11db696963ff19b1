"""Streaming ZIP archives: written entry by entry and chunk by chunk, handed out as they grow
(exports, press kits, a dossier's files), so nothing is held in memory but a chunk."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 256 * 1024


class ZipSink:
    """A write-only byte stream for zipfile: what was written is taken out after each entry.
    It cannot seek, so zipfile writes data descriptors and never goes back."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = bytes(self._buffer)
        self._buffer.clear()
        return data


def write_streamed(
    archive: zipfile.ZipFile, sink: ZipSink, name: str, source: BinaryIO
) -> Iterator[bytes]:
    """Copy `source` into the entry `name` chunk by chunk, yielding the archive's bytes."""
    with archive.open(zipfile.ZipInfo(name), "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            target.write(chunk)
            yield sink.take()
    yield sink.take()
