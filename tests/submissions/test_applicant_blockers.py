"""Issue 13's blockers on the applicant side: one tab never conflicts with itself, stale text
can be recovered or dismissed, withdraw asks first and can be undone until the deadline."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from submissions.models import Dossier, DossierStatus, StaleSave
from tests.submissions.test_dossier_views import _form_data


def _shown_version(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


@pytest.mark.django_db
def test_an_invalid_save_re_renders_the_stored_version_so_autosave_goes_on(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier", args=[draft.pk])
    data = {**_form_data(draft), "title": "Giữ lại", "launch_date": "31/02/2024", "page": "p1"}
    response = client.post(url, {**data, "action": "save"})
    draft.refresh_from_db()
    assert draft.title == "Giữ lại"  # the valid part was saved: the version moved on
    assert _shown_version(response.content.decode()) == draft.version
    autosave = client.post(
        reverse("submissions:dossier_autosave", args=[draft.pk]),
        {**data, "version": _shown_version(response.content.decode()), "title": "Sau đó"},
        HTTP_HX_REQUEST="true",
    )
    draft.refresh_from_db()
    assert "Saved at" in autosave.content.decode() or "Đã lưu" in autosave.content.decode()
    assert draft.title == "Sau đó"
    assert StaleSave.objects.count() == 0


@pytest.mark.django_db
def test_a_refused_submit_re_renders_the_stored_version(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier", args=[draft.pk])
    data = {**_form_data(draft), "title": "Nộp thử", "page": "p1", "action": "submit"}
    response = client.post(url, data)  # no documents yet: refused as incomplete
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT
    assert _shown_version(response.content.decode()) == draft.version


@pytest.mark.django_db
def test_a_submit_right_after_its_own_autosave_is_not_stale(
    client, complete_draft, owner, django_capture_on_commit_callbacks
):
    """Leaving the last field autosaves; the click on Submit posts the version before it."""
    client.force_login(owner)
    opened = complete_draft.version
    data = {**_form_data(complete_draft), "page": "tab-1", "title": "Câu trả lời cuối"}
    client.post(
        reverse("submissions:dossier_autosave", args=[complete_draft.pk]),
        data,
        HTTP_HX_REQUEST="true",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("submissions:dossier", args=[complete_draft.pk]),
            {**data, "version": opened, "action": "submit"},
        )
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.SUBMITTED
    assert complete_draft.title == "Câu trả lời cuối"
    assert StaleSave.objects.count() == 0


@pytest.mark.django_db
def test_an_autosave_arriving_after_its_submit_is_not_kept_as_stale(client, complete_draft, owner):
    client.force_login(owner)
    opened = complete_draft.version
    data = {**_form_data(complete_draft), "page": "tab-1", "title": "Cuối"}
    client.post(
        reverse("submissions:dossier", args=[complete_draft.pk]), {**data, "action": "submit"}
    )
    client.post(
        reverse("submissions:dossier_autosave", args=[complete_draft.pk]),
        {**data, "version": opened},
        HTTP_HX_REQUEST="true",
    )
    assert StaleSave.objects.count() == 0
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


@pytest.mark.django_db
def test_another_tab_with_an_older_version_is_still_stale(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier_autosave", args=[draft.pk])
    opened = draft.version
    client.post(url, {**_form_data(draft), "page": "tab-1", "title": "A"}, HTTP_HX_REQUEST="true")
    client.post(
        url,
        {**_form_data(draft), "version": opened, "page": "tab-2", "title": "B"},
        HTTP_HX_REQUEST="true",
    )
    draft.refresh_from_db()
    assert draft.title == "A"
    assert StaleSave.objects.get().data["title"] == "B"


@pytest.mark.django_db
def test_a_tab_overtaken_by_another_is_stale_even_after_its_own_saves(client, draft, owner):
    client.force_login(owner)
    url = reverse("submissions:dossier_autosave", args=[draft.pk])
    opened = draft.version
    client.post(url, {**_form_data(draft), "page": "tab-1", "title": "A1"}, HTTP_HX_REQUEST="true")
    client.post(
        url,
        {**_form_data(draft), "version": opened + 1, "page": "tab-2", "title": "B"},
        HTTP_HX_REQUEST="true",
    )
    client.post(
        url,
        {**_form_data(draft), "version": opened + 1, "page": "tab-1", "title": "A2"},
        HTTP_HX_REQUEST="true",
    )
    draft.refresh_from_db()
    assert draft.title == "B"
    assert StaleSave.objects.get().data["title"] == "A2"


def _stale_from_another_tab(client, draft, **typed):
    url = reverse("submissions:dossier_autosave", args=[draft.pk])
    opened = draft.version
    client.post(url, {**_form_data(draft), "page": "tab-1"}, HTTP_HX_REQUEST="true")
    client.post(
        url,
        {**_form_data(draft), **typed, "version": opened, "page": "tab-2"},
        HTTP_HX_REQUEST="true",
    )
    return StaleSave.objects.get()


@pytest.mark.django_db
def test_recovered_text_shows_labels_and_values_as_the_form_does(client, draft, owner):
    client.force_login(owner)
    stale = _stale_from_another_tab(
        client, draft, title="Từ tab khác", product_field="e_government", launch_date="15/03/2023"
    )
    assert stale.data["launch_date"] == "2023-03-15"
    html = client.get(reverse("submissions:dossier", args=[draft.pk])).content.decode()
    box = html[html.index(f'data-stale-save="{stale.pk}"') :]
    box = box[: box.index("</section>")]
    assert "<dt>Ngày ra mắt</dt>" in box
    assert "15/03/2023" in box
    assert "2023-03-15" not in box
    assert "product_field</dt>" not in box
    assert "<dt>product_field" not in box
    assert 'data-use-stale="launch_date" data-value="15/03/2023"' in box
    assert 'data-use-stale="product_field" data-value="e_government"' in box
    assert "<span>Chính phủ điện tử</span>" in box
    dismiss = reverse("submissions:stale_save_dismiss", args=[draft.pk, stale.pk])
    assert f'action="{dismiss}"' in box


@pytest.mark.django_db
def test_dismissed_recovered_text_is_gone_and_only_its_owner_may_dismiss(
    client, draft, owner, other_applicant
):
    client.force_login(owner)
    stale = _stale_from_another_tab(client, draft, title="B")
    dismiss = reverse("submissions:stale_save_dismiss", args=[draft.pk, stale.pk])
    client.force_login(other_applicant)
    assert client.post(dismiss).status_code == 404
    stale.refresh_from_db()
    assert stale.dismissed is False
    client.force_login(owner)
    assert client.post(dismiss, HTTP_HX_REQUEST="true").content == b""
    stale.refresh_from_db()
    assert stale.dismissed is True
    html = client.get(reverse("submissions:dossier", args=[draft.pk])).content.decode()
    assert "data-stale-save" not in html


@pytest.mark.django_db
def test_recovered_text_is_gone_after_a_successful_submit(client, complete_draft, owner):
    client.force_login(owner)
    _stale_from_another_tab(client, complete_draft, title="B")
    complete_draft.refresh_from_db()
    client.post(
        reverse("submissions:dossier", args=[complete_draft.pk]),
        {**_form_data(complete_draft), "action": "submit"},
    )
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.SUBMITTED
    html = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()
    assert "data-stale-save" not in html


@pytest.mark.django_db
def test_the_read_only_dossier_shows_labels_and_dd_mm_yyyy(client, draft):
    from tests.factories import UserFactory

    organiser = UserFactory(role="Organisers", is_staff=True)
    client.force_login(organiser)
    html = client.get(
        reverse("submissions:dossier", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    shown = {
        name: re.sub(r"\s+", " ", value).strip()
        for name, value in re.findall(r'data-field="(\w+)">(.*?)</dd>', html, re.S)
    }
    assert shown["launch_date"] == "01/03/2022"
    assert shown["product_field"] in ("E-government", "Chính phủ điện tử")
    assert shown["product_type"] in ("Solution", "Giải pháp")
    assert "e_government" not in shown.values()


@pytest.mark.django_db
def test_withdraw_asks_first_then_emails_and_may_be_resubmitted(
    client, complete_draft, owner, mailoutbox, django_capture_on_commit_callbacks
):
    from submissions.services import dossier_submit

    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=complete_draft, by=owner)
    client.force_login(owner)
    url = reverse("submissions:dossier_withdraw", args=[complete_draft.pk])
    page = client.get(url)
    complete_draft.refresh_from_db()
    assert page.status_code == 200
    assert complete_draft.status == DossierStatus.SUBMITTED  # asking changes nothing
    assert f'action="{url}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.WITHDRAWN
    assert [m.subject for m in mailoutbox] == [
        "[VDA] Đã tiếp nhận hồ sơ: VDA2024-C3-0001",
        "[VDA] Đã rút hồ sơ: VDA2024-C3-0001",
    ]
    detail = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()
    resubmit = reverse("submissions:dossier_resubmit", args=[complete_draft.pk])
    assert f'action="{resubmit}"' in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resubmit)
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.SUBMITTED
    assert complete_draft.receipt_number == "VDA2024-C3-0001"
    assert complete_draft.withdrawn_at is None
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_no_resubmit_after_the_deadline(client, complete_draft, owner, time_machine):
    from submissions.services import dossier_submit, dossier_withdraw

    dossier_submit(dossier=complete_draft, by=owner)
    dossier_withdraw(dossier=complete_draft, by=owner)
    time_machine.move_to(complete_draft.season.submission_deadline + timedelta(seconds=1))
    client.force_login(owner)
    detail = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()
    assert "dossier_resubmit" not in detail
    assert reverse("submissions:dossier_resubmit", args=[complete_draft.pk]) not in detail
    client.post(reverse("submissions:dossier_resubmit", args=[complete_draft.pk]))
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.WITHDRAWN


@pytest.mark.django_db
def test_a_draft_is_deleted_with_confirmation_not_withdrawn(client, complete_draft, owner):
    client.force_login(owner)
    edit = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()
    delete = reverse("submissions:dossier_delete", args=[complete_draft.pk])
    assert f'href="{delete}"' in edit
    assert reverse("submissions:dossier_withdraw", args=[complete_draft.pk]) not in edit
    client.post(reverse("submissions:dossier_withdraw", args=[complete_draft.pk]))
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.DRAFT  # a draft is not withdrawn
    assert client.get(delete).status_code == 200
    assert Dossier.objects.filter(pk=complete_draft.pk).exists()
    response = client.post(delete)
    assert response.url == reverse("submissions:home")
    assert not Dossier.objects.filter(pk=complete_draft.pk).exists()


@pytest.mark.django_db
def test_only_the_owner_deletes_a_draft_and_never_a_submitted_one(
    client, complete_draft, owner, other_applicant
):
    from submissions.services import dossier_submit

    delete = reverse("submissions:dossier_delete", args=[complete_draft.pk])
    client.force_login(other_applicant)
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    assert Dossier.objects.filter(pk=complete_draft.pk).exists()
    dossier_submit(dossier=complete_draft, by=owner)
    client.force_login(owner)
    client.post(delete)
    assert Dossier.objects.get(pk=complete_draft.pk).status == DossierStatus.SUBMITTED
