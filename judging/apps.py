from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which cannot load
        # before the app registry is ready (AppRegistryNotReady).
        from judging import reminders
        from judging.deadlines import preliminary_opening
        from judging.selectors import judge_can_view
        from submissions.access import register_viewer_rule
        from submissions.deadlines import register_extension_cutoff

        # An assigned, non-conflicted judge may view the dossier and its files.
        register_viewer_rule(judge_can_view)
        # Deadline extensions end when the preliminary round opens.
        register_extension_cutoff(preliminary_opening)
        # Judges with unfinished reviews are one more audience of the reminder engine.
        reminders.register()
