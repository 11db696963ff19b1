from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from submissions.models import ApplicantProfile
from tests.factories import UserFactory, applicant

ENTERPRISE = {
    "kind": "enterprise",
    "legal_name": "Công ty TNHH Phần mềm Sông Hàn",
    "established_in_vietnam": "true",
    "legal_representative_in_vietnam": "true",
    "legal_representative_name": "Võ Thị Lan",
    "legal_representative_position": "Giám đốc",
    "legal_representative_id_number": "048190001234",
    "tax_code": "0105668884",
    "province_code": "48",
    "address": "12 Bạch Đằng, Hải Châu",
    "works_in_ict": "true",
    "phone": "+84 905 123 456",
    "contact_person": "Võ Thị Lan",
}
FOREIGN_PERSON = {
    "kind": "individual",
    "full_name": "Anna Schmidt",
    "vietnamese_citizen": "false",
    "nationality": "Đức",
    "passport_number": "c01x00t47",
    "residence_card_number": "TT-2021-004512",
    "residence_card_expiry": "05/06/2027",
    "province_code": "79",
    "address": "2 Hải Triều, Quận 1",
    "works_in_ict": "true",
    "phone": "0905123456",
    "contact_person": "Anna Schmidt",
}


@pytest.fixture
def new_applicant(db):
    return UserFactory(role=Role.APPLICANT)


@pytest.mark.django_db
def test_an_enterprise_saves_its_profile_with_normalised_values(client, season, new_applicant):
    client.force_login(new_applicant)
    response = client.post(reverse("submissions:profile"), ENTERPRISE)
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=new_applicant)
    assert (profile.tax_code, profile.phone, profile.province_code, profile.province_name) == (
        "0105668884",
        "+84905123456",
        "48",
        "Thành phố Đà Nẵng",
    )
    assert profile.country == "Việt Nam"
    assert profile.vietnamese_citizen is None


@pytest.mark.django_db
def test_a_foreign_individual_reads_dates_day_first(client, season, new_applicant):
    client.force_login(new_applicant)
    client.post(reverse("submissions:profile"), FOREIGN_PERSON)
    profile = ApplicantProfile.objects.get(user=new_applicant)
    assert profile.residence_card_expiry == date(2027, 6, 5)
    assert profile.passport_number == "C01X00T47"
    assert profile.facts().residence_card_expiry == date(2027, 6, 5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0105668885", "Mã số thuế không hợp lệ"),
        ("tax_code", "01056688", "Nhập mã số thuế gồm 10 chữ số"),
        ("phone", "0123", "Nhập số điện thoại Việt Nam"),
        ("legal_name", "", "Trường này là bắt buộc."),
    ],
)
def test_bad_organisation_input_is_refused_at_its_field(
    client, season, new_applicant, field, value, message
):
    client.force_login(new_applicant)
    response = client.post(reverse("submissions:profile"), {**ENTERPRISE, field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'value="{ENTERPRISE["address"]}"' in response.content.decode()  # nothing lost
    assert not ApplicantProfile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"vietnamese_citizen": "true", "citizen_id": "12345678901"}, "citizen_id", "12 chữ số"),
        ({"residence_card_expiry": "31/02/2027"}, "residence_card_expiry", "Nhập một ngày hợp lệ"),
        ({"residence_card_expiry": ""}, "residence_card_expiry", "ngày hết hạn"),
    ],
)
def test_bad_individual_input_is_refused_at_its_field(
    client, season, new_applicant, overrides, field, message
):
    client.force_login(new_applicant)
    response = client.post(reverse("submissions:profile"), {**FOREIGN_PERSON, **overrides})
    assert message in " ".join(response.context["form"].errors[field])
    assert not ApplicantProfile.objects.exists()


@pytest.mark.django_db
def test_changing_the_kind_drops_the_facts_of_the_old_kind(client, season, new_applicant):
    client.force_login(new_applicant)
    client.post(reverse("submissions:profile"), ENTERPRISE)
    client.post(reverse("submissions:profile"), {**ENTERPRISE, **FOREIGN_PERSON})
    profile = ApplicantProfile.objects.get(user=new_applicant)
    assert profile.kind == "individual"
    assert (profile.legal_name, profile.tax_code, profile.established_in_vietnam) == ("", "", None)
    assert profile.legal_representative_in_vietnam is None


@pytest.mark.django_db
def test_the_profile_page_shows_all_five_categories_with_reasons(client, season, time_machine):
    time_machine.move_to(date(2024, 6, 1))
    user = applicant()
    client.force_login(user)
    html = client.get(reverse("submissions:profile")).content.decode()
    for number, eligible in [(1, "false"), (2, "true"), (3, "true"), (4, "true"), (5, "false")]:
        assert f'data-category="{number}" data-eligible="{eligible}"' in html
    assert 'data-reason="not_foreign"' in html
    assert 'data-reason="kind_not_allowed"' in html


@pytest.mark.django_db
def test_the_live_preview_reads_unsaved_facts(client, season, new_applicant):
    client.force_login(new_applicant)
    response = client.post(
        reverse("submissions:profile_preview"),
        {**FOREIGN_PERSON, "residence_card_expiry": "01/01/2020"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'data-category="5" data-eligible="false"' in html
    assert 'data-reason="residence_card_expired"' in html
    assert not ApplicantProfile.objects.exists()


@pytest.mark.django_db
def test_an_applicant_changes_only_their_own_profile(client, season):
    alice = applicant("alice@example.com")
    bob = applicant("bob@example.com")
    bob_before = ApplicantProfile.objects.values().get(user=bob)
    client.force_login(alice)
    page = client.get(reverse("submissions:profile")).content.decode()
    assert alice.applicant_profile.legal_name in page
    assert bob.applicant_profile.legal_name not in page
    client.post(reverse("submissions:profile"), {**ENTERPRISE, "legal_name": "Alice Co"})
    assert ApplicantProfile.objects.get(user=alice).legal_name == "Alice Co"
    assert ApplicantProfile.objects.values().get(user=bob) == bob_before


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, Role.JUDGE, Role.ORGANISER])
def test_only_applicants_reach_the_profile(client, season, role):
    url = reverse("submissions:profile")
    if role is None:
        assert client.get(url).status_code == 302
        return
    client.force_login(UserFactory(role=role, is_staff=True))
    assert client.get(url).status_code == 403
    assert client.post(url, ENTERPRISE).status_code == 403
    assert not ApplicantProfile.objects.exists()


@pytest.mark.django_db
def test_the_profile_stores_e164_and_shows_the_number_formatted(client, season, new_applicant):
    client.force_login(new_applicant)
    client.post(reverse("submissions:profile"), {**ENTERPRISE, "phone": "+49 30 12345678"})
    assert ApplicantProfile.objects.get(user=new_applicant).phone == "+493012345678"
    html = client.get(reverse("submissions:profile")).content.decode()
    assert 'value="+49 30 12345678"' in html
