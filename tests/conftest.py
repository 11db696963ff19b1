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
