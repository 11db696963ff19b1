"""Every role's pages pass axe-core (WCAG 2.2 AA and best practices) with 0 violations; the
pages that hold long names (a submitted dossier's files, a round's results) do not scroll
sideways at 360 px. One live server, one browser, the demo data seeded once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser, Page

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from judging.models import Assignment, JudgeTie, Round
from submissions.models import Dossier
from tests.e2e.axe import violations
from tests.e2e.staff import sign_in_staff

pytestmark = pytest.mark.e2e


def scene() -> dict:
    cache.clear()
    call_command("seed_demo", "--open-now", "--force", verbosity=0)
    applicant = User.objects.get(email="applicant1@example.com")
    dossiers = Dossier.objects.filter(applicant=applicant, season__year=2024)
    submitted = dossiers.get(receipt_number__isnull=False)
    # A judge of the applicant's submitted dossier with no declared ties (so no suggested
    # conflict stands before the dossier when the scoring page first opens): it opens to them.
    assignment = (
        Assignment.objects.filter(status="active", dossier=submitted)
        .exclude(judge__in=JudgeTie.objects.values("judge"))
        .select_related("judge")
        .first()
    )
    return {
        "applicant": applicant,
        "submitted": submitted,
        "draft": dossiers.get(receipt_number__isnull=True),
        "other_draft": Dossier.objects.get(applicant__email="applicant4@example.com"),
        "judge": assignment.judge,
        "assignment": assignment,
        "organiser": User.objects.get(email="organiser@example.com"),
        "round": Round.objects.get(pk=assignment.round_id),
    }


def pages(s: dict) -> dict[str, list[tuple[str, int]]]:
    """(path, expected status) per role: every page each role reaches, and its error pages."""
    submitted, draft, other = s["submitted"].pk, s["draft"].pk, s["other_draft"].pk
    return {
        "visitor": [
            ("/", 200),
            ("/accounts/login/", 200),
            ("/accounts/signup/", 200),
            ("/accounts/password/reset/", 200),
            ("/privacy/", 200),
            ("/no-such-page/", 404),
        ],
        "applicant": [
            ("/", 200),
            ("/applicant/", 200),
            ("/applicant/profile/", 200),
            ("/applicant/dossiers/new/", 200),
            (f"/applicant/dossiers/{draft}/", 200),
            (f"/applicant/dossiers/{submitted}/", 200),
            ("/applicant/my-data/", 200),
            ("/accounts/2fa/", 200),
            ("/accounts/sessions/", 200),
            ("/accounts/email/", 200),
            ("/accounts/password/change/", 200),
            (f"/applicant/dossiers/{other}/", 404),
            ("/organisers/", 403),
        ],
        "judge": [
            ("/admin/", 200),
            ("/admin/judging/myassignment/", 200),
            (f"/admin/judging/myassignment/{s['assignment'].pk}/score/", 200),
            (f"/admin/judging/myassignment/{s['assignment'].pk}/conflict/", 200),
            (f"/applicant/dossiers/{submitted}/", 200),
            ("/applicant/", 403),
        ],
        "organiser": [
            ("/admin/", 200),
            ("/organisers/", 200),
            ("/admin/submissions/dossier/", 200),
            (f"/admin/submissions/dossier/{submitted}/change/", 200),
            (f"/admin/submissions/dossier/{submitted}/screen/", 200),
            ("/admin/judging/round/", 200),
            (f"/admin/judging/round/{s['round'].pk}/change/", 200),
            (f"/admin/judging/round/{s['round'].pk}/results/", 200),
            ("/admin/judging/assignment/", 200),
            ("/admin/judging/panel/", 200),
            ("/admin/categories/season/", 200),
            (f"/admin/categories/season/{s['submitted'].season_id}/change/", 200),
            (f"/admin/categories/category/{s['submitted'].category_id}/change/", 200),
            (f"/applicant/dossiers/{submitted}/", 200),
            ("/admin/no-such-page/", 404),
            *admin_pages(s["organiser"]),
        ],
    }


PORTAL_APPS = ("accounts", "categories", "submissions", "judging", "organisers")


def admin_pages(user: User) -> list[tuple[str, int]]:
    """The changelist of every portal model the user may view, and its first object's page."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in PORTAL_APPS or not model_admin.has_view_permission(request):
            continue
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        found.append((base, 200))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            found.append((f"{base}{first.pk}/change/", 200))
    return found


def failed_sign_in(page: Page, base_url: str, s: dict) -> None:
    page.goto(base_url + "/accounts/login/")
    page.locator("input[name=login]").fill("applicant1@example.com")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("input[name=password]").press("Enter")
    page.locator(".alert-danger, .invalid-feedback, .errorlist").first.wait_for()


def refused_submission(page: Page, base_url: str, s: dict) -> None:
    page.goto(f"{base_url}/applicant/dossiers/{s['draft'].pk}/")
    page.locator("button[name=action][value=submit]").click()
    page.locator(".alert-danger").first.wait_for()


# Pages as they are after an error: the messages and field errors must pass too.
ERROR_STATES = {
    "visitor": {"failed sign-in": failed_sign_in},
    "applicant": {"refused submission (incomplete)": refused_submission},
}


# Pages with long unbreakable names (file names, dossier titles, tables) at a phone's width.
NARROW = {
    "applicant": ["/applicant/", "/applicant/dossiers/{submitted}/"],
    "organiser": ["/organisers/", "/admin/judging/round/{round}/results/"],
}


# The innermost elements that stick out on the right, to say what to fix.
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > 361 &&
    ![...el.children].some(child => child.getBoundingClientRect().right > 361))
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim() : "") +
    " right=" + Math.round(el.getBoundingClientRect().right))"""


def signed_in(browser: Browser, base_url: str, role: str, s: dict) -> Page:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    if role == "applicant":
        page.goto(base_url + "/accounts/login/")
        page.locator("input[name=login]").fill(s["applicant"].email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    elif role in ("judge", "organiser"):
        sign_in_staff(page, base_url, s[role], DEMO_PASSWORD)
        page.wait_for_url("**/admin/")
    return page


def test_every_page_of_every_role_passes_axe_and_fits_a_phone(
    live_server, browser: Browser, transactional_db
):
    s = scene()
    found: dict[str, list[str]] = {}
    for role, paths in pages(s).items():
        page = signed_in(browser, live_server.url, role, s)
        for path, status in paths:
            response = page.goto(live_server.url + path)
            assert response.status == status, f"{role} {path}: {response.status}"
            if problems := violations(page):
                found[f"{role} {path}"] = problems
        for name, act in ERROR_STATES.get(role, {}).items():
            act(page, live_server.url, s)
            page.wait_for_load_state("networkidle")
            if problems := violations(page):
                found[f"{role} {name}"] = problems
        page.set_viewport_size({"width": 360, "height": 780})
        for template in NARROW.get(role, []):
            path = template.format(submitted=s["submitted"].pk, round=s["round"].pk)
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                found[f"{role} {path} at 360 px"] = [
                    f"scrolls sideways: {width} px wide",
                    *page.evaluate(WIDER_THAN_THE_SCREEN),
                ]
        page.context.close()

    if found:
        pytest.fail(
            "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items()),
            pytrace=False,
        )
