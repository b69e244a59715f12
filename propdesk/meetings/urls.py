from django.urls import path

from .views import actions, exports, meetings, series

app_name = "meetings"
urlpatterns = [
    path("", actions.board, name="board"),
    path("list/", meetings.meeting_list, name="meeting-list"),
    path("list/export/", exports.meeting_export, name="meeting-export"),
    path("series/", series.series_list, name="series-list"),
    path("series/new/", series.series_new, name="series-new"),
    path("series/export/", exports.series_export, name="series-export"),
    path("series/<int:pk>/", series.series_detail, name="series-detail"),
    path("series/<int:pk>/plan/", series.series_plan, name="series-plan"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/export/", exports.action_export, name="action-export"),
    path("actions/<int:pk>/<slug:verb>/", actions.action_act, name="action-act"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("<int:pk>/print/", meetings.meeting_print, name="meeting-print"),
    path("<int:pk>/<slug:action>/", meetings.meeting_action, name="meeting-action"),
]
