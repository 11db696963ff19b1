from django.urls import path

from submissions import views, views_dossiers, views_reminders

app_name = "submissions"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/preview/", views.profile_preview, name="profile_preview"),
    path("dossiers/new/", views_dossiers.dossier_new, name="dossier_new"),
    path("dossiers/<int:pk>/", views_dossiers.dossier_page, name="dossier"),
    path("dossiers/<int:pk>/autosave/", views_dossiers.dossier_autosave, name="dossier_autosave"),
    path(
        "dossiers/<int:pk>/withdraw/",
        views_dossiers.dossier_withdraw_view,
        name="dossier_withdraw",
    ),
    path(
        "dossiers/<int:pk>/attachments/",
        views_dossiers.attachment_upload,
        name="attachment_upload",
    ),
    path("files/<int:pk>/", views_dossiers.attachment_download, name="attachment_download"),
    path("files/<int:pk>/remove/", views_dossiers.attachment_remove, name="attachment_remove"),
    path(
        "reminders/unsubscribe/<str:token>/",
        views_reminders.unsubscribe,
        name="reminder_unsubscribe",
    ),
]
