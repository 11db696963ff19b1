from collections import defaultdict

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from categories.models import Category, Criterion, RoundKind, Season
from categories.services import validate_weights
from vda_portal.admin_labels import LabelledFormMixin, LabelledInlineMixin


@admin.register(Season)
class SeasonAdmin(LabelledFormMixin, admin.ModelAdmin):
    list_display = [
        "year",
        "name",
        "submissions_open_at",
        "submission_deadline",
        "ceremony_date",
        "archived_at",
    ]
    ordering = ["-year"]


class CriterionFormSet(BaseInlineFormSet):
    """All criteria of a category are edited together, so their weights are checked together."""

    def clean(self) -> None:
        super().clean()
        weights: dict[str, list[int]] = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("weight") is None:
                continue
            weights[data["round_kind"]].append(data["weight"])
        errors = []
        for round_kind, round_weights in weights.items():
            try:
                validate_weights(round_weights)
            except ValidationError as error:
                errors.append(f"{RoundKind(round_kind).label}: {error.messages[0]}")
        if errors:
            raise ValidationError(errors)


class CriterionInline(LabelledInlineMixin, admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = ["round_kind", "position", "name_vi", "name_en", "weight", "max_score"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name_vi", "name_en", "season"]
    list_filter = ["season"]
    list_select_related = ["season"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    """Lists criteria across categories; weights are edited on the category page only."""

    list_display = ["name_vi", "category", "round_kind", "weight", "position"]
    list_filter = ["category__season", "round_kind", "category__number"]
    list_select_related = ["category__season"]
    readonly_fields = ["weight"]
    fieldsets = [
        (None, {"fields": ["category", "round_kind", "position", "name_vi", "name_en"]}),
        (
            _("Weight"),
            {
                "fields": ["weight"],
                "description": _(
                    "Weights are edited on the category's page, where all criteria of a round are "
                    "changed together so that they keep summing to 100."
                ),
            },
        ),
        (_("Guidance"), {"fields": ["guidance_vi", "guidance_en", "max_score"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False  # a lone new criterion would break its round's sum of 100
