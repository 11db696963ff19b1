"""Autosave version (issue 12): a save with no usable version is a 400 with a clear message,
never a 500, and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from submissions.models import Dossier, StaleSave
from submissions.services import InvalidVersion, dossier_save
from tests.submissions.test_dossier_views import _form_data

pytestmark = pytest.mark.django_db

MESSAGE = "This save did not say which version of the dossier it was made from"


def row(dossier) -> dict:
    return Dossier.objects.values().get(pk=dossier.pk)


@pytest.mark.parametrize(
    "version", [None, "", "abc", "-1", "-99999", "2147483648", "9" * 30, "9" * 5000]
)
@pytest.mark.parametrize("page", ["dossier_autosave", "dossier"])
def test_a_save_without_a_usable_version_is_a_400_and_changes_nothing(
    client, draft, owner, version, page
):
    client.force_login(owner)
    client.cookies["vda_language"] = "en"
    data = {**_form_data(draft), "title": "Không được lưu"}
    if version is None:
        data.pop("version")
    else:
        data["version"] = version
    before = row(draft)
    response = client.post(reverse(f"submissions:{page}", args=[draft.pk]), data)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert row(draft) == before
    assert StaleSave.objects.count() == 0


def test_the_service_refuses_an_unusable_version(draft, owner):
    for version in (None, -1, 2**31, 10**30, True):
        with pytest.raises(InvalidVersion):
            dossier_save(dossier=draft, data={"title": "X"}, version=version, by=owner)
    assert StaleSave.objects.count() == 0


def test_the_largest_stored_version_is_still_a_version(client, draft, owner):
    Dossier.objects.filter(pk=draft.pk).update(version=2147483647)
    client.force_login(owner)
    data = {**_form_data(draft), "version": "2147483646", "title": "Cũ"}
    response = client.post(reverse("submissions:dossier_autosave", args=[draft.pk]), data)
    assert response.status_code == 200
    assert StaleSave.objects.get().based_on_version == 2147483646
