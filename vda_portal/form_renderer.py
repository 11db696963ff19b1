"""Forms' widgets drawn by Jinja2: the same HTML as Django's templates draw (Django ships both
sets, and tests/vda_portal/test_form_renderer.py compares every widget of the portal's forms),
about three times faster. A long form (a dossier's 19 fields) spends much of its page there.
Any other widget template (the admin's own, in Django's template language) is drawn as before.
"""

from __future__ import annotations

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class PortalFormRenderer(BaseRenderer):
    @cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str):
        if template_name.startswith("django/forms/"):
            try:
                return self.jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                pass
        return self.django.get_template(template_name)
