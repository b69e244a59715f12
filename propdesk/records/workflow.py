"""Transition tables of documents and form template versions, enforced only in services.

Company documents (R-DOC-1): draft → circulating (issued: every required signer is asked) →
archived (automatically, when the last one signs). Internal rules (R-DOC-2): draft → signing
(after the meeting that discussed it: the managers present sign) → issued (only when all have
signed). A new revision moves the old one to superseded when it is itself issued.
Template versions (R-FM-1, R-FM-7): draft → approved (GM or centre manager, never the author)
→ retired; approving a version retires the one in use.
"""

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import Document, TemplateVersion

# SECURITY.md §c, "Documents, sign-off, form templates".
READERS = frozenset(
    {
        Role.AGENT,
        Role.SUPERVISOR,
        Role.CS_MANAGER,
        Role.DEPT_HEAD,
        Role.CENTRE_MANAGER,
        Role.GM,
        Role.ARCHIVIST,
        Role.AUDITOR,
    }
)
ISSUERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})
RULE_EDITORS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER})
SIGNERS = frozenset(
    {Role.SUPERVISOR, Role.CS_MANAGER, Role.DEPT_HEAD, Role.CENTRE_MANAGER, Role.GM}
)
# The roles a document may be addressed to; default: every manager of the site (R-DOC-1).
SIGNER_ROLE_CHOICES = (Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.DEPT_HEAD, Role.SUPERVISOR)
DEFAULT_SIGNER_ROLES = (Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.DEPT_HEAD)
TEMPLATE_EDITORS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})
TEMPLATE_APPROVERS = frozenset({Role.GM, Role.CENTRE_MANAGER})

D = Document.State
LIVE = frozenset({D.CIRCULATING, D.ARCHIVED, D.ISSUED})
DOCUMENT_FLOW = StateMachine(
    {
        "edit": Transition({D.DRAFT}, None, ISSUERS),
        "issue": Transition({D.DRAFT}, D.CIRCULATING, ISSUERS),
        "sign": Transition({D.CIRCULATING, D.SIGNING}, None, SIGNERS),
        "archive": Transition({D.CIRCULATING}, D.ARCHIVED, SIGNERS | ISSUERS),
        "link_meeting": Transition({D.DRAFT}, None, RULE_EDITORS),
        "submit": Transition({D.DRAFT}, D.SIGNING, RULE_EDITORS),
        "publish": Transition({D.SIGNING}, D.ISSUED, RULE_EDITORS),
        "review": Transition({D.ISSUED}, None, RULE_EDITORS),
        "revise": Transition(LIVE, None, ISSUERS),
        "supersede": Transition(LIVE, D.SUPERSEDED, ISSUERS),
    }
)
# Actions on company documents and notices, and on internal rules.
COMPANY_ACTIONS = frozenset({"edit", "issue", "sign", "revise"})
RULE_ACTIONS = frozenset({"edit", "link_meeting", "submit", "sign", "publish", "review", "revise"})

V = TemplateVersion.State
TEMPLATE_FLOW = StateMachine(
    {
        "approve": Transition({V.DRAFT}, V.APPROVED, TEMPLATE_APPROVERS),
        "retire": Transition({V.APPROVED}, V.RETIRED, TEMPLATE_APPROVERS),
    }
)
