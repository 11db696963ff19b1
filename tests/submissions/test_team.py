"""Teams on a dossier: invitations, the permission matrix, ownership, two editors at once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import TimestampSigner
from django.urls import reverse

from submissions.models import (
    Attachment,
    Dossier,
    DossierMember,
    DossierStatus,
    MemberState,
    StaleSave,
)
from submissions.services import (
    InvitationInvalid,
    StaleVersion,
    dossier_save,
    dossier_transfer_ownership,
    member_invite,
    member_join,
    member_remove,
)
from submissions.services.team import INVITATION_SALT, invitation_token
from tests.factories import applicant
from tests.submissions import files
from tests.submissions.test_dossier_views import _form_data


def join(dossier, user, role, by):
    member = member_invite(dossier=dossier, email=user.email, role=role, by=by)
    return member_join(token=invitation_token(member), user=user)


@pytest.fixture
def team(complete_draft, owner):
    editor = applicant("editor@example.com")
    viewer = applicant("viewer@example.com")
    removed = applicant("removed@example.com")
    stranger = applicant("stranger@example.com")
    join(complete_draft, editor, "editor", owner)
    join(complete_draft, viewer, "viewer", owner)
    gone = join(complete_draft, removed, "editor", owner)
    member_remove(member=gone, by=owner)
    return {
        "owner": owner,
        "editor": editor,
        "viewer": viewer,
        "removed": removed,
        "stranger": stranger,
    }


def state(dossier: Dossier) -> tuple:
    row = Dossier.objects.filter(pk=dossier.pk).values().first()  # None once deleted
    if row:
        row.pop("updated_at")
    members = list(DossierMember.objects.order_by("pk").values_list("pk", "state", "user", "role"))
    return (
        row,
        list(Attachment.objects.filter(dossier=dossier).values_list("pk", flat=True)),
        members,
    )


def actions(dossier, attachment, editor_member):
    pk = dossier.pk
    return {
        "save": (
            reverse("submissions:dossier", args=[pk]),
            {**_form_data(dossier), "title": "Changed", "action": "save"},
        ),
        "autosave": (
            reverse("submissions:dossier_autosave", args=[pk]),
            {**_form_data(dossier), "title": "Changed"},
        ),
        "upload": (
            reverse("submissions:attachment_upload", args=[pk]),
            {"document_type": "other", "file": SimpleUploadedFile("x.pdf", files.pdf())},
        ),
        "remove_file": (reverse("submissions:attachment_remove", args=[attachment.pk]), {}),
        "submit": (
            reverse("submissions:dossier", args=[pk]),
            {**_form_data(dossier), "action": "submit"},
        ),
        # A draft is deleted, not withdrawn (withdrawing is for a submitted dossier).
        "delete_draft": (reverse("submissions:dossier_delete", args=[pk]), {}),
        "invite": (
            reverse("submissions:team_invite", args=[pk]),
            {"email": "new@example.com", "role": "editor"},
        ),
        "remove_member": (
            reverse("submissions:team_remove", args=[pk, editor_member.pk]),
            {},
        ),
        "transfer": (reverse("submissions:team_transfer", args=[pk, editor_member.pk]), {}),
    }


# Who may do what: True = allowed; a refusal is 404 (or 403 for an editor's submit).
MATRIX = {
    "view": {"owner", "editor", "viewer"},
    "download": {"owner", "editor", "viewer"},
    "save": {"owner", "editor"},
    "autosave": {"owner", "editor"},
    "upload": {"owner", "editor"},
    "remove_file": {"owner", "editor"},
    "submit": {"owner"},
    "delete_draft": {"owner"},
    "invite": {"owner"},
    "remove_member": {"owner"},
    "transfer": {"owner"},
}
WHO = ["owner", "editor", "viewer", "removed", "stranger"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_reads_follow_the_team(client, team, complete_draft, who):
    attachment = complete_draft.attachments.first()
    client.force_login(team[who])
    page = client.get(reverse("submissions:dossier", args=[complete_draft.pk]))
    download = client.get(reverse("submissions:attachment_download", args=[attachment.pk]))
    expected = 200 if who in MATRIX["view"] else 404
    assert (page.status_code, download.status_code) == (expected, expected)
    if who == "viewer":
        html = page.content.decode()
        assert 'id="dossier-form"' not in html  # a viewer reads, never edits
        assert b"".join(download.streaming_content) == files.pdf()


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", [a for a in MATRIX if a not in ("view", "download")])
def test_every_write_is_refused_to_those_without_the_right_and_changes_nothing(
    client, team, complete_draft, who, action
):
    editor_member = DossierMember.objects.get(user=team["editor"])
    url, data = actions(complete_draft, complete_draft.attachments.first(), editor_member)[action]
    client.force_login(team[who])
    before = state(complete_draft)
    response = client.post(url, data)
    if who in MATRIX[action]:
        assert response.status_code in (200, 302), response.content[:300]
        assert state(complete_draft) != before
    else:
        expected = 403 if (who, action) == ("editor", "submit") else 404
        assert response.status_code == expected
        assert state(complete_draft) == before
        assert StaleSave.objects.count() == 0


@pytest.mark.django_db
def test_editor_changes_show_who_made_them(client, team, complete_draft):
    client.force_login(team["editor"])
    client.post(
        reverse("submissions:dossier", args=[complete_draft.pk]),
        {**_form_data(complete_draft), "title": "Editor's title", "action": "save"},
    )
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Editor's title"
    assert complete_draft.last_edited_by == team["editor"]
    assert complete_draft.history.first().history_user == team["editor"]
    page = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()
    assert "editor@example.com" in page


@pytest.mark.django_db
def test_two_editors_at_once_keep_both_texts_and_name_who_saved_the_newer(team, complete_draft):
    opened = complete_draft.version
    dossier_save(
        dossier=complete_draft, data={"title": "Owner's"}, version=opened, by=team["owner"]
    )
    with pytest.raises(StaleVersion) as refused:
        dossier_save(
            dossier=complete_draft, data={"title": "Editor's"}, version=opened, by=team["editor"]
        )
    assert "Người dùng" in refused.value.message or "owner@example.com" in refused.value.message
    assert team["owner"].full_name in refused.value.message
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Owner's"
    kept = StaleSave.objects.get()
    assert (kept.author, kept.data["title"]) == (team["editor"], "Editor's")


@pytest.mark.django_db
def test_editors_see_the_dossier_on_their_dashboard_and_lose_it_when_removed(
    client, team, complete_draft, owner
):
    client.force_login(team["editor"])
    dashboard = client.get(reverse("submissions:home")).content.decode()
    assert f'data-dossier="{complete_draft.pk}"' in dashboard
    assert "data-shared" in dashboard
    member_remove(member=DossierMember.objects.get(user=team["editor"]), by=owner)
    dashboard = client.get(reverse("submissions:home")).content.decode()
    assert f'data-dossier="{complete_draft.pk}"' not in dashboard
    page = client.get(reverse("submissions:dossier", args=[complete_draft.pk]))
    assert page.status_code == 404


@pytest.mark.django_db
def test_invitation_email_and_join_by_the_link(
    client, complete_draft, owner, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = applicant("colleague@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        member_invite(
            dossier=complete_draft, email="Colleague@Example.com", role="editor", by=owner
        )
    (email,) = mailoutbox
    assert email.to == ["colleague@example.com"]
    link = re.search(r"http\S+/team/join/\S+/", email.body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    client.force_login(colleague)
    assert client.get(path).status_code == 200
    assert DossierMember.objects.get().state == MemberState.INVITED  # a GET does not join
    response = client.post(path)
    assert response.status_code == 302
    member = DossierMember.objects.get()
    assert (member.state, member.user, member.nonce) == (MemberState.ACTIVE, colleague, "")
    # The link works once.
    assert client.post(path).status_code == 400


@pytest.mark.django_db
def test_tampered_expired_reused_or_forwarded_links_are_refused(
    complete_draft, owner, time_machine
):
    colleague = applicant("colleague@example.com")
    other = applicant("forwarded@example.com")
    member = member_invite(dossier=complete_draft, email=colleague.email, role="viewer", by=owner)
    token = invitation_token(member)
    with pytest.raises(InvitationInvalid):
        member_join(token=token[:-2] + "xx", user=colleague)
    with pytest.raises(InvitationInvalid):
        member_join(token=token, user=other)  # a forwarded link opens nothing
    forged = TimestampSigner(salt=INVITATION_SALT).sign(f"{member.pk}:x")
    with pytest.raises(InvitationInvalid):
        member_join(token=forged, user=colleague)
    time_machine.shift(15 * 24 * 3600)
    with pytest.raises(InvitationInvalid):
        member_join(token=token, user=colleague)
    assert DossierMember.objects.get().state == MemberState.INVITED


@pytest.mark.django_db
def test_removed_invitation_link_no_longer_works(complete_draft, owner):
    colleague = applicant("colleague@example.com")
    member = member_invite(dossier=complete_draft, email=colleague.email, role="editor", by=owner)
    member_remove(member=member, by=owner)
    with pytest.raises(InvitationInvalid):
        member_join(token=invitation_token(member), user=colleague)


@pytest.mark.django_db
def test_ownership_handed_to_an_editor_who_then_submits(team, complete_draft, owner):
    member = DossierMember.objects.get(user=team["editor"])
    dossier = dossier_transfer_ownership(dossier=complete_draft, member=member, by=owner)
    assert dossier.applicant == team["editor"]
    member.refresh_from_db()
    assert (member.user, member.role, member.state) == (owner, "editor", MemberState.ACTIVE)
    assert not owner.has_perm("submissions.submit_dossier", dossier)
    assert team["editor"].has_perm("submissions.submit_dossier", dossier)
    assert owner.has_perm("submissions.edit_dossier", dossier)
    from submissions.services import dossier_submit

    submitted = dossier_submit(dossier=dossier, by=team["editor"])
    assert submitted.status == DossierStatus.SUBMITTED
    assert dossier.history.filter(history_change_reason__startswith="ownership").count() == 1


@pytest.mark.django_db
def test_team_changes_are_in_the_history(team, complete_draft, owner):
    from submissions.selectors import dossier_team_history

    entries = [(h.email, h.state, h.history_user) for h in dossier_team_history(complete_draft)]
    assert ("removed@example.com", "removed", owner) in entries
    assert ("editor@example.com", "active", team["editor"]) in entries
    assert ("editor@example.com", "invited", owner) in entries


@pytest.mark.django_db
def test_the_owner_sees_the_team_history_and_members_do_not(client, team, complete_draft):
    url = reverse("submissions:dossier", args=[complete_draft.pk])
    client.force_login(team["owner"])
    page = client.get(url).content.decode()
    assert "data-team-history" in page
    assert "removed@example.com" in page
    client.force_login(team["viewer"])
    page = client.get(url).content.decode()
    assert "data-team-history" not in page
    assert "removed@example.com" not in page  # a removed member is no longer listed


@pytest.mark.django_db
def test_an_erased_member_leaves_the_team_and_their_address_goes(client, team, complete_draft):
    from tests.submissions.test_personal_data import erase

    editor = team["editor"]
    client.force_login(editor)
    erase(client)
    member = DossierMember.objects.get(user=editor)
    assert member.state == MemberState.REMOVED
    assert member.email == f"erased-{editor.pk}@erased.invalid"
    assert not DossierMember.history.filter(email="editor@example.com").exists()
    assert not editor.has_perm("submissions.view_dossier", complete_draft)


@pytest.mark.django_db
def test_a_members_page_reads_their_role_once_and_the_next_request_again(
    client, team, complete_draft, owner
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(team["editor"])
    url = reverse("submissions:dossier", args=[complete_draft.pk])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    roles = [q for q in queries if q["sql"].startswith('SELECT "submissions_dossiermember"."role"')]

    assert page.context["editable"] is True
    assert len(roles) == 1
    member_remove(member=DossierMember.objects.get(user=team["editor"]), by=owner)
    assert client.get(url).status_code == 404
