"""Writes of the records app: documents and sign-off (R-DOC-1), internal rules (R-DOC-2, R-SS-5),
form templates (R-FM-1, R-FM-7)."""

from .documents import (  # noqa: F401
    document_attach,
    document_create,
    document_issue,
    document_open,
    document_revise,
    document_sign,
    document_update,
)
from .reminders import document_remind, reminder_sweep  # noqa: F401
from .rules import rule_link_meeting, rule_publish, rule_review, rule_submit  # noqa: F401
from .templates import (  # noqa: F401
    template_create,
    template_version_approve,
    template_version_draft,
    template_version_retire,
)
