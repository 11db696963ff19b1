from django.urls import path

from accounts.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("notice/<str:version>/", views.notice, name="notice_version"),
    path("consents/", views.consents, name="consents"),
    path("consents/print/", views.consents_print, name="consents_print"),
]
