from django.urls import path

from .views import reports, scores, training

app_name = "performance"
urlpatterns = [
    path("reports/mine/", reports.report_mine, name="report-mine"),
    path("reports/mine/submit/", reports.report_submit, name="report-submit"),
    path("reports/", reports.report_list, name="report-list"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/accept/", reports.report_accept, name="report-accept"),
    path("scores/", scores.score_list, name="score-list"),
    path("scores/compute/", scores.score_compute, name="score-compute"),
    path("scores/<int:pk>/", scores.score_detail, name="score-detail"),
    path("scores/<int:pk>/confirm/", scores.score_confirm, name="score-confirm"),
    path("training/", training.training_list, name="training-list"),
    path("training/new/", training.training_new, name="training-new"),
    path("training/<int:pk>/", training.training_detail, name="training-detail"),
    path("training/<int:pk>/record/", training.training_record, name="training-record"),
    path("training/people/<int:person_id>/", training.person_training, name="person-training"),
]
