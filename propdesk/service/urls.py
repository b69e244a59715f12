from django.urls import path

from .views import boards, incidents, promises

app_name = "service"
urlpatterns = [
    path("board/", boards.board_lead, name="board-lead"),
    path("board/manager/", boards.board_manager, name="board-manager"),
    path("board/major/", boards.board_centre, name="board-centre"),
    path("promises/", promises.promise_list, name="promise-list"),
    path("promises/new/", promises.promise_new, name="promise-new"),
    path("promises/report/", promises.promise_report, name="promise-report"),
    path("promises/<int:pk>/", promises.promise_detail, name="promise-detail"),
    path("promises/<int:pk>/<slug:action>/", promises.promise_action, name="promise-action"),
    path("incidents/", incidents.incident_list, name="incident-list"),
    path("incidents/new/", incidents.incident_new, name="incident-new"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/<slug:action>/", incidents.incident_action, name="incident-action"),
]
