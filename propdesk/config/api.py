"""The REST API at /api/v1/ (OpenAPI docs at /api/v1/docs)."""

from propdesk.archives.api import router as archives_router
from propdesk.core.api import (
    Api,
    SessionAuth,
    TokenAuth,
    docs_login_required,
    install_error_handlers,
)
from propdesk.frontdesk.api import router as frontdesk_router
from propdesk.meetings.api import router as meetings_router
from propdesk.notify.api import router as notify_router
from propdesk.passes.api import router as passes_router
from propdesk.people.api import router as people_router
from propdesk.performance.api import router as performance_router
from propdesk.portal.api import router as portal_router
from propdesk.quality.api import router as quality_router
from propdesk.records.api import router as records_router
from propdesk.search.api import router as search_router
from propdesk.service.api import router as service_router
from propdesk.staff.api import router as staff_router
from propdesk.surveys.api import router as surveys_router
from propdesk.tickets.api import router as tickets_router
from propdesk.triage.api import router as triage_router

api = Api(  # NinjaAPI with the text rule of core.text on every body and query string
    title="PropDesk API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=docs_login_required,  # signed-in users; the OpenAPI JSON also for a token
    auth=[TokenAuth(), SessionAuth(csrf=True)],
)
install_error_handlers(api)
api.add_router("", people_router)
api.add_router("", tickets_router)
api.add_router("", frontdesk_router)
api.add_router("", notify_router)
api.add_router("", search_router)
api.add_router("", service_router)
api.add_router("", passes_router)
api.add_router("", records_router)
api.add_router("", meetings_router)
api.add_router("", portal_router)
api.add_router("", archives_router)
api.add_router("", surveys_router)
api.add_router("", performance_router)
api.add_router("", quality_router)
api.add_router("", staff_router)
api.add_router("", triage_router)
