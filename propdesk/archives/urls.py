from django.urls import path

from .views import destruction, inspection, intake, loans, records, statistics, transfer

app_name = "archives"
urlpatterns = [
    path("", records.record_list, name="record-list"),
    path("export/", records.record_export, name="record-export"),
    path("ledger/", records.record_ledger, name="record-ledger"),
    path("incomplete/", records.incomplete_list, name="incomplete-list"),
    path("records/new/", records.record_new, name="record-new"),
    path("records/<int:pk>/", records.record_detail, name="record-detail"),
    path("records/<int:pk>/edit/", records.record_edit, name="record-edit"),
    path("records/<int:pk>/attach/", records.record_attach, name="record-attach"),
    path("records/<int:pk>/checklist/", records.record_checklist, name="record-checklist"),
    path("records/<int:pk>/files/<str:key>/", records.record_file, name="record-file"),
    path("loans/", loans.loan_list, name="loan-list"),
    path("loans/new/", loans.loan_new, name="loan-new"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan-detail"),
    path("loans/<int:pk>/<slug:action>/", loans.loan_action, name="loan-action"),
    path("intake/", intake.intake_list, name="intake-list"),
    path("intake/new/", intake.intake_new, name="intake-new"),
    path("intake/<int:pk>/", intake.intake_detail, name="intake-detail"),
    path("intake/<int:pk>/decline/", intake.intake_decline, name="intake-decline"),
    path("inspections/", inspection.round_list, name="round-list"),
    path("inspections/<int:pk>/", inspection.round_detail, name="round-detail"),
    path("inspections/<int:pk>/mark/", inspection.round_mark, name="round-mark"),
    path("inspections/<int:pk>/<slug:action>/", inspection.round_action, name="round-action"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export/", statistics.statistics_export, name="statistics-export"),
    path("transfers/", transfer.transfer_list, name="transfer-list"),
    path("transfers/new/", transfer.transfer_new, name="transfer-new"),
    path("transfers/<int:pk>/", transfer.transfer_detail, name="transfer-detail"),
    path("transfers/<int:pk>/<slug:action>/", transfer.transfer_action, name="transfer-action"),
    path("destruction/", destruction.destruction_list, name="destruction-list"),
    path("destruction/new/", destruction.destruction_new, name="destruction-new"),
    path("destruction/<int:pk>/", destruction.destruction_detail, name="destruction-detail"),
    path(
        "destruction/<int:pk>/<slug:action>/",
        destruction.destruction_action,
        name="destruction-action",
    ),
]
