"""The default questionnaire is configuration (the admin); surveys and their responses are
business data, read-only here for their readers within their sites, changed only through the
survey pages (the services)."""

from django.contrib import admin

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import QuestionnaireItem, Survey, SurveyResponse
from .workflow import READERS


@admin.register(QuestionnaireItem)
class QuestionnaireItemAdmin(ConfigAdmin):
    """The items a new survey starts with (DOMAIN §1.11); surveys already drafted keep theirs."""

    list_display = ["section", "text", "kind", "weight", "sort_order", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["section", "text"]
    fields = ["section", "text", "kind", "choices", "weight", "sort_order", "active"]


@admin.register(Survey)
class SurveyAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["name", "site", "period", "opens_on", "closes_on", "sample_size", "state"]
    list_filter = ["state"]
    search_fields = ["name", "period"]

    def scope(self, request, qs):
        from .permissions import survey_scope

        return survey_scope(request.user).filter(pk__in=qs.values("pk"))


@admin.register(SurveyResponse)
class SurveyResponseAdmin(BusinessAdmin):
    reader_roles = READERS
    list_display = ["survey", "unit", "channel", "submitted_at"]
    list_filter = ["channel"]

    def scope(self, request, qs):
        from .permissions import survey_scope

        return qs.filter(survey__in=survey_scope(request.user))
