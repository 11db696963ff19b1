"""Forms' widgets drawn by Jinja2 (vda_portal/form_renderer.py) are Django's: every field of
the portal's forms and of the admin's change forms, the same markup as Django's templates draw
up to the whitespace between tags (and how a quote is escaped); the admin's own widget
templates still work."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import RequestFactory

from accounts.models import User
from submissions.dossier_forms import AttachmentForm, dossier_form_class
from submissions.forms import ApplicantProfileForm
from tests.factories import DossierFactory, applicant
from tests.vda_portal.test_form_fields import tags_only
from vda_portal.form_renderer import PortalFormRenderer

pytestmark = pytest.mark.django_db


# The same characters: MarkupSafe writes " and ' by number, Django by name and in hex.
ENTITIES = {"&#34;": "&quot;", "&#39;": "&#x27;"}


def drawn(form) -> dict[str, str]:
    html = {name: tags_only(form[name].as_widget()) for name in form.fields}
    for number, name in ENTITIES.items():
        html = {field: text.replace(number, name) for field, text in html.items()}
    return html


def test_the_portal_draws_widgets_this_way():
    assert isinstance(get_default_renderer(), PortalFormRenderer)


def test_the_applicants_forms_are_drawn_as_django_draws_them(season):
    owner = applicant("widgets@example.com")
    forms = [
        lambda r, n=n: dossier_form_class(n)(
            instance=DossierFactory(applicant=owner, category=season.categories.get(number=n)),
            renderer=r,
        )
        for n in range(1, 6)
    ]
    forms += [
        lambda r: ApplicantProfileForm(instance=owner.applicant_profile, renderer=r),
        lambda r: AttachmentForm(document_types=None, renderer=r),
    ]
    for make in forms:
        ours, theirs = drawn(make(PortalFormRenderer())), drawn(make(DjangoTemplates()))
        ours.pop("page", None), theirs.pop("page", None)  # a random page id per form
        assert ours == theirs


def test_every_admin_change_form_is_drawn_as_django_draws_it(season):
    superuser = User.objects.create_superuser(email="root@example.com", password="x")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    compared = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):
            continue
        form_class = model_admin.get_form(request)
        ours = drawn(form_class(renderer=PortalFormRenderer()))
        theirs = drawn(form_class(renderer=DjangoTemplates()))
        assert ours == theirs, model._meta.label
        compared += len(ours)
    assert compared > 50
