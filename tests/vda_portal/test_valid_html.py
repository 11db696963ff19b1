"""Valid HTML on every role's key pages: the WHATWG parser (tinyhtml5, WeasyPrint's) reports no
parse error, no attribute is an invented `hx-*` (htmx reads `data-hx-*`), no id is used twice;
the portal's focus ring has at least 3:1 against every background it is drawn on; the
favicon is linked from the portal and the admin."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from tinyhtml5.parser import HTMLParser

from accounts.models import User
from judging.models import Assignment
from submissions.models import Dossier

HTML_NS = "{http://www.w3.org/1999/xhtml}"


def problems(html: str) -> list[str]:
    parser = HTMLParser(namespace_html_elements=True)
    parser._parse(html)  # the public parse() drops the errors it collects
    tree = parser.tree.get_document()
    found = [
        f"parse error {code} {data or ''} at {position}" for position, code, data in parser.errors
    ]
    ids = Counter()
    for element in tree.iter():
        for name, value in element.attrib.items():
            if re.match(r"hx-", name):
                found.append(f"<{element.tag.removeprefix(HTML_NS)} {name}>: use data-{name}")
            if name == "id":
                ids[value] += 1
    found += [f'id "{value}" used {count} times' for value, count in ids.items() if count > 1]
    return found


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--open-now", "--force", verbosity=0)
    applicant = User.objects.get(email="applicant1@example.com")
    assignment = Assignment.objects.filter(status="active").select_related("judge").first()
    return {
        "applicant": applicant,
        "submitted": Dossier.objects.get(
            applicant=applicant, receipt_number__isnull=False, season__year=2024
        ),
        "draft": Dossier.objects.get(
            applicant=applicant, receipt_number__isnull=True, season__year=2024
        ),
        "assignment": assignment,
        "judge": assignment.judge,
        "organiser": User.objects.get(email="organiser@example.com"),
    }


def test_key_pages_of_every_role_are_valid_html(client, demo):
    submitted, draft = demo["submitted"].pk, demo["draft"].pk
    pages = {
        None: ["/", "/accounts/login/", "/accounts/signup/", "/privacy/", "/no-such-page/"],
        "applicant": [
            "/applicant/",
            "/applicant/profile/",
            "/applicant/dossiers/new/",
            f"/applicant/dossiers/{draft}/",
            f"/applicant/dossiers/{submitted}/",
            "/applicant/my-data/",
            "/organisers/",  # 403
        ],
        "judge": [
            "/admin/",
            "/admin/judging/myassignment/",
            f"/admin/judging/myassignment/{demo['assignment'].pk}/score/",
        ],
        "organiser": [
            "/admin/",
            "/organisers/",
            "/admin/submissions/dossier/",
            f"/applicant/dossiers/{submitted}/",
        ],
    }
    found = {}
    for role, paths in pages.items():
        client.logout()
        if role:
            client.force_login(demo[role])
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 403, 404), (role, path, response.status_code)
            if issues := problems(response.content.decode()):
                found[f"{role or 'visitor'} {path}"] = issues

    assert found == {}


def test_no_template_or_script_uses_hx_attributes():
    root = Path(settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("templates", "static/js", "static/judging", "static/organisers")
        for path in (root / folder).rglob("*")
        if path.suffix in (".html", ".js", ".txt")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![\w-])hx-[a-z]", line)
    ]
    assert offenders == []


# --- The focus ring --------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Every background a focusable element sits on: the page, the navy header and its buttons, the
# light panels and footer, Bootstrap's primary/danger/secondary buttons, the admin's header.
BACKGROUNDS = {
    "white": "#ffffff",
    "navy header": "#0b2a5b",
    "hero panel": "#eef3fb",
    "footer": "#f1f3f6",
    "primary button": "#0d6efd",
    "danger": "#dc3545",
    "secondary": "#6c757d",
    "admin header": "#417690",
    "admin dark mode": "#121212",
    "yellow": "#ffbf47",
}


@pytest.mark.parametrize("stylesheet", ["static/css/portal.css", "static/css/admin.css"])
def test_the_focus_ring_has_3_to_1_against_every_background(stylesheet):
    css = (Path(settings.BASE_DIR) / stylesheet).read_text()
    rule = re.search(r":focus-visible\s*\{([^}]*)\}", css).group(1)
    ring = re.findall(r"#[0-9a-fA-F]{6}", rule)
    assert len(ring) == 2, rule  # two tones: an inner outline and an outer shadow

    weakest = {name: max(contrast(c, bg) for c in ring) for name, bg in BACKGROUNDS.items()}

    assert {name: ratio for name, ratio in weakest.items() if ratio < 3} == {}
    # Each tone also stands out from the other, so the ring reads as one line of two colours.
    assert contrast(*ring) >= 3


def test_the_favicon_is_linked_from_the_portal_and_the_admin(client, db):
    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert icon in client.get("/").content.decode()
    assert icon in client.get(reverse("account_login")).content.decode()
    admin = User.objects.create_superuser(email="root@example.com", password="x" * 12)
    client.force_login(admin)
    assert icon in client.get("/admin/").content.decode()
    assert (Path(settings.BASE_DIR) / "static/favicon.svg").read_text().startswith("<svg ")


def test_the_error_pages_are_the_portals(client, db):
    from django.template.loader import render_to_string

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert '<h1 class="h3">Không tìm thấy trang</h1>' in missing.content.decode()
    server_error = render_to_string("500.html")
    assert "Đã xảy ra lỗi" in server_error
    assert problems(server_error) == []


def test_a_garbled_admin_dossier_address_is_not_a_server_error(client, db):
    organiser = User.objects.create_user(email="org@example.com", password="x" * 12)
    organiser.is_staff = True
    organiser.is_superuser = True
    organiser.save()
    client.force_login(organiser)

    response = client.get("/admin/submissions/dossier/1/change/widgets.css/change/")

    assert response.status_code == 302  # Django's "does not exist", back to the admin
