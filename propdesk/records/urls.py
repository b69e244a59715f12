from django.urls import path

from .search import document_link_redirect
from .views import documents, exports, retention, templates

app_name = "records"
urlpatterns = [
    path("", documents.document_list, name="document-list"),
    path("export/", exports.document_export, name="document-export"),
    path("awaiting/", documents.awaiting_list, name="awaiting"),
    path("awaiting/export/", exports.awaiting_export, name="awaiting-export"),
    path("review/", documents.review_list, name="review"),
    path("review/export/", exports.review_export, name="review-export"),
    path("documents/new/", documents.document_new, name="document-new"),
    path("documents/by-site/<int:pk>/", document_link_redirect, name="document-site"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document-edit"),
    path("documents/<int:pk>/print/", documents.document_print, name="document-print"),
    path("documents/<int:pk>/signers/export/", exports.signers_export, name="signers-export"),
    path("documents/<int:pk>/files/<str:key>/", documents.document_file, name="document-file"),
    path("documents/<int:pk>/<slug:action>/", documents.document_action, name="document-action"),
    path("forms/", templates.template_list, name="template-list"),
    path("forms/export/", exports.template_export, name="template-export"),
    path("forms/new/", templates.template_new, name="template-new"),
    path("forms/<int:pk>/", templates.template_detail, name="template-detail"),
    path("forms/<int:pk>/cover/", templates.template_cover, name="template-cover"),
    path("forms/<int:pk>/versions/", templates.template_version_new, name="version-new"),
    path(
        "versions/<int:pk>/<slug:action>/",
        templates.template_version_action,
        name="version-action",
    ),
    path("retention/", retention.retention_list, name="retention"),
    path("retention/export/", exports.retention_export, name="retention-export"),
]
