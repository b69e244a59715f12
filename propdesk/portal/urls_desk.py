"""The desk's announcement pages (`/announcements/…`)."""

from django.urls import path

from . import views_announcements as v

app_name = "announcements"
urlpatterns = [
    path("", v.desk_list, name="list"),
    path("new/", v.desk_new, name="new"),
    path("<int:pk>/", v.desk_detail, name="detail"),
    path("<int:pk>/withdraw/", v.desk_withdraw, name="withdraw"),
]
