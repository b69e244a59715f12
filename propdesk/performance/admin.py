"""Score weights and the training interval are configuration (each with an effective date); reports,
scores and training sessions are business data, read here by their readers only (scores: the
person's chain, the GM and the auditor — never colleagues)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.utils.translation import gettext_lazy as _

from propdesk.core.admin import BusinessAdmin, ConfigAdmin

from .models import DailyReport, Score, ScoreWeights, TrainingInterval, TrainingSession
from .permissions import report_scope, score_scope, session_scope
from .scoring import COMPONENTS
from .workflow import COMPANY_READERS, REPORT_READERS, SITE_MANAGERS


class WeightsForm(ModelForm):
    class Meta:
        model = ScoreWeights
        fields = [
            "effective_from",
            *COMPONENTS,
            "points_per_complaint",
            "bonus_full",
            "bonus_threshold",
        ]

    def clean(self):
        data = super().clean()
        if sum(data.get(c) or 0 for c in COMPONENTS) == 0:
            raise ValidationError(_("At least one weight must be more than 0."))
        return data


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(ConfigAdmin):
    form = WeightsForm
    list_display = [
        "effective_from",
        *COMPONENTS,
        "points_per_complaint",
        "bonus_full",
        "bonus_threshold",
    ]


@admin.register(TrainingInterval)
class TrainingIntervalAdmin(ConfigAdmin):
    list_display = ["effective_from", "days"]


@admin.register(DailyReport)
class DailyReportAdmin(BusinessAdmin):
    reader_roles = REPORT_READERS
    list_display = ["date", "author", "site", "state", "reviewed_by"]
    list_filter = ["state", "date"]

    def scope(self, request, qs):
        return qs.filter(pk__in=report_scope(request.user).values("pk"))


@admin.register(Score)
class ScoreAdmin(BusinessAdmin):
    reader_roles = SITE_MANAGERS | COMPANY_READERS
    list_display = [
        "year",
        "period",
        "number",
        "site",
        "person",
        "score",
        "suggested_bonus",
        "state",
    ]
    list_filter = ["period", "state"]

    def scope(self, request, qs):
        return qs.filter(pk__in=score_scope(request.user).values("pk"))


@admin.register(TrainingSession)
class TrainingSessionAdmin(BusinessAdmin):
    reader_roles = SITE_MANAGERS | COMPANY_READERS
    list_display = ["date", "topic", "title", "trainer", "site"]
    list_filter = ["topic"]

    def scope(self, request, qs):
        return qs.filter(pk__in=session_scope(request.user).values("pk"))
