from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    # Permissions exist only after migrate has run, so role groups are refreshed then.
    # Imported here: accounts.permissions loads auth models, not importable before the app
    # registry is ready (this module is imported while it loads).
    from accounts.permissions import sync_role_permissions

    sync_role_permissions()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="accounts_sync_roles")
        from allauth.mfa.signals import authenticator_added  # needs the app registry ready

        from accounts.mfa.receivers import on_authenticator_added

        authenticator_added.connect(on_authenticator_added, dispatch_uid="accounts_mfa_enrolled")
