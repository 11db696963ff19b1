from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import AccountError, account_set_active

ACCOUNT_FIELDS = ["email", "full_name", "phone"]
# What only a superuser changes: roles, staff flags, permissions, passwords.
SUPERUSER_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Superusers manage accounts; organisers read them and may (de)activate an applicant's
    (`accounts.set_account_active`, through `accounts.services.account_set_active`)."""

    ordering = ["email"]
    list_display = ["email", "full_name", "phone", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name", "phone"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "phone"]}),
        (_("Permissions"), {"fields": ["is_active", *SUPERUSER_FIELDS]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    staff_fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Personal info"), {"fields": ["full_name", "phone"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        may_set_active = request.user.has_perm("accounts.set_account_active", obj)
        editable = ["is_active"] if may_set_active else []
        shown = [name for _title, options in self.staff_fieldsets for name in options["fields"]]
        return [name for name in shown if name not in editable]

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("accounts.manage_account")

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.has_perm("accounts.set_account_active", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("accounts.manage_account") and super().has_delete_permission(
            request, obj
        )

    def user_change_password(self, request, id, form_url=""):
        if not request.user.has_perm("accounts.manage_account"):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change) -> None:
        if request.user.is_superuser or not change:
            return super().save_model(request, obj, form, change)
        try:
            account_set_active(
                account=User.objects.get(pk=obj.pk),
                active=form.cleaned_data["is_active"],
                by=request.user,
            )
        except AccountError as error:
            messages.error(request, error.message)


from accounts.privacy import admin as privacy_admin  # noqa: E402, F401
