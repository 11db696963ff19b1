from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request):
    """Django's language switch, also remembered on the account for the emails we send."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    known = dict(settings.LANGUAGES)
    if user.is_authenticated and language in known and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
