from django.contrib import admin

from submissions.models import ApplicantProfile
from vda_portal.history_admin import HistoryReadOnlyAdmin


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(HistoryReadOnlyAdmin):
    list_display = ["__str__", "kind", "province_name", "works_in_ict", "phone", "updated_at"]
    list_filter = ["kind", "established_in_vietnam", "works_in_ict", "province_name"]
    search_fields = ["legal_name", "full_name", "tax_code", "user__email", "phone"]
    list_select_related = ["user"]
    readonly_fields = ["user", "province_name", "created_at", "updated_at"]


# Registers the reminders', nominations' and teams' admins.
from submissions import admin_entry_paths, admin_reminders  # noqa: E402, F401
from submissions.personal_data import admin as personal_data_admin  # noqa: E402, F401
