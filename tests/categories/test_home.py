from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_home_in_vietnamese_by_default(client, season, time_machine):
    time_machine.move_to(datetime(2024, 6, 20, 12, 0, tzinfo=ICT))
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Cơ quan nhà nước chuyển đổi số xuất sắc" in html
    assert "Sản phẩm, dịch vụ, giải pháp công nghệ nước ngoài" in html
    assert "30/06/2024 23:59:59" in html
    assert "Hạng mục 5" in html
    assert "Thời gian còn lại để nộp hồ sơ" in html
    assert "10 ngày, 12 giờ" in html


@pytest.mark.django_db
def test_home_in_english_after_switching(client, season, time_machine):
    time_machine.move_to(datetime(2024, 6, 20, 12, 0, tzinfo=ICT))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Excellent digital transformation – state agency" in html
    assert "Foreign technology product, service or solution" in html
    assert "Category 5" in html
    assert "Time left to submit:" in html
    assert "10 days, 12 hours" in html
    assert "Cơ quan nhà nước chuyển đổi số xuất sắc" not in html


@pytest.mark.django_db
def test_home_after_the_deadline_says_closed(client, season, time_machine):
    time_machine.move_to(datetime(2024, 7, 1, 0, 0, 0, tzinfo=ICT))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submissions are closed." in html
    assert "Time left" not in html


@pytest.mark.django_db
def test_home_without_a_season(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có mùa giải nào được công bố." in response.content.decode()


@pytest.mark.django_db
def test_deadline_second_is_open_and_the_next_one_closed(season):
    assert season.accepts_submissions(datetime(2024, 6, 30, 23, 59, 59, 999999, tzinfo=ICT))
    assert not season.accepts_submissions(datetime(2024, 7, 1, 0, 0, 0, tzinfo=ICT))
    assert not season.accepts_submissions(datetime(2024, 4, 15, 23, 59, 59, tzinfo=ICT))
    assert season.accepts_submissions(datetime(2024, 4, 16, 0, 0, 0, tzinfo=ICT))
    assert timezone.is_aware(season.submission_deadline)


@pytest.mark.django_db
def test_home_sends_a_strict_content_security_policy(client, season):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_home_has_one_call_to_action_and_every_date_in_vietnam_time(client, season, time_machine):
    import re

    from tests.factories import DossierFactory, applicant

    time_machine.move_to(datetime(2024, 6, 20, 12, 0, tzinfo=ICT))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    action = html[html.index("data-call-to-action") :]
    action = action[: action.index("</p>")]
    assert action.count("btn-primary") == 1
    assert 'href="/accounts/signup/">Sign up to enter</a>' in action
    dates = re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time> \(Vietnam time\)", html)
    assert dates[:2] == ["16/04/2024 00:00", "30/06/2024 23:59:59"]
    owner = applicant("cta@example.com")
    draft = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    client.force_login(owner)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/applicant/dossiers/{draft.pk}/">Continue my dossier</a>' in html
