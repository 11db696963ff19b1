from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/preview/", views.profile_preview, name="profile_preview"),
]
