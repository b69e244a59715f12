from django.contrib import admin
from django.urls import include, path

from propdesk.core import views as core_views
from propdesk.portal import views_household as household_views

from .api import api

admin.site.site_header = admin.site.site_title = "PropDesk 物业客服中心"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("propdesk.people.urls_auth")),
    path("site/switch/", core_views.site_switch, name="site-switch"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("propdesk.people.urls")),
    path("tickets/", include("propdesk.tickets.urls")),
    path("desk/", include("propdesk.frontdesk.urls")),
    path("notifications/", include("propdesk.notify.urls")),
    path("search/", include("propdesk.search.urls")),
    path("exports/", include("propdesk.core.urls")),
    path("service/", include("propdesk.service.urls")),
    path("passes/", include("propdesk.passes.urls")),
    path("records/", include("propdesk.records.urls")),
    path("meetings/", include("propdesk.meetings.urls")),
    path("portal/", include("propdesk.portal.urls")),
    path("announcements/", include("propdesk.portal.urls_desk")),
    path("household-requests/", household_views.desk_queue, name="household-requests"),
    path(
        "household-requests/<int:pk>/<slug:action>/",
        household_views.desk_decide,
        name="household-request-decide",
    ),
    path("archives/", include("propdesk.archives.urls")),
    path("surveys/", include("propdesk.surveys.urls")),
    path("performance/", include("propdesk.performance.urls")),
    path("quality/", include("propdesk.quality.urls")),
    path("staff/", include("propdesk.staff.urls")),
    path("triage/", include("propdesk.triage.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler403 = "propdesk.core.views.error_403"
handler404 = "propdesk.core.views.error_404"
handler500 = "propdesk.core.views.error_500"
