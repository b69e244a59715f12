"""The REST API at /api/v1/ (OpenAPI docs at /api/v1/docs)."""

from ninja import NinjaAPI

from propdesk.core.api import SessionAuth, TokenAuth, install_error_handlers
from propdesk.people.api import router as people_router

api = NinjaAPI(
    title="PropDesk API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
)
install_error_handlers(api)
api.add_router("", people_router)
