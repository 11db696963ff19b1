"""/organisers/: the organisers' dashboard and exports."""

from django.urls import path, re_path

from categories.models import RoundKind
from organisers import views, views_received

app_name = "organisers"

YEAR = r"(?P<year>\d{4})"
KIND = rf"(?P<kind>{'|'.join(RoundKind.values)})"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("dossiers/received/new/", views_received.received_dossier_new, name="received_new"),
    re_path(
        rf"^exports/{YEAR}/honorees\.(?P<fmt>csv|xlsx|pdf)$",
        views.honorees_export,
        name="honorees",
    ),
    re_path(rf"^exports/{YEAR}/certificates\.zip$", views.certificates_zip, name="certificates"),
    re_path(rf"^exports/{YEAR}/press-kit\.zip$", views.press_kit_zip, name="press_kit"),
    re_path(
        rf"^exports/{YEAR}/certificates/(?P<dossier>\d+)\.pdf$",
        views.certificate_pdf,
        name="certificate",
    ),
    re_path(
        rf"^exports/{YEAR}/dossiers\.(?P<fmt>csv|xlsx)$", views.dossiers_export, name="dossiers"
    ),
    re_path(rf"^exports/{YEAR}/scores/{KIND}\.xlsx$", views.scores_xlsx, name="scores_xlsx"),
    re_path(
        rf"^exports/{YEAR}/scores/{KIND}/category-(?P<number>[1-5])\.csv$",
        views.scores_csv,
        name="scores_csv",
    ),
    re_path(
        rf"^exports/{YEAR}/ranking/{KIND}\.(?P<fmt>csv|xlsx)$",
        views.ranking_export,
        name="ranking",
    ),
]
