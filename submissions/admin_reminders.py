"""Admin for deadline reminders: plans with their slots, what was sent to whom, opt-outs."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from submissions.models import ReminderDelivery, ReminderOptOut, ReminderPlan, ReminderSlot
from submissions.reminders import (
    DEFAULT_SLOTS,
    audience_choices,
    plan_refresh_slots,
)
from vda_portal.admin_labels import LabelledInlineMixin
from vda_portal.localtime import format_date


class ReminderPlanForm(forms.ModelForm):
    audience = forms.ChoiceField(label=_("audience"), choices=audience_choices)

    class Meta:
        model = ReminderPlan
        fields = ["season", "audience", "enabled", "include_profiles_without_dossier"]


class AudienceFilter(admin.SimpleListFilter):
    """The audiences by their labels (the registry's), not their codes."""

    title = _("audience")
    parameter_name = "audience"
    field = "audience"

    def lookups(self, request, model_admin):
        return audience_choices()

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(**{self.field: value}) if value else queryset


class DeliveryAudienceFilter(AudienceFilter):
    field = "slot__plan__audience"


class ReminderSlotInline(LabelledInlineMixin, admin.TabularInline):
    model = ReminderSlot
    extra = 0
    fields = ["days_before", "time_of_day", "send_at", "dispatched_at", "completed_at", "sent"]
    readonly_fields = ["send_at", "dispatched_at", "completed_at", "sent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sent_count=Count("deliveries"))

    @admin.display(description=_("reminders queued"))
    def sent(self, slot: ReminderSlot) -> int:
        return getattr(slot, "sent_count", 0)


@admin.register(ReminderPlan)
class ReminderPlanAdmin(admin.ModelAdmin):
    form = ReminderPlanForm
    inlines = [ReminderSlotInline]
    list_display = ["season", "audience_label", "enabled", "include_profiles_without_dossier"]
    list_filter = ["enabled", AudienceFilter]
    list_select_related = ["season"]
    fieldsets = [
        (
            None,
            {
                "fields": ["season", "audience", "enabled", "include_profiles_without_dossier"],
                "description": _(
                    "Each slot is sent once to everyone still concerned, at its time in Vietnam "
                    "time. If the schedule was down, only the latest missed slot is sent; nothing "
                    "is sent once the deadline has passed. A new plan saved without slots gets "
                    "14, 7, 3 and 1 days before and the deadline day itself, at 09:00."
                ),
            },
        )
    ]

    @admin.display(description=_("audience"), ordering="audience")
    def audience_label(self, plan: ReminderPlan) -> str:
        return plan.audience_label

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        plan = form.instance
        if not change and not plan.slots.exists():
            ReminderSlot.objects.bulk_create(
                ReminderSlot(plan=plan, days_before=days, time_of_day=at)
                for days, at in DEFAULT_SLOTS
            )
        plan_refresh_slots(plan=plan)  # a slot's instant follows its days and time


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom and when, and whether the mail server took it."""

    list_display = [
        "created_at",
        "user_email",
        "season",
        "slot_label",
        "email_status",
        "attempts",
        "sent_at",
        "error",
    ]
    list_filter = [
        "email__status",
        "slot__plan__season",
        DeliveryAudienceFilter,
        "slot__days_before",
    ]
    list_select_related = ["user", "slot__plan__season", "email"]
    search_fields = ["user__email", "user__full_name"]
    date_hierarchy = "created_at"
    fields = ["user", "slot", "created_at", "email_status", "attempts", "sent_at", "error"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record is what makes a reminder exactly once

    @admin.display(description=_("recipient"), ordering="user__email")
    def user_email(self, delivery: ReminderDelivery) -> str:
        return delivery.user.email

    @admin.display(description=_("season"), ordering="slot__plan__season")
    def season(self, delivery: ReminderDelivery) -> str:
        return str(delivery.slot.plan.season)

    @admin.display(description=_("slot"), ordering="slot__send_at")
    def slot_label(self, delivery: ReminderDelivery) -> str:
        slot = delivery.slot
        if slot.send_at is None:
            return str(slot)
        return f"{slot} ({format_date(slot.send_at)})"

    @admin.display(description=_("status"), ordering="email__status")
    def email_status(self, delivery: ReminderDelivery) -> str:
        return delivery.email.get_status_display() if delivery.email else "—"

    @admin.display(description=_("attempts"))
    def attempts(self, delivery: ReminderDelivery) -> int | str:
        return delivery.email.attempts if delivery.email else "—"

    @admin.display(description=_("sent"), ordering="email__sent_at")
    def sent_at(self, delivery: ReminderDelivery):
        return delivery.email.sent_at if delivery.email else None

    @admin.display(description=_("last error"))
    def error(self, delivery: ReminderDelivery) -> str:
        return delivery.email.last_error[:200] if delivery.email else ""


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "plan", "created_at"]
    list_filter = ["plan__season"]
    list_select_related = ["user", "plan__season"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]
