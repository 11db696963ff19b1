from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.mfa.views import admin_login
from accounts.views import set_language
from categories.views import home
from operations.metrics import metrics_view
from organisers import public_views
from vda_portal import health

admin.site.site_header = _("VDA Portal administration")
admin.site.site_title = _("VDA Portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("metrics", metrics_view, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("privacy/", include("accounts.privacy.urls")),
    # The public honoree gallery, in Vietnamese and in English.
    *[
        path(f"{prefix}/", public_views.gallery_index, {"lang": lang}, name=f"gallery_index_{lang}")
        for prefix, lang in (("vinh-danh", "vi"), ("honorees", "en"))
    ],
    *[
        path(
            f"{prefix}/<int:year>/",
            public_views.gallery_season,
            {"lang": lang},
            name=f"gallery_season_{lang}",
        )
        for prefix, lang in (("vinh-danh", "vi"), ("honorees", "en"))
    ],
    *[
        path(
            f"{prefix}/<int:year>/<slug:slug>/",
            public_views.gallery_honoree,
            {"lang": lang},
            name=f"gallery_honoree_{lang}",
        )
        for prefix, lang in (("vinh-danh", "vi"), ("honorees", "en"))
    ],
    path("xac-minh/<str:code>", public_views.verify_certificate, name="verify_certificate"),
    path(
        "applicant/dossiers/<int:dossier>/certificate.pdf",
        public_views.own_certificate,
        name="own_certificate",
    ),
    path("applicant/", include("submissions.urls")),
    path("organisers/", include("organisers.urls")),
    # The admin's sign-in goes through allauth's (second factor included): accounts.mfa.
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
]
