import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Attachment, Dossier, DossierStatus, StaleSave
from submissions.services import dossier_submit
from tests.factories import DossierFactory, UserFactory, applicant
from tests.submissions import files
from tests.submissions.conftest import upload


def state(dossier: Dossier) -> tuple:
    row = Dossier.objects.values().get(pk=dossier.pk)
    row.pop("updated_at")
    return row, list(Attachment.objects.filter(dossier=dossier).values_list("pk", flat=True))


@pytest.fixture
def organiser(db):
    return UserFactory(role="Organisers", is_staff=True)


@pytest.fixture
def attachment(complete_draft):
    return complete_draft.attachments.get(document_type="application_form")


def viewer(request, who, owner, other_applicant, organiser):
    return {"owner": owner, "other": other_applicant, "organiser": organiser, "anonymous": None}[
        who
    ]


READ_EXPECTATIONS = {"anonymous": 302, "owner": 200, "other": 404, "organiser": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "organiser"])
def test_dossier_page_and_file_download_permissions(
    client, who, complete_draft, attachment, owner, other_applicant, organiser
):
    user = viewer(None, who, owner, other_applicant, organiser)
    if user:
        client.force_login(user)
    page = client.get(reverse("submissions:dossier", args=[complete_draft.pk]))
    download = client.get(reverse("submissions:attachment_download", args=[attachment.pk]))
    assert page.status_code == READ_EXPECTATIONS[who]
    assert download.status_code == READ_EXPECTATIONS[who]
    if who in ("owner", "organiser"):
        assert b"".join(download.streaming_content) == files.pdf()
        assert download["Content-Disposition"] == 'attachment; filename="don-dang-ky.pdf"'
        assert download["Cache-Control"] == "private, no-store"


WRITE_EXPECTATIONS = {"anonymous": 302, "other": 404, "organiser": 404}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "other", "organiser"])
def test_nobody_but_the_owner_changes_a_dossier(
    client, who, complete_draft, attachment, owner, other_applicant, organiser
):
    user = viewer(None, who, owner, other_applicant, organiser)
    if user:
        client.force_login(user)
    before = state(complete_draft)
    pk = complete_draft.pk
    posts = [
        (
            reverse("submissions:dossier", args=[pk]),
            {"title": "Hacked", "version": complete_draft.version, "action": "submit"},
        ),
        (
            reverse("submissions:dossier_autosave", args=[pk]),
            {"title": "Hacked", "version": complete_draft.version},
        ),
        (reverse("submissions:dossier_withdraw", args=[pk]), {}),
        (reverse("submissions:attachment_remove", args=[attachment.pk]), {}),
        (
            reverse("submissions:attachment_upload", args=[pk]),
            {"document_type": "other", "file": SimpleUploadedFile("x.pdf", files.pdf())},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == WRITE_EXPECTATIONS[who], url
    assert state(complete_draft) == before
    assert StaleSave.objects.count() == 0


@pytest.mark.django_db
def test_owner_saves_submits_and_sees_the_receipt(
    client, complete_draft, owner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    url = reverse("submissions:dossier", args=[complete_draft.pk])
    data = {**_form_data(complete_draft), "title": "Tiêu đề mới", "action": "submit"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.SUBMITTED
    assert complete_draft.title == "Tiêu đề mới"
    assert "VDA2024-C3-0001" in response.content.decode()
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_autosave_returns_the_new_version_and_what_is_missing(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier_autosave", args=[draft.pk])
    response = client.post(
        url, {**_form_data(draft), "title": "Tự động lưu"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Tự động lưu"
    assert f'name="version" value="{draft.version}"' in html
    assert 'data-missing="document:application_form"' in html


@pytest.mark.django_db
def test_autosave_keeps_valid_fields_when_another_is_invalid(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier_autosave", args=[draft.pk])
    data = {**_form_data(draft), "title": "Giữ lại", "launch_date": "31/02/2024"}
    client.post(url, data, HTTP_HX_REQUEST="true")
    draft.refresh_from_db()
    assert draft.title == "Giữ lại"
    assert str(draft.launch_date) == "2022-03-01"


@pytest.mark.django_db
def test_a_stale_tab_is_refused_and_its_text_shown(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier", args=[draft.pk])
    old_version = draft.version
    client.post(url, {**_form_data(draft), "title": "Tab A", "action": "save"})
    response = client.post(
        url, {**_form_data(draft), "version": old_version, "title": "Tab B", "action": "save"}
    )
    draft.refresh_from_db()
    assert draft.title == "Tab A"
    html = response.content.decode()
    assert 'value="Tab B"' in html  # what was typed stays in the form
    assert StaleSave.objects.get().data["title"] == "Tab B"


BAD_FILES = [
    ("virus.pdf", files.elf_executable(), "unsupported_type"),
    ("empty.pdf", b"", "empty"),
    ("broken.png", files.truncated_png(), "corrupt_image"),
    ("bomb.png", files.bomb_png(), "image_bomb"),
    ("a" * 296 + ".pdf", files.pdf(), "name_too_long"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "code"), BAD_FILES)
def test_bad_files_are_refused_at_the_field_and_nothing_stored(
    client, draft, owner, settings, name, content, code, tmp_path
):
    client.force_login(owner)
    before = state(draft)
    response = client.post(
        reverse("submissions:attachment_upload", args=[draft.pk]),
        {"document_type": "other", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    form = response.context["attachment_form"]
    assert [error.code for error in form.errors.as_data()["file"]] == [code]
    assert state(draft) == before
    media = settings.STORAGES["default"]["OPTIONS"]["location"]
    assert not list(media.rglob("*.*")) if media.exists() else True


def raw_upload(client, url: str, filename: bytes, content: bytes):
    """A multipart body written by hand: browsers may send names that are not UTF-8."""
    boundary = b"vda-boundary"
    body = b"".join(
        [
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="document_type"\r\n\r\n',
            b"other\r\n",
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="',
            filename + b'"\r\nContent-Type: application/pdf\r\n\r\n' + content + b"\r\n",
            b"--" + boundary + b"--\r\n",
        ]
    )
    return client.generic(
        "POST", url, body, content_type="multipart/form-data; boundary=vda-boundary"
    )


@pytest.mark.django_db
def test_a_name_that_is_not_utf8_is_refused(client, draft, owner):
    client.force_login(owner)
    before = state(draft)
    url = reverse("submissions:attachment_upload", args=[draft.pk])
    response = raw_upload(client, url, b"\xff\xfe\xfa.pdf", files.big_pdf(4096))
    form = response.context["attachment_form"]
    assert [error.code for error in form.errors.as_data()["file"]] == ["bad_name_encoding"]
    assert state(draft) == before


@pytest.mark.django_db
def test_a_name_with_a_path_never_leaves_the_dossiers_folder(client, draft, owner):
    # Django's multipart parser keeps only the last path component before any code sees the
    # name (inspect_upload refuses "../" outright when it meets one: see test_uploads.py).
    client.force_login(owner)
    url = reverse("submissions:attachment_upload", args=[draft.pk])
    raw_upload(client, url, b"../../etc/passwd.pdf", files.pdf())
    attachment = Attachment.objects.get(dossier=draft)
    assert attachment.original_name == "passwd.pdf"
    assert attachment.file.name.startswith(f"dossiers/{draft.pk}/")
    assert ".." not in attachment.file.name


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(client, draft, owner, settings):
    settings.VDA_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(owner)
    response = client.post(
        reverse("submissions:attachment_upload", args=[draft.pk]),
        {"document_type": "other", "file": SimpleUploadedFile("big.pdf", files.big_pdf(2**21))},
    )
    form = response.context["attachment_form"]
    assert [error.code for error in form.errors.as_data()["file"]] == ["too_large"]
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_upload_keeps_the_typed_text_and_adds_the_file(client, draft, owner):
    client.force_login(owner)
    response = client.post(
        reverse("submissions:attachment_upload", args=[draft.pk]),
        {"document_type": "screenshot", "file": SimpleUploadedFile("anh.png", files.png())},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    attachment = Attachment.objects.get(dossier=draft)
    assert attachment.content_type == "image/png"
    assert attachment.thumbnail.name.endswith(".thumb.jpg")
    assert "anh.png" in response.content.decode()


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("submissions:home"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_dossiers(client, season, open_window):
    one = applicant("one@example.com")
    many = applicant("many@example.com")
    category = season.categories.get(number=3)
    DossierFactory(applicant=one, category=category)
    for _ in range(30):
        DossierFactory(applicant=many, category=category)
    assert _dashboard_queries(client, one) == _dashboard_queries(client, many)


@pytest.mark.django_db
def test_dashboard_lists_the_dossier_with_status_receipt_and_time_left(
    client, complete_draft, owner
):
    dossier_submit(dossier=complete_draft, by=owner)
    client.force_login(owner)
    html = client.get(reverse("submissions:home")).content.decode()
    assert "VDA2024-C3-0001" in html
    assert "Đã nộp" in html
    assert "10 ngày, 14 giờ" in html


def _form_data(dossier) -> dict:
    from submissions.completeness import content_fields

    data = {"version": dossier.version}
    for name in content_fields(dossier.category.number):
        value = getattr(dossier, name)
        if value is None:
            continue
        if name in ("owns_solution",):
            data[name] = "true" if value else "false"
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif hasattr(value, "strftime"):
            data[name] = value.strftime("%d/%m/%Y")
        else:
            data[name] = value
    return data


@pytest.mark.django_db
def test_another_applicants_upload_changes_nothing(client, complete_draft, other_applicant):
    client.force_login(other_applicant)
    upload_url = reverse("submissions:attachment_upload", args=[complete_draft.pk])
    client.post(
        upload_url, {"document_type": "other", "file": SimpleUploadedFile("x.pdf", files.pdf())}
    )
    assert Attachment.objects.filter(dossier=complete_draft).count() == 3


@pytest.mark.django_db
def test_upload_helper_is_the_service(complete_draft, owner):
    attachment = upload(complete_draft, "other", files.pdf(), "them.pdf", owner)
    assert attachment.sha256 == __import__("hashlib").sha256(files.pdf()).hexdigest()


@pytest.mark.django_db
def test_an_unpublished_outcome_shows_as_in_review_to_the_applicant(client, complete_draft, owner):
    dossier_submit(dossier=complete_draft, by=owner)
    Dossier.objects.filter(pk=complete_draft.pk).update(status=DossierStatus.HONOREE)
    client.force_login(owner)
    assert "Đang chấm" in client.get(reverse("submissions:home")).content.decode()
    Dossier.objects.filter(pk=complete_draft.pk).update(published_status=DossierStatus.HONOREE)
    assert "Được vinh danh" in client.get(reverse("submissions:home")).content.decode()


@pytest.mark.django_db
def test_an_upload_beside_the_form_does_not_make_its_next_save_stale(client, draft, owner):
    client.force_login(owner)
    opened_version = draft.version
    client.post(
        reverse("submissions:attachment_upload", args=[draft.pk]),
        {"document_type": "application_form", "file": SimpleUploadedFile("a.pdf", files.pdf())},
        HTTP_HX_REQUEST="true",
    )
    client.post(
        reverse("submissions:dossier_autosave", args=[draft.pk]),
        {**_form_data(draft), "version": opened_version, "consent_publish": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert StaleSave.objects.count() == 0
    draft.refresh_from_db()
    assert draft.version == opened_version + 1
