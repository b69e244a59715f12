"""The records API: documents and sign-off, form templates, retention."""

from ninja import Router

from .documents import router as documents_router
from .templates import router as templates_router

router = Router()
router.add_router("", documents_router)
router.add_router("", templates_router)
