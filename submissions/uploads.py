"""Inspection of uploaded dossier documents: type by content, size, name, image safety.

``inspect_upload`` is the single gate a form calls (from ``clean_<field>``) before anything is
stored. It trusts neither the browser's file name nor its Content-Type: the kind comes from the
bytes. Each refusal is a ``ValidationError`` with its own ``code``, so forms and tests can tell
them apart. ``OversizedUpload`` is what ``UploadLimitHandler`` leaves in ``request.FILES`` for a
file it cut off; ``inspect_upload`` refuses it as ``too_large`` like any other oversized file.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

Kind = Literal["pdf", "jpeg", "png", "docx", "xlsx", "pptx"]

MIB = 1024 * 1024
CHUNK_SIZE = 64 * 1024
MAX_NAME_LENGTH = 200
# Stored names must fit a 255-byte file name (ext4) and a FileField path; Vietnamese letters
# take 2-3 bytes each in UTF-8.
SAFE_NAME_MAX_BYTES = 150
MAX_IMAGE_PIXELS = 40_000_000
# Bounds on the OOXML parts we decompress, against zip bombs.
MAX_CONTENT_TYPES_BYTES = 1 * MIB
MAX_MAIN_PART_BYTES = 256 * MIB
# Acrobat accepts a PDF whose %%EOF is within its last 1024 bytes; a shorter file was cut off.
PDF_TAIL_BYTES = 1024


@dataclass(frozen=True, slots=True)
class KindInfo:
    extension: str
    content_type: str
    label: str


KINDS: dict[str, KindInfo] = {
    "pdf": KindInfo("pdf", "application/pdf", "PDF"),
    "jpeg": KindInfo("jpg", "image/jpeg", "JPEG"),
    "png": KindInfo("png", "image/png", "PNG"),
    "docx": KindInfo(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    "xlsx": KindInfo(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
    ),
    "pptx": KindInfo(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint (PPTX)",
    ),
}
ALL_KINDS: frozenset[str] = frozenset(KINDS)
IMAGE_KINDS: frozenset[str] = frozenset({"jpeg", "png"})

_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}
# The main part and its content type as declared in [Content_Types].xml. Matching the exact
# content type also refuses the macro-enabled variants (docm, xlsm, pptm) and templates.
_OOXML_MAIN_PARTS: tuple[tuple[Kind, str, str], ...] = (
    ("docx", "word/document.xml", "wordprocessingml.document.main+xml"),
    ("xlsx", "xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    ("pptx", "ppt/presentation.xml", "presentationml.presentation.main+xml"),
)
_OOXML_PREFIX = "application/vnd.openxmlformats-officedocument."
_CONTENT_TYPES = "[Content_Types].xml"

_MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is too large: each file may be at most %(limit)s MB."),
    "unsupported_type": _("This type of file is not accepted. Accepted types: %(types)s."),
    "kind_not_allowed": _("A %(kind)s file is not accepted here. Accepted types: %(types)s."),
    "corrupt_image": _("The image is damaged or incomplete and cannot be opened."),
    "image_bomb": _("The image is too large: at most %(limit)s megapixels are accepted."),
    "corrupt_document": _("The document is damaged or incomplete and cannot be opened."),
    "bad_name_path": _("The file name must not contain a folder path (“/”, “\\” or “..”)."),
    "name_too_long": _(
        "The file name is too long: at most %(limit)s characters are allowed (it has %(length)s)."
    ),
    "bad_name_encoding": _(
        "The file name contains unreadable or control characters. "
        "Rename the file and upload it again."
    ),
}


@dataclass(frozen=True, slots=True)
class InspectedUpload:
    kind: Kind
    content_type: str
    size: int
    sha256: str
    safe_name: str
    is_image: bool


class OversizedUpload(UploadedFile):
    """A file that UploadLimitHandler stopped storing: its name and true size, no content."""

    def __init__(
        self,
        *,
        name: str,
        size: int,
        content_type: str | None = None,
        charset: str | None = None,
        content_type_extra: dict | None = None,
    ) -> None:
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


def max_upload_bytes() -> int:
    return getattr(settings, "VDA_MAX_UPLOAD_BYTES", 20 * MIB)


def max_dossier_bytes() -> int:
    return getattr(settings, "VDA_MAX_DOSSIER_BYTES", 100 * MIB)


def inspect_upload(
    uploaded_file: File, *, max_bytes: int, allowed_kinds: frozenset[str] | None = None
) -> InspectedUpload:
    """Check name, then size, then content; raise ValidationError on the first failure."""
    allowed = ALL_KINDS if allowed_kinds is None else allowed_kinds
    if not allowed <= ALL_KINDS:
        raise ValueError(f"Unknown kinds: {sorted(allowed - ALL_KINDS)}")
    name = uploaded_file.name or ""
    _check_name(name)
    _check_declared_size(uploaded_file, max_bytes=max_bytes)
    size, sha256, head, tail = _stream(uploaded_file, max_bytes=max_bytes)
    kind = _detect_kind(uploaded_file, head=head, tail=tail, allowed=allowed)
    if kind not in allowed:
        raise _refuse("kind_not_allowed", kind=KINDS[kind].label, types=_labels(allowed))
    if kind in IMAGE_KINDS:
        _check_image(uploaded_file, kind=kind)
    return InspectedUpload(
        kind=kind,
        content_type=KINDS[kind].content_type,
        size=size,
        sha256=sha256,
        safe_name=sanitize_name(name, kind=kind),
        is_image=kind in IMAGE_KINDS,
    )


def sanitize_name(name: str, *, kind: str) -> str:
    """Return a storable name: NFC, tidy characters, the canonical extension of ``kind``."""
    name = unicodedata.normalize("NFC", name)
    stem, dot, _extension = name.rpartition(".")
    if not dot:
        stem = name
    stem = " ".join(stem.split())
    stem = "".join(char if char.isalnum() or char in " .-_()" else "_" for char in stem)
    extension = KINDS[kind].extension
    # Leading dots would hide the file, trailing dots and spaces are dropped by Windows.
    stem = _truncate_utf8(stem.strip(" ."), SAFE_NAME_MAX_BYTES - len(extension) - 1)
    return f"{stem.rstrip(' .') or 'document'}.{extension}"


def make_thumbnail(uploaded_file: File, *, size: tuple[int, int] = (320, 320)) -> ContentFile:
    """A JPEG preview within ``size``; call it only on a file inspect_upload found an image."""
    uploaded_file.seek(0)
    with Image.open(uploaded_file, formats=list(_PIL_FORMATS.values())) as image:
        image.draft("RGB", size)  # JPEG: let the decoder scale down, far cheaper than resizing
        picture = _flatten(ImageOps.exif_transpose(image))
    uploaded_file.seek(0)
    picture.thumbnail(size)
    buffer = io.BytesIO()
    # A new JPEG carries no EXIF: the preview does not leak the camera's GPS position.
    picture.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name="thumbnail.jpg")


# --- name and size -------------------------------------------------------------------------


def _refuse(code: str, **params: object) -> ValidationError:
    return ValidationError(_MESSAGES[code], code=code, params=params or None)


def unreadable_name_error() -> ValidationError:
    return _refuse("bad_name_encoding")


def _check_name(name: str) -> None:
    # Django's multipart parser already strips folders from browser names; a name that still
    # has one came from elsewhere and is refused rather than guessed at.
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise _refuse("bad_name_path")
    if any(_is_unreadable(char) for char in name):
        raise _refuse("bad_name_encoding")
    length = len(unicodedata.normalize("NFC", name))
    if length > MAX_NAME_LENGTH:
        raise _refuse("name_too_long", limit=MAX_NAME_LENGTH, length=length)


def _is_unreadable(char: str) -> bool:
    # U+FFFD and lone surrogates are what undecodable bytes become; Cc and Cf cover control
    # characters, including the right-to-left override that disguises "exe.pdf".
    return char == "\ufffd" or unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"}


def _check_declared_size(uploaded_file: File, *, max_bytes: int) -> None:
    # The declared size lets an oversized file be refused before a single byte is read.
    if isinstance(uploaded_file, OversizedUpload) or uploaded_file.size > max_bytes:
        raise _too_large(max_bytes)
    if uploaded_file.size == 0:
        raise _refuse("empty")


def _too_large(max_bytes: int) -> ValidationError:
    megabytes = max_bytes / MIB
    limit = int(megabytes) if megabytes.is_integer() else round(megabytes, 1)
    return _refuse("too_large", limit=number_format(limit))


def _labels(kinds: frozenset[str]) -> str:
    return ", ".join(info.label for kind, info in KINDS.items() if kind in kinds)


# --- content -------------------------------------------------------------------------------


def _stream(uploaded_file: File, *, max_bytes: int) -> tuple[int, str, bytes, bytes]:
    """Read once in bounded chunks: size, SHA-256, the first and the last bytes."""
    # Our own read loop rather than .chunks(): InMemoryUploadedFile.chunks() reads it all at once.
    digest = hashlib.sha256()
    size, head, tail = 0, b"", b""
    uploaded_file.seek(0)
    while chunk := uploaded_file.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
        if size > max_bytes:  # the declared size was wrong
            raise _too_large(max_bytes)
        head = head or chunk[:16]
        tail = (tail + chunk)[-PDF_TAIL_BYTES:]
    uploaded_file.seek(0)
    if size == 0:
        raise _refuse("empty")
    return size, digest.hexdigest(), head, tail


def _detect_kind(uploaded_file: File, *, head: bytes, tail: bytes, allowed: frozenset[str]) -> Kind:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "pdf" and b"%%EOF" not in tail:
                raise _refuse("corrupt_document")
            return kind
    if head.startswith(_ZIP_MAGIC):
        kind = _ooxml_kind(uploaded_file)
        if kind is not None:
            return kind
    raise _refuse("unsupported_type", types=_labels(allowed))


def _ooxml_kind(uploaded_file: File) -> Kind | None:
    """The OOXML kind of a zip, None for any other zip; corrupt_document if it is broken."""
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return _classify_archive(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise _refuse("corrupt_document") from None
    finally:
        uploaded_file.seek(0)


def _classify_archive(archive: zipfile.ZipFile) -> Kind | None:
    names = {name.lower(): name for name in archive.namelist()}  # OPC names ignore case
    if _CONTENT_TYPES.lower() not in names:
        return None
    overrides = _content_type_overrides(archive, names[_CONTENT_TYPES.lower()])
    for kind, part, content_type in _OOXML_MAIN_PARTS:
        if part in names and overrides.get("/" + part) == _OOXML_PREFIX + content_type:
            _check_part(archive, names[part])
            return kind
    return None


def _content_type_overrides(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    if archive.getinfo(name).file_size > MAX_CONTENT_TYPES_BYTES:
        raise _refuse("corrupt_document")
    data = archive.read(name)  # also checks the CRC
    if b"<!DOCTYPE" in data.upper():  # OOXML has none; refusing it rules out entity tricks
        raise _refuse("corrupt_document")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise _refuse("corrupt_document") from None
    return {
        element.get("PartName", "").lower(): element.get("ContentType", "")
        for element in root
        if element.tag.endswith("}Override")
    }


def _check_part(archive: zipfile.ZipFile, name: str) -> None:
    # Decompress the main part in chunks so a damaged one fails its CRC check here, not in Word.
    if archive.getinfo(name).file_size > MAX_MAIN_PART_BYTES:
        raise _refuse("corrupt_document")
    with archive.open(name) as part:
        while part.read(CHUNK_SIZE):
            pass


class _TooManyPixels(Exception):
    pass


def _check_image(uploaded_file: File, *, kind: str) -> None:
    try:
        _decode_image(uploaded_file, formats=[_PIL_FORMATS[kind]])
    except (_TooManyPixels, Image.DecompressionBombError):
        raise _refuse("image_bomb", limit=MAX_IMAGE_PIXELS // 1_000_000) from None
    except Exception:  # as Django's ImageField does: Pillow's decoders raise many types
        raise _refuse("corrupt_image") from None
    finally:
        uploaded_file.seek(0)


def _decode_image(uploaded_file: File, *, formats: list[str]) -> None:
    with Image.open(uploaded_file, formats=formats) as image:
        # Pillow itself warns above 89 Mpx and fails above 179 Mpx; our limit is lower, and is
        # checked before anything is decoded.
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise _TooManyPixels
        image.verify()  # structure and checksums, without decoding
    uploaded_file.seek(0)
    with Image.open(uploaded_file, formats=formats) as image, _truncated_images_refused():
        image.load()  # decoding catches what verify() cannot: data cut short


@contextmanager
def _truncated_images_refused():
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, which would let a
    # cut-short image decode "successfully": force the strict setting while checking.
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with transparent areas on white rather than the black convert() would give."""
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _truncate_utf8(text: str, max_bytes: int) -> str:
    return text.encode()[:max_bytes].decode(errors="ignore")
