"""Shared pages of the core app: export progress and download (mounted at /exports/)."""

from django.urls import path

from . import views_exports

app_name = "core"

urlpatterns = [
    path("<int:pk>/", views_exports.export_status, name="export-status"),
    path("<int:pk>/progress/", views_exports.export_progress, name="export-progress"),
    path("<int:pk>/download/", views_exports.export_download, name="export-download"),
]
