from django.urls import path

from submissions import (
    views,
    views_dossiers,
    views_nominations,
    views_printable,
    views_reminders,
    views_team,
)
from submissions.personal_data import views as views_my_data

app_name = "submissions"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/preview/", views.profile_preview, name="profile_preview"),
    path("dossiers/new/", views_dossiers.dossier_new, name="dossier_new"),
    path("dossiers/<int:pk>/", views_dossiers.dossier_page, name="dossier"),
    path("dossiers/<int:pk>/autosave/", views_dossiers.dossier_autosave, name="dossier_autosave"),
    path("dossiers/<int:pk>/pdf/", views_printable.dossier_pdf_download, name="dossier_pdf"),
    path(
        "dossiers/<int:pk>/application-form/",
        views_printable.application_form_download,
        name="application_form",
    ),
    path(
        "dossiers/<int:pk>/withdraw/",
        views_dossiers.dossier_withdraw_view,
        name="dossier_withdraw",
    ),
    path("dossiers/<int:pk>/delete/", views_dossiers.dossier_discard_view, name="dossier_delete"),
    path(
        "dossiers/<int:pk>/resubmit/",
        views_dossiers.dossier_resubmit_view,
        name="dossier_resubmit",
    ),
    path(
        "dossiers/<int:pk>/recovered/<int:stale_pk>/dismiss/",
        views_dossiers.stale_save_dismiss_view,
        name="stale_save_dismiss",
    ),
    path(
        "dossiers/<int:pk>/attachments/",
        views_dossiers.attachment_upload,
        name="attachment_upload",
    ),
    path("dossiers/<int:pk>/team/invite/", views_team.team_invite, name="team_invite"),
    path(
        "dossiers/<int:pk>/team/<int:member_pk>/remove/",
        views_team.team_remove,
        name="team_remove",
    ),
    path(
        "dossiers/<int:pk>/team/<int:member_pk>/owner/",
        views_team.team_transfer,
        name="team_transfer",
    ),
    path("nominations/", views_nominations.nominations_page, name="nominations"),
    path(
        "nominations/claim/<str:token>/",
        views_nominations.nomination_claim_page,
        name="nomination_claim",
    ),
    path("team/join/<str:token>/", views_team.team_join, name="team_join"),
    path("files/<int:pk>/", views_dossiers.attachment_download, name="attachment_download"),
    path("files/<int:pk>/remove/", views_dossiers.attachment_remove, name="attachment_remove"),
    path("my-data/", views_my_data.my_data, name="my_data"),
    path("my-data/export/", views_my_data.export_start, name="my_data_export"),
    path("my-data/export/status/", views_my_data.export_status, name="my_data_export_status"),
    path("my-data/export/<str:token>/", views_my_data.export_download, name="my_data_download"),
    path("my-data/delete/", views_my_data.erase, name="my_data_erase"),
    path(
        "reminders/unsubscribe/<str:token>/",
        views_reminders.unsubscribe,
        name="reminder_unsubscribe",
    ),
]
