"""Documents and sign-off (R-DOC-1/2), form templates (R-FM-1…4, R-FM-7), retention (R-FM-8)."""

from .documents import Document, DocumentSigner, DocumentSite  # noqa: F401
from .templates import FormTemplate, TemplateVersion  # noqa: F401
