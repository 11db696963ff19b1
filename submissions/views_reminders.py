"""The one-click unsubscribe link of deadline reminders (signed; no login needed)."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User
from submissions.models import ReminderOptOut, ReminderPlan
from submissions.reminders import read_unsubscribe_token, reminder_opt_out

TEMPLATES = "submissions/reminders/"


# The signed token is the only authority here (no session, no cookie), so there is nothing
# for a cross-site request to borrow; mail clients POST to it without a form (RFC 8058).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (a link scanner's GET changes nothing); POST unsubscribes."""
    try:
        user_id, plan_id = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, TEMPLATES + "unsubscribe_invalid.html", status=400)
    user = User.objects.filter(pk=user_id).first()
    plan = ReminderPlan.objects.select_related("season").filter(pk=plan_id).first()
    if user is None or plan is None:
        return render(request, TEMPLATES + "unsubscribe_invalid.html", status=404)
    with translation.override(user.language):
        if request.method == "POST":
            reminder_opt_out(user=user, plan=plan)
            response = render(request, TEMPLATES + "unsubscribe_done.html", {"plan": plan})
        else:
            done = ReminderOptOut.objects.filter(user=user, plan=plan).exists()
            context = {"plan": plan, "user_email": user.email, "already": done}
            response = render(request, TEMPLATES + "unsubscribe.html", context)
        response.headers["Content-Language"] = user.language
    return response
