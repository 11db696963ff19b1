"""/healthz/live answers without touching anything; /healthz/ready (and /healthz) check the
database, broker and storage."""

import pytest


@pytest.mark.django_db
def test_liveness_needs_nothing(client, django_assert_num_queries, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # down: liveness does not care
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_is_503_when_the_broker_is_down_and_healthz_says_the_same(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    ready, legacy = client.get("/healthz/ready"), client.get("/healthz")
    assert (ready.status_code, legacy.status_code) == (503, 503)
    assert ready.json() == legacy.json()
    assert ready.json()["broker"].startswith("error: ")
    assert client.get("/healthz/live").status_code == 200


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
