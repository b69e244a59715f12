from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.analysis, name="analysis"),
    path("export/", views.analysis_export, name="analysis-export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/export/", views.report_export, name="report-export"),
    path("reports/new/", views.report_generate, name="report-new"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/print/", views.report_print, name="report-print"),
    path("reports/<int:pk>/actions/new/", views.capa_new, name="capa-new"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report-action"),
    path("actions/", views.capa_list, name="capa-list"),
    path("actions/export/", views.capa_export, name="capa-export"),
    path("actions/<int:pk>/", views.capa_detail, name="capa-detail"),
    path("actions/<int:pk>/<slug:action>/", views.capa_action, name="capa-action"),
]
