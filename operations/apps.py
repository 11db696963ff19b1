from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What the operators use: backups and restores, metrics. No models of its own."""

    name = "operations"
    verbose_name = _("Operations")
