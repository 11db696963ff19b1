"""`{{ field|as_field }}`: crispy-forms' bootstrap5 `as_crispy_field`, drawn in Python for the
plain fields (a text, number, URL, e-mail input, a textarea or a select) instead of through its
field template and four includes each. A dossier's 19 fields spent most of its page there.

The markup is crispy's (tests/vda_portal/test_form_fields.py draws every field of the portal's
forms both ways, with and without errors, in both languages); any other field (a checkbox,
radio buttons, a file, a form with a crispy helper) is drawn by crispy itself.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_NOT_PLAIN = (
    forms.CheckboxInput,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.FileInput,
    forms.MultiWidget,
)


def is_plain(field: BoundField) -> bool:
    widget = field.field.widget
    return (
        not field.is_hidden
        and not isinstance(widget, _NOT_PLAIN)
        and not hasattr(widget, "widget")  # a wrapper (the admin's related-field widget)
        and not field.use_fieldset
        and getattr(field.form, "helper", None) is None
    )


@register.filter(name="as_field")
def as_field(field: BoundField) -> SafeString:
    if not is_plain(field):
        return as_crispy_field(field)
    required = field.field.required
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    css = " ".join(filter(None, ["mb-3", field.css_classes()]))
    return format_html(
        '<div id="div_{}" class="{}">{}{}{}{}</div>',
        field.auto_id,
        css,
        label,
        _widget(field),
        _errors(field),
        _help(field),
    )


def _widget(field: BoundField) -> SafeString:
    """crispy_field's classes on the widget, then the widget as Django draws it."""
    widget = field.field.widget
    class_name = widget.__class__.__name__.lower()
    classes = widget.attrs.get("class", "")
    if classes:
        if classes.find(class_name) == -1:
            classes += f" {class_name}"
    else:
        classes = class_name
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for name in (base, "is-invalid") if field.errors else (base,):
        if name not in classes.split():
            classes += f" {name}"
    widget.attrs["class"] = classes
    return SafeString(str(field))


def _errors(field: BoundField) -> SafeString | str:
    if not field.errors:
        return ""
    items = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((n, field.auto_id, error) for n, error in enumerate(field.errors, start=1)),
    )
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>', field.errors.field_id, items
    )


def _help(field: BoundField) -> SafeString | str:
    if not field.help_text:
        return ""
    return format_html(
        '<div {}class="form-text">{}</div>',
        format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
        mark_safe(field.help_text),  # crispy: |safe (the portal's own texts)
    )
