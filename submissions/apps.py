from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Applicants and dossiers")

    def ready(self) -> None:
        # Models are loaded only now: the audience's module imports them.
        from submissions.reminders import applicants
        from submissions.services import publication

        applicants.register()
        publication.register()
