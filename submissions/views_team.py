"""The dossier's team: invite, join by the emailed link, remove, hand over the ownership."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from submissions.forms import TeamInviteForm
from submissions.models import Dossier, DossierMember
from submissions.services import (
    DossierError,
    InvitationInvalid,
    dossier_transfer_ownership,
    member_invite,
    member_join,
    member_remove,
)


def _managed(request, pk: int) -> Dossier:
    dossier = Dossier.objects.select_related("applicant").filter(pk=pk).first()
    if dossier is None or not request.user.has_perm("submissions.manage_team", dossier):
        raise Http404
    return dossier


def _member(request, pk: int, member_pk: int) -> DossierMember:
    dossier = _managed(request, pk)
    return get_object_or_404(
        DossierMember.objects.select_related("dossier"), pk=member_pk, dossier=dossier
    )


@login_required
@require_POST
def team_invite(request, pk: int):
    dossier = _managed(request, pk)
    form = TeamInviteForm(request.POST)
    if form.is_valid():
        try:
            member = member_invite(
                dossier=dossier,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except DossierError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": member.email}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("submissions:dossier", pk)


@login_required
@require_POST
def team_remove(request, pk: int, member_pk: int):
    member = _member(request, pk, member_pk)
    member_remove(member=member, by=request.user)
    messages.success(request, _("%(email)s no longer has access.") % {"email": member.email})
    return redirect("submissions:dossier", pk)


@login_required
@require_POST
def team_transfer(request, pk: int, member_pk: int):
    member = _member(request, pk, member_pk)
    try:
        dossier_transfer_ownership(dossier=member.dossier, member=member, by=request.user)
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The ownership was handed over; you stay on as an editor."))
    return redirect("submissions:dossier", pk)


@login_required
@require_http_methods(["GET", "POST"])
def team_join(request, token: str):
    """A page with a button (a link scanner's GET must not join); the POST joins."""
    if request.method == "POST":
        try:
            member = member_join(token=token, user=request.user)
        except InvitationInvalid as error:
            return render(
                request, "submissions/team_join.html", {"error": error.message}, status=400
            )
        messages.success(request, _("You joined the dossier's team."))
        return redirect("submissions:dossier", member.dossier_id)
    return render(request, "submissions/team_join.html", {"token": token})
