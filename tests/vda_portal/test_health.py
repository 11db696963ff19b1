import os

import pytest


@pytest.mark.django_db
def test_healthz_reports_every_part(client, settings):
    # With REDIS_URL (CI), the real broker is checked; without, tasks run in-process.
    settings.CELERY_TASK_ALWAYS_EAGER = not os.environ.get("REDIS_URL")
    response = client.get("/healthz")
    expected_broker = "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": expected_broker,
        "storage": "ok",
        "status": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["storage"] == "ok"
    assert body["broker"].startswith("error: ")


@pytest.mark.django_db
def test_healthz_is_503_when_storage_is_unusable(client, settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": not_a_folder},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error: ")
