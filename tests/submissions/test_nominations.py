"""The nomination lifecycle: nominate → open → claim → submit; decline; expire; resend;
tampered and reused links; limits; the nominator never sees the dossier."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from submissions.models import DossierStatus, Nomination, NominationState
from submissions.services import (
    ClaimLinkInvalid,
    NominationError,
    NotEligible,
    dossier_submit,
    nomination_claim,
    nomination_create,
    nomination_decline,
    nomination_open,
    nomination_refuse,
    nomination_resend,
    nominations_expire,
)
from submissions.services.nominations import CLAIM_SALT, claim_token
from tests.factories import UserFactory, applicant, foreign_individual_profile
from tests.submissions import files
from tests.submissions.conftest import upload

REASON = "Nền tảng phục vụ hơn một triệu người dùng và đổi mới quy trình bán lẻ."


@pytest.fixture
def nominator(db):
    return UserFactory(email="nominator@example.com")


@pytest.fixture
def organiser(db):
    return UserFactory(role="Organisers", is_staff=True)


@pytest.fixture
def nominate(season, nominator, open_window):
    def make(**overrides):
        data = {
            "nominator": nominator,
            "category": season.categories.get(number=3),
            "nominee_name": "Công ty An Phát",
            "nominee_email": "nominee@example.com",
            "reason": REASON,
            "product_name": "An Phát Pay",
            **overrides,
        }
        return nomination_create(**data)

    return make


@pytest.mark.django_db
def test_nominate_claim_submit(nominate, nominator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nominate()
    (email,) = mailoutbox
    assert email.to == ["nominee@example.com"]
    token = re.search(r"/nominations/claim/([^/\s]+)/", email.body).group(1)
    assert nomination_open(token=token).state == NominationState.OPENED
    nominee = applicant("nominee@example.com")
    claimed = nomination_claim(token=token, user=nominee)
    dossier = claimed.dossier
    assert claimed.state == NominationState.CLAIMED
    assert (dossier.applicant, dossier.category.number) == (nominee, 3)
    assert (dossier.title, dossier.product_name, dossier.summary) == (
        "An Phát Pay",
        "An Phát Pay",
        REASON,
    )
    assert dossier.status == DossierStatus.DRAFT
    # The nominee completes and submits like anyone; the nominator sees only the state.
    for document_type in ("application_form", "business_registration", "ip_commitment"):
        upload(dossier, document_type, files.pdf(), f"{document_type}.pdf", nominee)
    from tests.factories import PRODUCT_CONTENT

    for name, value in PRODUCT_CONTENT.items():
        setattr(dossier, name, value)
    dossier.save()
    assert dossier_submit(dossier=dossier, by=nominee).status == DossierStatus.SUBMITTED
    assert not nominator.has_perm("submissions.view_dossier", dossier)
    # Used once: the same link no longer works.
    with pytest.raises(ClaimLinkInvalid):
        nomination_claim(token=token, user=nominee)


@pytest.mark.django_db
def test_nominator_page_shows_state_and_never_the_dossier(client, nominate, nominator):
    nomination = nominate()
    nominee = applicant("nominee@example.com")
    nomination = nomination_claim(token=claim_token(nomination), user=nominee)
    client.force_login(nominator)
    html = client.get(reverse("submissions:nominations")).content.decode()
    assert f'data-nomination="{nomination.pk}"' in html
    assert 'data-state="claimed"' in html
    assert reverse("submissions:dossier", args=[nomination.dossier_id]) not in html
    page = client.get(reverse("submissions:dossier", args=[nomination.dossier_id]))
    assert page.status_code == 404


@pytest.mark.django_db
def test_nominating_through_the_page(client, season, nominator, open_window, mailoutbox):
    client.force_login(nominator)
    data = {
        "category": season.categories.get(number=3).pk,
        "nominee_name": "Viện Số",
        "nominee_email": "vien@example.com",
        "reason": "Lý do",
        "product_name": "",
    }
    response = client.post(reverse("submissions:nominations"), data)
    assert response.status_code == 302
    assert Nomination.objects.get().nominee_email == "vien@example.com"
    too_long = {**data, "reason": "từ " * 301}
    response = client.post(reverse("submissions:nominations"), too_long)
    assert response.status_code == 200
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
def test_claim_page_flow_for_a_new_user(client, nominate):
    nomination = nominate()
    url = reverse("submissions:nomination_claim", args=[claim_token(nomination)])
    assert client.get(url).status_code == 200
    nomination.refresh_from_db()
    assert nomination.state == NominationState.OPENED
    response = client.post(url, {"action": "claim"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    nominee = applicant("nominee@example.com")
    client.force_login(nominee)
    response = client.post(url, {"action": "claim"})
    nomination.refresh_from_db()
    assert response["Location"] == reverse("submissions:dossier", args=[nomination.dossier_id])
    page = client.get(response["Location"]).content.decode()
    assert "data-nominated-by" in page
    assert "nominator@example.com" in page


@pytest.mark.django_db
def test_eligibility_applies_to_the_nominee(nominate):
    nomination = nominate()
    foreigner = applicant("foreigner@example.com", **foreign_individual_profile())
    with pytest.raises(NotEligible):
        nomination_claim(token=claim_token(nomination), user=foreigner)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.dossier) == (NominationState.SENT, None)


@pytest.mark.django_db
def test_tampered_and_forged_links_are_refused(client, nominate):
    nomination = nominate()
    token = claim_token(nomination)
    nominee = applicant("nominee@example.com")
    forged = signing.dumps([nomination.pk, "guess"], salt=CLAIM_SALT)
    for bad in (token[:-3] + "abc", forged, signing.dumps([nomination.pk, nomination.nonce])):
        with pytest.raises(ClaimLinkInvalid):
            nomination_claim(token=bad, user=nominee)
        page = client.get(reverse("submissions:nomination_claim", args=[bad]))
        assert page.status_code == 400
        assert "Công ty An Phát" not in page.content.decode()  # reveals nothing
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SENT


@pytest.mark.django_db
def test_declined_by_the_nominee_or_an_organiser(nominate, organiser, nominator):
    first = nominate()
    token = claim_token(first)
    assert nomination_refuse(token=token).state == NominationState.DECLINED
    with pytest.raises(ClaimLinkInvalid):
        nomination_claim(token=token, user=applicant("nominee@example.com"))
    second = nominate(nominee_email="other@example.com")
    with pytest.raises(NominationError):
        nomination_decline(nomination=second, reason="  ", by=organiser)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        nomination_decline(nomination=second, reason="x", by=nominator)
    declined = nomination_decline(nomination=second, reason="Trùng lặp", by=organiser)
    assert (declined.state, declined.decline_reason, declined.declined_by) == (
        NominationState.DECLINED,
        "Trùng lặp",
        organiser,
    )


@pytest.mark.django_db
def test_resend_gives_a_new_link_and_the_old_stops(
    nominate, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = nominate()
    old = claim_token(nomination)
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nomination_resend(nomination=nomination, by=organiser)
    assert len(mailoutbox) == 1
    new = re.search(r"/nominations/claim/([^/\s]+)/", mailoutbox[0].body).group(1)
    nominee = applicant("nominee@example.com")
    with pytest.raises(ClaimLinkInvalid):
        nomination_claim(token=old, user=nominee)
    assert nomination_claim(token=new, user=nominee).state == NominationState.CLAIMED


@pytest.mark.django_db
def test_unclaimed_nominations_expire_at_the_deadline_and_stay(nominate, time_machine, season):
    nomination = nominate()
    token = claim_token(nomination)
    time_machine.move_to(season.submissions_close_at, tick=False)
    with pytest.raises(ClaimLinkInvalid):
        nomination_claim(token=token, user=applicant("nominee@example.com"))
    assert nominations_expire() == 1
    nomination.refresh_from_db()
    assert nomination.state == NominationState.EXPIRED
    assert nominations_expire() == 0


@pytest.mark.django_db
def test_at_most_n_per_nominator_per_season(nominate, season, nominator):
    season.nominations_per_nominator = 2
    season.save()
    nominate(nominee_email="a@example.com")
    nominate(nominee_email="b@example.com")
    with pytest.raises(NominationError):
        nominate(nominee_email="c@example.com")
    assert Nomination.objects.filter(nominator=nominator).count() == 2


@pytest.mark.django_db
def test_rate_limited_per_hour(nominate, season, nominator, time_machine):
    season.nominations_per_nominator = 50
    season.save()
    for n in range(10):
        nominate(nominee_email=f"n{n}@example.com")
    with pytest.raises(NominationError):
        nominate(nominee_email="late@example.com")
    time_machine.shift(timedelta(hours=1, seconds=1))
    assert nominate(nominee_email="late@example.com").state == NominationState.SENT


@pytest.mark.django_db
def test_nominator_shown_to_judges_only_per_season_setting(nominate, season):
    from submissions.rules import _extra_viewer_rules, register_viewer_rule

    nomination = nomination_claim(
        token=claim_token(nominate()), user=applicant("nominee@example.com")
    )
    dossier = nomination.dossier
    judge = UserFactory(email="judge@example.com")
    rule = lambda user, d: user.pk == judge.pk  # noqa: E731
    register_viewer_rule(rule)
    try:
        assert not judge.has_perm("submissions.see_nominator", dossier)
        season.show_nominator_to_judges = True
        season.save()
        dossier.season.refresh_from_db()
        assert judge.has_perm("submissions.see_nominator", dossier)
    finally:
        _extra_viewer_rules.remove(rule)


@pytest.mark.django_db
def test_the_nomination_page_and_email_in_both_languages(
    client, nominator, nominate, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(nominator)
    vi = client.get(reverse("submissions:nominations")).content.decode()
    assert "Đề cử một tổ chức hoặc cá nhân" in vi
    client.cookies["django_language"] = "en"
    en = client.get(reverse("submissions:nominations"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nominate an organisation or person" in en
    with django_capture_on_commit_callbacks(execute=True):
        nominate()
    assert mailoutbox[0].subject.startswith("[VDA] Công ty An Phát được đề cử")
    from submissions.mail import render_email

    english = render_email(
        template="submissions/email/nomination",
        context={"nomination": Nomination.objects.get(), "claim_url": "http://x/"},
        language="en",
    )
    assert english.subject == "[VDA] Công ty An Phát was nominated for the Vietnam Digital Awards"


@pytest.mark.django_db
def test_claiming_signed_out_returns_to_the_claim_page_after_sign_in_and_one_post_claims(
    client, nominate
):
    """The intent survives sign-in through ``next``: back on the claim page, one button (a
    POST, as every claim) starts the dossier; a GET never claims."""
    from urllib.parse import parse_qs, urlsplit

    from allauth.account.models import EmailAddress

    nomination = nominate()
    url = reverse("submissions:nomination_claim", args=[claim_token(nomination)])
    response = client.post(url, {"action": "claim"})
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith("/accounts/login/")
    assert parse_qs(urlsplit(login).query)["next"] == [url]
    nominee = applicant("nominee@example.com")
    EmailAddress.objects.create(user=nominee, email=nominee.email, verified=True, primary=True)
    response = client.post(login, {"login": nominee.email, "password": "pw-123456789"})
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert page.count('value="claim"') == 1
    assert 'method="post"' in page
    nomination.refresh_from_db()
    assert nomination.state == NominationState.OPENED  # the GET only records the opening
    response = client.post(url, {"action": "claim"})
    nomination.refresh_from_db()
    assert nomination.state == NominationState.CLAIMED
    assert response["Location"] == reverse("submissions:dossier", args=[nomination.dossier_id])
