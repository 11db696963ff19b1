"""Issue 13's blockers on the applicant side: one tab never conflicts with itself, stale text
can be recovered or dismissed, withdraw asks first and can be undone until the deadline."""

import re

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
