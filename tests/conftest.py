import pytest

from categories.demo import seed_vda_2024


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Static files come from the finders (no collectstatic), uploads go to a temporary folder,
    # passwords hash fast.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp_path / "media", "base_url": None},
            },
        }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def season(db):
    """The real VDA 2024 season with its five categories and criteria."""
    return seed_vda_2024()


@pytest.fixture(autouse=True)
def _celery_in_process(request, settings):
    """Tasks run in the test's own process unless a test is an integration test: then a real
    worker consumes them from the real broker (CI sets REDIS_URL)."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    from vda_portal.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language. LocaleMiddleware activates the
    request's language in the test's own thread and nothing resets it afterwards."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _staff_pass_second_factor(request, monkeypatch):
    """`client.force_login(staff)` stands for a full sign-in, second factor included (an
    authenticator app is enrolled if the account has none). Tests of the second factor itself
    opt out with `@pytest.mark.raw_login`."""
    if request.node.get_closest_marker("raw_login"):
        return
    from django.test import Client

    from accounts.mfa.policy import requires_second_factor
    from tests.mfa import mark_second_factor_passed, track_session_as_the_client

    force_login = Client.force_login

    def force_login_with_factor(self, user, backend=None):
        force_login(self, user, backend)
        if requires_second_factor(user):
            mark_second_factor_passed(self, user)
        track_session_as_the_client(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_factor)
