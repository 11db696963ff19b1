"""Accessible names for the admin's inputs that Django renders without a <label>: the cells of
tabular inlines (the column header is not a label) and the two halves of a split date and time.
Each gets an `aria-label` from its field's label (WCAG 1.3.1, 4.1.2; axe's `label`,
`select-name`, `label-title-only`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext


def label_widgets(form: forms.BaseForm, *, every: bool) -> None:
    """`every`: all fields (a tabular inline's row); otherwise only multi-part widgets."""
    for name, field in form.fields.items():
        label = str(field.label or name.replace("_", " ").capitalize())
        widget = getattr(field.widget, "widget", field.widget)  # RelatedFieldWidgetWrapper
        if isinstance(widget, forms.MultiWidget):
            parts = _part_names(widget)
            for part, subwidget in zip(parts, widget.widgets, strict=True):
                subwidget.attrs.setdefault("aria-label", f"{label} ({part})")
        elif every and not widget.is_hidden:
            widget.attrs.setdefault("aria-label", label)


def _part_names(widget: forms.MultiWidget) -> list[str]:
    if isinstance(widget, forms.SplitDateTimeWidget):
        return [gettext("date"), gettext("time")]
    return [str(number) for number in range(1, len(widget.widgets) + 1)]


class LabelledFormMixin:
    """For a ModelAdmin: its change form's split date-times get names."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class Labelled(form):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                label_widgets(self, every=False)

        Labelled.__name__ = form.__name__
        return Labelled


class LabelledInlineMixin:
    """For a TabularInline: every cell's input is named after its column."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index) -> None:
                super().add_fields(form, index)
                label_widgets(form, every=True)

        Labelled.__name__ = formset.__name__
        return Labelled
