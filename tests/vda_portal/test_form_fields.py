"""`|as_field` (vda_portal/form_fields.py) draws crispy's bootstrap5 markup: every field of the
portal's applicant forms, blank, filled and with errors, in both languages, the same as
`|as_crispy_field` up to the whitespace between tags; the dossier page uses it."""

from __future__ import annotations

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.utils import translation

from submissions.dossier_forms import AttachmentForm, dossier_form_class
from submissions.forms import ApplicantProfileForm, NominationForm, TeamInviteForm
from tests.factories import DossierFactory, applicant
from vda_portal.form_fields import as_field, is_plain

pytestmark = pytest.mark.django_db


def tags_only(html: str) -> str:
    """The markup with whitespace runs as one space and none around tags (crispy's template
    indents; a browser shows both the same)."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


BAD = {"contact_email": "nope", "contact_phone": "12", "title": "x" * 400, "version": "1"}


def forms_to_draw(season):
    owner = applicant("fields@example.com")
    for number in range(1, 6):
        dossier = DossierFactory(applicant=owner, category=season.categories.get(number=number))
        form_class = dossier_form_class(number)
        yield f"dossier {number}", lambda c=form_class, d=dossier: c(instance=d)
        yield (
            f"dossier {number}, errors",
            lambda c=form_class, d=dossier: _bound(c(BAD, instance=d)),
        )
    yield "profile", lambda: ApplicantProfileForm(instance=owner.applicant_profile)
    yield "profile, errors", lambda: _bound(ApplicantProfileForm({"kind": "x"}))
    yield "attachment", lambda: AttachmentForm(document_types=None)
    yield "attachment, errors", lambda: _bound(AttachmentForm({}, document_types=None))
    yield "team invite, errors", lambda: _bound(TeamInviteForm({"email": "nope"}))
    yield "nomination, errors", lambda: _bound(NominationForm({}, season=season))


def _bound(form):
    form.is_valid()
    return form


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_field_is_drawn_as_crispy_draws_it(season, language):
    translation.activate(language)
    plain = 0
    for name, make in forms_to_draw(season):
        ours, theirs = make(), make()  # each adds classes to its widgets: a form each
        for field_name in ours.fields:
            if ours[field_name].is_hidden:  # crispy's own (a page id differs per form)
                continue
            ours_html = as_field(ours[field_name])
            theirs_html = as_crispy_field(theirs[field_name])
            assert tags_only(ours_html) == tags_only(theirs_html), f"{name}: {field_name}"
            plain += is_plain(ours[field_name])
    assert plain > 60  # most are drawn here, not handed back to crispy


def test_an_error_is_at_its_field_and_named_by_it(season):
    dossier = DossierFactory(category=season.categories.get(number=1))
    form = _bound(dossier_form_class(1)({"contact_email": "nope"}, instance=dossier))
    html = as_field(form["contact_email"])
    assert 'class="emailinput form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    error = '<div id="id_contact_email_error" class="invalid-feedback"><p id="error_1_id_contact'
    assert error in html
