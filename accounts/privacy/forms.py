from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.privacy.models import ConsentPurpose

# The purposes one may change here; processing for the award ends by deleting the account.
OPTIONAL_PURPOSES = (ConsentPurpose.HONOREE_PUBLICATION, ConsentPurpose.REMINDER_EMAILS)


class ConsentForm(forms.Form):
    honoree_publication = forms.BooleanField(
        label=_("If I am an honoree, my name, entry title and province may be published."),
        required=False,
    )
    reminder_emails = forms.BooleanField(
        label=_("Send me deadline reminder emails."), required=False
    )
