"""API of the front desk at /api/v1/desk/…: the same services and selectors as the pages.

Workflow steps are `POST …/{id}/<action>`; lists are paged with one COUNT and one page query.
"""

from ninja import Router

router = Router(tags=["frontdesk"])

from . import desk, handover, mail  # noqa: E402, F401  (registers the endpoints on `router`)
