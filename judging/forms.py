"""Forms validate input only; the services decide."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from judging.models import Assignment, AssignmentStatus
from submissions.models import RECEIVED, Dossier


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Please give a reason.")},
    )


class ApplicantConflictForm(ReasonForm):
    """A judge declares a conflict with an applicant of the categories they judge."""

    applicant = forms.ModelChoiceField(label=_("Applicant"), queryset=User.objects.none())

    def __init__(self, *args, judge: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = conflict_candidates(judge)
        self.fields["applicant"].label_from_instance = _applicant_label
        self.order_fields(["applicant", "reason"])


def conflict_candidates(judge: User):
    """Applicants with a received dossier in a category of the judge's panels, minus the
    applicants the judge already declared. Names only: no dossier is shown."""
    received = Dossier.objects.filter(
        applicant=OuterRef("pk"),
        status__in=RECEIVED,
        category__panels__judges=judge,
    )
    return (
        User.objects.filter(Exists(received))
        .exclude(conflicts_as_applicant__judge=judge)
        .select_related("applicant_profile")
        .order_by("email")
    )


def _applicant_label(user: User) -> str:
    profile = getattr(user, "applicant_profile", None)
    name = profile.display_name if profile else ""
    return f"{name} ({user.email})" if name else user.email


def judge_choices():
    return User.objects.filter(groups__name=Role.JUDGE, is_active=True).order_by("email")


class ReassignForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("New judge"), queryset=User.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, assignment: Assignment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        taken = Assignment.objects.filter(
            round=assignment.round_id,
            dossier=assignment.dossier_id,
            status=AssignmentStatus.ACTIVE,
        ).values("judge")
        self.fields["judge"].queryset = judge_choices().exclude(pk__in=taken)


class ExpertiseForm(forms.Form):
    """A judge's fields of expertise (the dossier "field" choices)."""

    fields_ = forms.MultipleChoiceField(
        label=_("Fields you know well"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from submissions.models import ProductField

        self.fields["fields_"].choices = ProductField.choices


class TieForm(forms.Form):
    """One organisation the judge is tied to; a blank row is ignored."""

    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    tax_code = forms.CharField(label=_("Tax code"), max_length=20, required=False)
    email_domain = forms.CharField(
        label=_("Email domain"),
        max_length=200,
        required=False,
        help_text=_("For example vng.com.vn"),
    )


TieFormSet = forms.formset_factory(TieForm, extra=2, max_num=30)
