"""The form renderer: Jinja2 for Django's own widgets, Django templates for the rest.

Widgets render through Jinja2 (a select with 40 options costs ~80 nested Django-template includes
otherwise). The admin's and auth's widgets (date, time, related object, password hash) exist only
as Django templates: a template Jinja2 does not have is rendered with the Django engine.
"""

from functools import cached_property

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class ProductRenderer(Jinja2):
    @cached_property
    def _django(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
