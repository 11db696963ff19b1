"""Every admin string exists in Vietnamese (issue 12): Django's admin (templates and its
JavaScript), the user admin of django.contrib.auth, content types' "view on site" and
django-simple-history's history pages, including what their own vi catalogues lack."""

from __future__ import annotations

from pathlib import Path

import django
import pytest
import simple_history
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from tests.vda_portal.po_files import msgids

DJANGO = Path(django.__file__).parent
HISTORY = Path(simple_history.__file__).parent
# django-simple-history has no English catalogue: its German one lists its msgids; these are in
# its templates and code but not in that catalogue.
HISTORY_EXTRA = [
    (None, "View history: %s", None),
    (None, "View %s", None),
    (None, "View %(verbose_name)s", None),
    (None, "Deleted %(type_name)s", None),
    (None, "Changes", None),
    (None, "Close", None),
    (None, "Press the 'Change History' button below to edit the history.", None),
]


def key(context, msgid):
    return f"{context}\x04{msgid}" if context else msgid


def missing(catalog, entries) -> list[str]:
    absent = []
    for context, msgid, plural in entries:
        wanted = (key(context, msgid), 0) if plural else key(context, msgid)
        if wanted not in catalog:
            absent.append(msgid)
    return absent


@pytest.mark.parametrize(
    "source",
    [
        DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
        HISTORY / "locale/de/LC_MESSAGES/django.po",
    ],
    ids=["admin", "auth", "contenttypes", "simple_history"],
)
def test_every_admin_string_is_in_vietnamese(source):
    entries = msgids(source)
    if "simple_history" in str(source):
        entries += HISTORY_EXTRA
    catalog = translation.trans_real.translation("vi")._catalog
    assert missing(catalog, entries) == []


def test_every_admin_javascript_string_is_in_vietnamese():
    catalog = DjangoTranslation(
        "vi", domain="djangojs", localedirs=[str(DJANGO / "contrib/admin/locale")]
    )._catalog
    entries = msgids(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po")
    assert missing(catalog, entries) == []


@pytest.mark.django_db
def test_the_admins_javascript_catalogue_speaks_vietnamese(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    script = client.get("/admin/jsi18n/").content.decode()
    assert "Th\\u1ee9 hai" in script or "Thứ hai" in script  # Monday


@pytest.mark.django_db
def test_the_history_page_of_an_admin_is_in_vietnamese(client):
    from accounts.models import User
    from tests.factories import ProfileFactory, applicant

    profile = applicant("a@example.com").applicant_profile
    profile.phone = "0987654321"
    profile.save()
    assert ProfileFactory  # the applicant's profile, changed once
    client.force_login(User.objects.create_superuser(email="r@example.com", password="x-12345678"))
    page = client.get(f"/admin/submissions/applicantprofile/{profile.pk}/history/").content.decode()
    for english in ("Changed by", "Change reason", ">Changes<", ">Object<", "View history"):
        assert english not in page
    assert "Người thay đổi" in page
