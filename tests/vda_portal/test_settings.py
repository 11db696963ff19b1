"""Settings are driven only by environment variables: each one parsed as documented."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64 + "-production-like-key-for-the-deploy-check",
    "ALLOWED_HOSTS": "vda.example,www.vda.example",
    "DATABASE_URL": "sqlite:////tmp/vda-deploy-check.sqlite3",
}


def load_settings(**variables: str) -> dict:
    """Import the settings module in a fresh interpreter with exactly these variables."""
    script = (
        "import json, vda_portal.settings as s\n"
        "keys = ['DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'DATABASES', 'CACHES', 'STORAGES',\n"
        "        'CELERY_BROKER_URL', 'CELERY_TASK_ALWAYS_EAGER', 'EMAIL_BACKEND',\n"
        "        'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_FILE_PATH', 'SECURE_SSL_REDIRECT',\n"
        "        'SESSION_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'TIME_ZONE', 'LANGUAGE_CODE']\n"
        "print(json.dumps({k: getattr(s, k, None) for k in keys}, default=str))\n"
    )
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **variables}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


def test_debug_is_off_unless_set_and_then_a_secret_key_is_required():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_settings()
    assert load_settings(SECRET_KEY="k")["DEBUG"] is False
    assert load_settings(DEBUG="1")["DEBUG"] is True


def test_embedded_defaults():
    s = load_settings(DEBUG="1")
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DATABASES"]["default"]["NAME"] == str(ROOT / "var" / "db.sqlite3")
    assert s["CELERY_TASK_ALWAYS_EAGER"] is True
    assert s["CELERY_BROKER_URL"] == "memory://"
    assert s["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert s["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")
    assert s["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s["STORAGES"]["default"]["OPTIONS"] == {
        "location": str(ROOT / "var" / "media"),
        "base_url": None,
    }
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert s["TIME_ZONE"] == "Asia/Ho_Chi_Minh"
    assert s["LANGUAGE_CODE"] == "vi"
    assert s["SECURE_SSL_REDIRECT"] is False


def test_each_variable_is_parsed():
    s = load_settings(
        SECRET_KEY="secret",
        ALLOWED_HOSTS="a.example,b.example",
        DATABASE_URL="postgres://vda:pw@db.internal:5433/vda",
        REDIS_URL="redis://cache.internal:6380/2",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example:587",
        AWS_STORAGE_BUCKET_NAME="vda-private",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="key",
    )
    assert s["SECRET_KEY"] == "secret"
    assert s["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    db = s["DATABASES"]["default"]
    assert (db["ENGINE"], db["NAME"], db["HOST"], db["PORT"], db["USER"]) == (
        "django.db.backends.postgresql",
        "vda",
        "db.internal",
        5433,
        "vda",
    )
    assert s["CELERY_BROKER_URL"] == "redis://cache.internal:6380/2"
    assert s["CELERY_TASK_ALWAYS_EAGER"] is False
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert s["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6380/2"
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"]) == ("smtp.example", 587)
    storage = s["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "vda-private"
    assert storage["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] == 31_536_000


def test_check_deploy_is_clean_with_production_variables():
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
