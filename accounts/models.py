from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    """Users log in with their email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The language of the emails this person receives: the one they last chose on the site.
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="vi"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        # Once per request's user object (reads prefetched groups when there are any).
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, role: Role) -> bool:
        return role in self.role_names

    @property
    def is_organiser(self) -> bool:
        return self.is_superuser or self.has_role(Role.ORGANISER)

    @property
    def is_judge(self) -> bool:
        return self.has_role(Role.JUDGE)

    @property
    def is_applicant(self) -> bool:
        return self.has_role(Role.APPLICANT)


class KnownDevice(models.Model):
    """A browser an account has signed in from (accounts.mfa.devices): a new one is mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="known_devices",
        verbose_name=_("account"),
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("known device")
        verbose_name_plural = _("known devices")
        constraints = [
            models.UniqueConstraint(fields=["user", "fingerprint"], name="known_device_unique")
        ]

    def __str__(self) -> str:
        return self.user_agent or self.fingerprint[:12]


# Consent and data-subject requests live in their own module; Django finds them through here.
from accounts.privacy.models import (  # noqa: E402
    Consent,
    ConsentEvent,
    ConsentPurpose,
    DataRequest,
    DataRequestKind,
    DataRequestState,
)

__all__ = [
    "Consent",
    "ConsentEvent",
    "ConsentPurpose",
    "DataRequest",
    "DataRequestKind",
    "DataRequestState",
    "KnownDevice",
    "Role",
    "User",
    "UserManager",
]
