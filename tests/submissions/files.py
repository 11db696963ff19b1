"""Test files built in memory: real formats made with Pillow and zipfile, and bad ones."""

import io
import random
import struct
import zipfile
import zlib

from PIL import Image

_OOXML = "application/vnd.openxmlformats-officedocument."
# kind: (main part, its content type, the part's minimal XML)
OOXML_PARTS = {
    "docx": (
        "word/document.xml",
        _OOXML + "wordprocessingml.document.main+xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Hồ sơ dự thi</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        "xl/workbook.xml",
        _OOXML + "spreadsheetml.sheet.main+xml",
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheets/></workbook>",
    ),
    "pptx": (
        "ppt/presentation.xml",
        _OOXML + "presentationml.presentation.main+xml",
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}
MACRO_WORD_CONTENT_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def big_pdf(size: int) -> bytes:
    """A PDF-like file of exactly ``size`` bytes: header, filler, end marker."""
    head, tail = b"%PDF-1.7\n", b"\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


def noise(size: tuple[int, int], *, seed: int = 7) -> Image.Image:
    """An RGB picture of random pixels: it compresses badly, so its files are not tiny."""
    width, height = size
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(width * height * 3))


def jpeg(size: tuple[int, int] = (64, 48), *, orientation: int | None = None) -> bytes:
    buffer = io.BytesIO()
    image = noise(size)
    exif = image.getexif()
    if orientation is not None:
        exif[0x0112] = orientation  # EXIF Orientation
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png(size: tuple[int, int] = (64, 48), *, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    image = noise(size) if mode == "RGB" else Image.new(mode, size)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def transparent_png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (255, 0, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def bomb_png(size: tuple[int, int] = (20_000, 20_000)) -> bytes:
    """Huge dimensions in a few KB: a 1-bit image of zeros compresses almost to nothing."""
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    return buffer.getvalue()


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def truncated_png() -> bytes:
    """Every chunk well formed, but the pixel data stops halfway: only decoding notices."""
    data = png((200, 150))
    chunks = png_chunks(data)
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    header = next(body for kind, body in chunks if kind == b"IHDR")
    return (
        data[:8]
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat[: len(idat) // 2])
        + png_chunk(b"IEND", b"")
    )


def corrupt_png() -> bytes:
    """One byte of the pixel data flipped: the chunk's CRC no longer matches."""
    data = bytearray(png())
    data[data.index(b"IDAT") + 10] ^= 0xFF
    return bytes(data)


def truncated_jpeg() -> bytes:
    data = jpeg((200, 150))
    return data[: len(data) * 4 // 5]


def ooxml(kind: str, *, content_type: str | None = None) -> bytes:
    """A minimal OOXML package: [Content_Types].xml and the main part."""
    part, main_type, xml = OOXML_PARTS[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type or main_type}"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(part, xml)
    return buffer.getvalue()


def docx_with_damaged_part() -> bytes:
    """A docx whose main part is stored uncompressed with one byte changed: its CRC fails."""
    part, main_type, xml = OOXML_PARTS["docx"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", ooxml_content_types(part, main_type))
        archive.writestr(part, xml)
    data = buffer.getvalue()
    return data.replace(b"<w:body>", b"<w:bodY>", 1)


def ooxml_content_types(part: str, content_type: str) -> str:
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


def elf_executable() -> bytes:
    # ELF64 little-endian header start, then padding as a real binary would have.
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


def pe_executable() -> bytes:
    # DOS stub "MZ", e_lfanew at 0x3c pointing at the "PE\0\0" signature.
    header = bytearray(b"MZ" + bytes(126))
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    return bytes(header) + b"PE\x00\x00" + bytes(200)


def pdf_page(size: tuple[int, int] = (595, 842)) -> bytes:
    """A real one-page PDF (Pillow writes a page holding a picture), A4 in points by default."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PDF", resolution=72)
    return buffer.getvalue()
