"""The admin of judging, in three parts: organisers' screening of dossiers, organisers' judging
set-up and results, and the judges' own queue and scoring page."""

from judging import admin_judges, admin_organisers, admin_screening  # noqa: F401
