"""The form renderer: Jinja2 for Django's own widget templates, Django templates for the rest.

Widgets render through Jinja2 because a select with 40 options costs ~80 nested Django-template
includes. The admin's widget wrappers (`admin/widgets/related_widget_wrapper.html` around every
foreign key) exist only as Django templates, so those come from the Django-template renderer.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(Jinja2):
    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_templates.get_template(template_name)

    @cached_property
    def _django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()
