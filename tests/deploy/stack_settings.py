"""Settings of the gunicorn processes that tests/deploy/test_nginx.py starts: production's
(vda_portal/settings.py, driven by the environment the test passes), except that static files
come from the finders (collectstatic with compression takes most of a minute) and passwords
hash fast."""

from vda_portal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
