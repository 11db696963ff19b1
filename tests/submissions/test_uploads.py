import hashlib
import io
import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path
from django.utils import translation
from PIL import Image

from submissions.upload_handlers import UploadLimitHandler, limit_upload_size
from submissions.uploads import (
    IMAGE_KINDS,
    MIB,
    InspectedUpload,
    OversizedUpload,
    inspect_upload,
    make_thumbnail,
    max_dossier_bytes,
    max_upload_bytes,
    sanitize_name,
)
from tests.submissions import files

LIMIT = 20 * MIB
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ALL_TYPES = "PDF, JPEG, PNG, Word (DOCX), Excel (XLSX), PowerPoint (PPTX)"


def _refusal(uploaded, **kwargs) -> ValidationError:
    kwargs.setdefault("max_bytes", LIMIT)
    with pytest.raises(ValidationError) as excinfo:
        inspect_upload(uploaded, **kwargs)
    return excinfo.value


# --- accepted types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "content_type", "safe_name"),
    [
        (files.pdf(), "Hồ sơ dự thi.pdf", "pdf", "application/pdf", "Hồ sơ dự thi.pdf"),
        (files.jpeg(), "ảnh chụp.JPEG", "jpeg", "image/jpeg", "ảnh chụp.jpg"),
        (files.png(), "logo.png", "png", "image/png", "logo.png"),
        (files.png(mode="P"), "sơ đồ.png", "png", "image/png", "sơ đồ.png"),
        (files.ooxml("docx"), "Thuyết minh.docx", "docx", DOCX, "Thuyết minh.docx"),
        (files.ooxml("xlsx"), "Số liệu 2024.xlsx", "xlsx", XLSX, "Số liệu 2024.xlsx"),
        (files.ooxml("pptx"), "Trình bày.pptx", "pptx", PPTX, "Trình bày.pptx"),
        # The content decides: a PDF named .png is a PDF and is stored as one.
        (files.pdf(), "scan.png", "pdf", "application/pdf", "scan.pdf"),
        (files.jpeg(), "photo", "jpeg", "image/jpeg", "photo.jpg"),
    ],
)
def test_accepted_types_are_recognised_by_content(data, name, kind, content_type, safe_name):
    uploaded = SimpleUploadedFile(name, data, content_type="application/octet-stream")

    inspected = inspect_upload(uploaded, max_bytes=LIMIT)

    assert inspected == InspectedUpload(
        kind=kind,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        safe_name=safe_name,
        is_image=kind in {"jpeg", "png"},
    )
    assert uploaded.tell() == 0  # left ready for storage.save()


def test_a_file_exactly_at_the_limit_is_accepted():
    data = files.big_pdf(1000)

    assert inspect_upload(SimpleUploadedFile("a.pdf", data), max_bytes=1000).size == 1000


def test_allowed_kinds_limits_a_field_to_images():
    photo = inspect_upload(
        SimpleUploadedFile("a.png", files.png()), max_bytes=LIMIT, allowed_kinds=IMAGE_KINDS
    )

    assert photo.kind == "png"
    error = _refusal(SimpleUploadedFile("a.pdf", files.pdf()), allowed_kinds=IMAGE_KINDS)
    assert error.code == "kind_not_allowed"
    with translation.override("en"):
        assert error.messages == ["A PDF file is not accepted here. Accepted types: JPEG, PNG."]


def test_an_unknown_allowed_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="gif"):
        inspect_upload(
            SimpleUploadedFile("a.pdf", files.pdf()),
            max_bytes=LIMIT,
            allowed_kinds=frozenset({"gif"}),
        )


# --- refusals ------------------------------------------------------------------------------


def _named(data: bytes, name: str) -> File:
    # Django's UploadedFile strips folders from its name; a plain File keeps the name as given,
    # as a file coming from anywhere but a browser form may.
    return File(io.BytesIO(data), name=name)


@pytest.mark.parametrize(
    ("uploaded", "code"),
    [
        (SimpleUploadedFile("setup.pdf", files.elf_executable()), "unsupported_type"),
        (SimpleUploadedFile("setup.pdf", files.pe_executable()), "unsupported_type"),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
        (SimpleUploadedFile("big.pdf", files.big_pdf(LIMIT + 1)), "too_large"),
        (SimpleUploadedFile("corrupt.png", files.corrupt_png()), "corrupt_image"),
        (SimpleUploadedFile("truncated.png", files.truncated_png()), "corrupt_image"),
        (SimpleUploadedFile("half.png", files.png()[:4000]), "corrupt_image"),
        (SimpleUploadedFile("truncated.jpg", files.truncated_jpeg()), "corrupt_image"),
        (SimpleUploadedFile("bomb.png", files.bomb_png()), "image_bomb"),
        (SimpleUploadedFile("64mpx.png", files.bomb_png((8000, 8000))), "image_bomb"),
        (_named(files.pdf(), "../../etc/passwd.pdf"), "bad_name_path"),
        (_named(files.pdf(), "/tmp/report.pdf"), "bad_name_path"),
        (SimpleUploadedFile("..\\..\\report.pdf", files.pdf()), "bad_name_path"),
        (_named(files.pdf(), ".."), "bad_name_path"),
        (SimpleUploadedFile("a" * 296 + ".pdf", files.pdf()), "name_too_long"),
        (
            SimpleUploadedFile(b"\xff\xfe.pdf".decode("utf-8", "surrogateescape"), files.pdf()),
            "bad_name_encoding",
        ),
        (
            SimpleUploadedFile(b"\xff\xfe.pdf".decode("utf-8", "replace"), files.pdf()),
            "bad_name_encoding",
        ),
        (SimpleUploadedFile("bell\x07.pdf", files.pdf()), "bad_name_encoding"),
        (SimpleUploadedFile("invoice\u202efdp.exe", files.pdf()), "bad_name_encoding"),
        (SimpleUploadedFile("archive.zip", files.plain_zip()), "unsupported_type"),
        (SimpleUploadedFile("notes.docx", "Chỉ là văn bản.\n".encode()), "unsupported_type"),
        (
            SimpleUploadedFile(
                "macro.docx", files.ooxml("docx", content_type=files.MACRO_WORD_CONTENT_TYPE)
            ),
            "unsupported_type",
        ),
        (SimpleUploadedFile("cut.docx", files.ooxml("docx")[:300]), "corrupt_document"),
        (SimpleUploadedFile("crc.docx", files.docx_with_damaged_part()), "corrupt_document"),
        (SimpleUploadedFile("cut.pdf", files.big_pdf(5000)[:4000]), "corrupt_document"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_files_are_refused_with_their_code(uploaded, code, tmp_path):
    before = uploaded.read()
    uploaded.seek(0)

    error = _refusal(uploaded)

    assert [item.code for item in error.error_list] == [code]
    uploaded.seek(0)
    assert uploaded.read() == before
    assert not (tmp_path / "media").exists()  # nothing was stored


@pytest.mark.parametrize(
    ("uploaded", "code"),
    [
        # Name first: an oversized executable with a path in its name fails on the name.
        (_named(files.elf_executable() * 10, "../setup.pdf"), "bad_name_path"),
        (_named(b"", "\ufffd.pdf"), "bad_name_encoding"),
        # Then size: an oversized executable fails on its size before its content is read.
        (SimpleUploadedFile("setup.pdf", files.elf_executable() * 10), "too_large"),
        (SimpleUploadedFile("setup.pdf", b""), "empty"),
    ],
)
def test_name_is_checked_before_size_and_size_before_content(uploaded, code):
    assert _refusal(uploaded, max_bytes=1000).code == code


def test_a_declared_size_that_lies_is_caught_while_streaming():
    data = files.big_pdf(5000)
    uploaded = InMemoryUploadedFile(io.BytesIO(data), "document", "a.pdf", None, 100, None)

    assert _refusal(uploaded, max_bytes=1000).code == "too_large"


def test_a_file_cut_off_by_the_upload_handler_is_too_large():
    cut = OversizedUpload(name="big.pdf", size=3 * MIB, content_type="application/pdf")

    error = _refusal(cut, max_bytes=1 * MIB)

    assert error.code == "too_large"
    with translation.override("en"):
        assert error.messages == ["The file is too large: each file may be at most 1 MB."]


# --- messages ------------------------------------------------------------------------------


def test_messages_in_english():
    with translation.override("en"):
        too_large = _refusal(SimpleUploadedFile("big.pdf", files.big_pdf(LIMIT + 1)))
        unsupported = _refusal(SimpleUploadedFile("setup.pdf", files.elf_executable()))
        too_long = _refusal(SimpleUploadedFile("a" * 296 + ".pdf", files.pdf()))
        corrupt = _refusal(SimpleUploadedFile("truncated.jpg", files.truncated_jpeg()))

        assert too_large.messages == ["The file is too large: each file may be at most 20 MB."]
        assert unsupported.messages == [
            f"This type of file is not accepted. Accepted types: {ALL_TYPES}."
        ]
        # Django's UploadedFile shortens names to 255 characters; still too long.
        assert too_long.messages == [
            "The file name is too long: at most 200 characters are allowed (it has 255)."
        ]
        assert corrupt.messages == ["The image is damaged or incomplete and cannot be opened."]


def test_messages_in_vietnamese():
    with translation.override("vi"):
        too_large = _refusal(SimpleUploadedFile("big.pdf", files.big_pdf(LIMIT + 1)))
        unsupported = _refusal(SimpleUploadedFile("setup.pdf", files.elf_executable()))
        not_allowed = _refusal(SimpleUploadedFile("a.pdf", files.pdf()), allowed_kinds=IMAGE_KINDS)
        bad_name = _refusal(SimpleUploadedFile("\ufffd.pdf", files.pdf()))

        assert too_large.messages == ["Tệp quá lớn: mỗi tệp chỉ được tối đa 20 MB."]
        assert unsupported.messages == [
            f"Loại tệp này không được chấp nhận. Các loại tệp được chấp nhận: {ALL_TYPES}."
        ]
        assert not_allowed.messages == [
            "Mục này không nhận tệp PDF. Các loại tệp được chấp nhận: JPEG, PNG."
        ]
        assert bad_name.messages == [
            "Tên tệp có ký tự không đọc được hoặc ký tự điều khiển. "
            "Hãy đổi tên tệp rồi tải lên lại."
        ]


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("  Báo cáo   tổng kết (bản 2)*.PDF", "pdf", "Báo cáo tổng kết (bản 2)_.pdf"),
        ("Ba\u0301o ca\u0301o.pdf", "pdf", "Báo cáo.pdf"),  # NFD, as macOS may send it
        ("photo.jpeg", "jpeg", "photo.jpg"),
        ("archive.tar.gz", "docx", "archive.tar.docx"),
        ("no extension", "png", "no extension.png"),
        (".pdf", "pdf", "document.pdf"),
        ("..hidden..pdf", "pdf", "hidden.pdf"),
        ("a<b>:c|d?e\"f'g;h.xlsx", "xlsx", "a_b__c_d_e_f_g_h.xlsx"),
        ("Đề án_v1-final.pptx", "pptx", "Đề án_v1-final.pptx"),
    ],
)
def test_sanitize_name(name, kind, expected):
    assert sanitize_name(name, kind=kind) == expected


def test_sanitize_name_keeps_stored_names_within_150_bytes():
    name = sanitize_name("Hồ sơ " * 40 + ".pdf", kind="pdf")

    assert len(name.encode()) <= 150
    assert name.endswith(".pdf")
    assert name.startswith("Hồ sơ Hồ sơ")


# --- thumbnails ----------------------------------------------------------------------------


def _image(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_thumbnail_is_a_jpeg_within_320_pixels():
    thumbnail = make_thumbnail(SimpleUploadedFile("a.png", files.png((1000, 500))))

    image = _image(thumbnail.read())
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (320, 160))
    assert thumbnail.name == "thumbnail.jpg"


def test_thumbnail_follows_exif_rotation_and_drops_exif():
    # Orientation 6: the camera was turned; the picture is shown rotated to portrait.
    uploaded = SimpleUploadedFile("a.jpg", files.jpeg((640, 320), orientation=6))

    image = _image(make_thumbnail(uploaded).read())

    assert image.size == (160, 320)
    assert dict(image.getexif()) == {}


def test_thumbnail_puts_transparency_on_white():
    image = _image(
        make_thumbnail(SimpleUploadedFile("a.png", files.transparent_png((40, 20)))).read()
    )

    assert image.size == (40, 20)  # never enlarged
    assert image.getpixel((10, 10)) == (255, 255, 255)


# --- streaming -----------------------------------------------------------------------------


class ReadRecorder(io.BytesIO):
    """A file that remembers the size asked of every read()."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.read_sizes: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.read_sizes.append(size)
        return super().read(size)


def test_inspection_streams_in_bounded_chunks():
    data = files.big_pdf(5 * MIB)
    recorder = ReadRecorder(data)
    uploaded = InMemoryUploadedFile(recorder, "document", "big.pdf", None, len(data), None)

    inspected = inspect_upload(uploaded, max_bytes=LIMIT)

    assert inspected.sha256 == hashlib.sha256(data).hexdigest()
    assert inspected.size == 5 * MIB
    assert all(size is not None and 0 < size <= 64 * 1024 for size in recorder.read_sizes)
    assert len(recorder.read_sizes) == 5 * 16 + 1  # 80 full chunks, then the empty read


# --- settings ------------------------------------------------------------------------------


def test_limits_have_defaults(settings):
    for name in ("VDA_MAX_UPLOAD_BYTES", "VDA_MAX_DOSSIER_BYTES"):
        if hasattr(settings, name):
            delattr(settings, name)

    assert max_upload_bytes() == 20 * 1024 * 1024
    assert max_dossier_bytes() == 100 * 1024 * 1024


def test_limits_follow_settings(settings):
    settings.VDA_MAX_UPLOAD_BYTES = 5 * MIB
    settings.VDA_MAX_DOSSIER_BYTES = 50 * MIB

    assert max_upload_bytes() == 5 * MIB
    assert max_dossier_bytes() == 50 * MIB


# --- the upload handler, through a real request --------------------------------------------


class StoredBytesCounter(FileUploadHandler):
    """Sits between UploadLimitHandler and Django's handlers; counts what reaches them."""

    def receive_data_chunk(self, raw_data, start):
        counts = self.request.__dict__.setdefault("stored_bytes", {})
        counts[self.field_name] = counts.get(self.field_name, 0) + len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


class DocumentForm(forms.Form):
    document = forms.FileField()
    annex = forms.FileField(required=False)

    def clean_document(self):
        return inspect_upload(self.cleaned_data["document"], max_bytes=max_upload_bytes())

    def clean_annex(self):
        annex = self.cleaned_data["annex"]
        return annex and inspect_upload(annex, max_bytes=max_upload_bytes())


@limit_upload_size
def upload_view(request):
    if request.method == "GET":
        return JsonResponse({"token": get_token(request)})
    form = DocumentForm(request.POST, request.FILES)
    return JsonResponse(
        {
            "errors": form.errors.get_json_data() if not form.is_valid() else {},
            "received": {
                field: [type(uploaded).__name__, uploaded.size]
                for field, uploaded in request.FILES.items()
            },
            "stored_bytes": getattr(request, "stored_bytes", {}),
        }
    )


urlpatterns = [path("upload/", upload_view)]


@pytest.fixture
def one_mb_limit(settings):
    settings.VDA_MAX_UPLOAD_BYTES = 1 * MIB
    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.StoredBytesCounter",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]


def _post(client, **uploads):
    response = client.post("/upload/", uploads, headers={"accept-language": "en"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.urls(__name__)
def test_an_oversized_upload_is_cut_off_and_refused_at_its_field(client, one_mb_limit):
    body = _post(client, document=SimpleUploadedFile("big.pdf", files.big_pdf(3 * MIB)))

    assert body["errors"] == {
        "document": [
            {
                "message": "The file is too large: each file may be at most 1 MB.",
                "code": "too_large",
            }
        ]
    }
    assert body["received"] == {"document": ["OversizedUpload", 3 * MIB]}
    # Django's handlers were given no more than the limit: the rest was stored nowhere.
    assert 0 < body["stored_bytes"]["document"] <= 1 * MIB


@pytest.mark.urls(__name__)
def test_a_file_within_the_limit_goes_through_whole(client, one_mb_limit):
    data = files.big_pdf(1 * MIB)

    body = _post(client, document=SimpleUploadedFile("ok.pdf", data))

    assert body == {
        "errors": {},
        "received": {"document": ["InMemoryUploadedFile", 1 * MIB]},
        "stored_bytes": {"document": 1 * MIB},
    }


@pytest.mark.urls(__name__)
def test_only_the_oversized_file_of_a_request_is_cut_off(client, one_mb_limit):
    body = _post(
        client,
        document=SimpleUploadedFile("ok.pdf", files.pdf()),
        annex=SimpleUploadedFile("big.pdf", files.big_pdf(2 * MIB)),
    )

    assert body["errors"] == {
        "annex": [
            {
                "message": "The file is too large: each file may be at most 1 MB.",
                "code": "too_large",
            }
        ]
    }
    # Django keeps files in memory only when the whole request is small; this one is not.
    assert body["received"] == {
        "document": ["TemporaryUploadedFile", len(files.pdf())],
        "annex": ["OversizedUpload", 2 * MIB],
    }
    assert body["stored_bytes"]["document"] == len(files.pdf())
    assert 0 < body["stored_bytes"]["annex"] <= 1 * MIB


@pytest.mark.urls(__name__)
def test_the_upload_view_keeps_csrf_protection(one_mb_limit):
    client = Client(enforce_csrf_checks=True)
    upload = SimpleUploadedFile("ok.pdf", files.pdf())

    refused = client.post("/upload/", {"document": upload})
    token = json.loads(client.get("/upload/").content)["token"]
    upload.seek(0)
    accepted = client.post("/upload/", {"document": upload, "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert json.loads(accepted.content)["errors"] == {}


def _raw_post(client, disposition: bytes):
    """A multipart body written by hand, to send file names no test client would."""
    body = (
        b'--vda\r\nContent-Disposition: form-data; name="document"; '
        + disposition
        + b"\r\nContent-Type: application/pdf\r\n\r\n"
        + files.pdf()
        + b"\r\n--vda--\r\n"
    )
    response = client.generic(
        "POST",
        "/upload/",
        body,
        content_type="multipart/form-data; boundary=vda",
        headers={"accept-language": "en"},
    )
    return json.loads(response.content)


@pytest.mark.urls(__name__)
def test_an_undecodable_encoded_name_is_refused_at_its_field(client, one_mb_limit):
    # RFC 2231 form: Django decodes the bytes with errors="replace", giving U+FFFD.
    body = _raw_post(client, b"filename*=utf-8''%FF%FE.pdf")

    assert body["received"] == {"document": ["InMemoryUploadedFile", len(files.pdf())]}
    assert [error["code"] for error in body["errors"]["document"]] == ["bad_name_encoding"]


@pytest.mark.urls(__name__)
def test_django_drops_a_file_whose_raw_name_is_not_utf8(client, one_mb_limit):
    # Django 5.2 skips the whole part, so the form sees no file at all ("required").
    body = _raw_post(client, b'filename="\xff\xfe.pdf"')

    assert body["received"] == {}
    assert [error["code"] for error in body["errors"]["document"]] == ["required"]


def test_the_handler_reads_its_limit_from_settings(settings):
    settings.VDA_MAX_UPLOAD_BYTES = 3 * MIB

    assert UploadLimitHandler().max_bytes == 3 * MIB
    assert UploadLimitHandler(max_bytes=10).max_bytes == 10
