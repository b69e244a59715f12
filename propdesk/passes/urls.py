from django.urls import path

from .views import gate, registers, releases, renovations, workerpasses

app_name = "passes"
urlpatterns = [
    path("", renovations.renovation_list, name="renovation-list"),
    path("renovations/new/", renovations.renovation_new, name="renovation-new"),
    path("renovations/export/", registers.renovation_export, name="renovation-export"),
    path("renovations/print/", registers.renovation_print, name="renovation-print"),
    path("renovations/<int:pk>/", renovations.renovation_detail, name="renovation-detail"),
    path(
        "renovations/<int:pk>/inspect/", renovations.renovation_inspect, name="renovation-inspect"
    ),
    path(
        "renovations/<int:pk>/inspections/<int:inspection_pk>/photos/<str:key>/",
        renovations.inspection_photo,
        name="inspection-photo",
    ),
    path("renovations/<int:pk>/passes/new/", workerpasses.pass_new, name="pass-new"),
    path(
        "renovations/<int:pk>/correct/", renovations.renovation_correct, name="renovation-correct"
    ),
    path(
        "renovations/<int:pk>/<slug:action>/",
        renovations.renovation_action,
        name="renovation-action",
    ),
    path("worker-passes/", workerpasses.pass_list, name="pass-list"),
    path("worker-passes/export/", registers.pass_export, name="pass-export"),
    path("worker-passes/print/", registers.pass_print, name="pass-print"),
    path("worker-passes/<int:pk>/", workerpasses.pass_detail, name="pass-detail"),
    path("worker-passes/<int:pk>/photo/", workerpasses.pass_photo, name="pass-photo"),
    path("worker-passes/<int:pk>/card/", workerpasses.pass_card, name="pass-card"),
    path("worker-passes/<int:pk>/correct/", workerpasses.pass_correct, name="pass-correct"),
    path("worker-passes/<int:pk>/<slug:action>/", workerpasses.pass_action, name="pass-action"),
    path("releases/", releases.release_list, name="release-list"),
    path("releases/new/", releases.release_new, name="release-new"),
    path("releases/export/", registers.release_export, name="release-export"),
    path("releases/print/", registers.release_print, name="release-print"),
    path("releases/<int:pk>/", releases.release_detail, name="release-detail"),
    path("releases/<int:pk>/slip/", releases.release_slip, name="release-slip"),
    path("releases/<int:pk>/authorisation/", releases.release_document, name="release-document"),
    path("releases/<int:pk>/<slug:action>/", releases.release_action, name="release-action"),
    path("gate/", gate.gate_home, name="gate"),
    path("gate/check/", gate.gate_check, name="gate-check"),
    path("gate/let-out/", gate.gate_let_out, name="gate-let-out"),
]
