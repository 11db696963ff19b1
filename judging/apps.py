from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from judging.selectors import judge_can_view
        from submissions.access import register_viewer_rule

        # An assigned, non-conflicted judge may view the dossier and its files.
        register_viewer_rule(judge_can_view)
        self._register_reminder_audience()

    @staticmethod
    def _register_reminder_audience() -> None:
        try:
            from judging.reminders import register
        except ImportError:  # the reminder engine is not there yet
            return
        register()
