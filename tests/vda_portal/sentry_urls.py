"""A page that fails, for tests/vda_portal/test_sentry.py only."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # the test posts without a CSRF token; what matters is what the report holds
def failing_view(request):
    request.POST, request.FILES  # noqa: B018 (the form is read, as a real view would)
    raise RuntimeError("the dossier page failed")


urlpatterns = [
    path("fails/", failing_view),
    path("", include("vda_portal.urls")),
]
