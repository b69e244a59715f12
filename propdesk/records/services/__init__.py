"""Writes of the records app: documents and sign-off (R-DOC-1), internal rules (R-DOC-2, R-SS-5),
form templates (R-FM-1, R-FM-7)."""

from .documents import (  # noqa: F401
    document_attach,
    document_create,
    document_issue,
    document_open,
    document_remind,
    document_revise,
    document_sign,
    document_update,
    reminder_sweep,
)
from .rules import rule_link_meeting, rule_publish, rule_review, rule_submit  # noqa: F401
from .templates import (  # noqa: F401
    template_create,
    template_version_approve,
    template_version_draft,
    template_version_retire,
)
